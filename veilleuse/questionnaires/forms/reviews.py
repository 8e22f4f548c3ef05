"""Forms of the import, review and right-of-reply pages: they parse, services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from veilleuse.core.forms import form_field
from veilleuse.questionnaires.models import Grade

NOT_AN_ANSWER = ""


class ImportUploadForm(forms.Form):
    document = forms.FileField(
        label=_("Document sent back by the campaign"),
        help_text=_("Word (.docx), OpenDocument (.odt), PDF, text, Markdown, HTML or e-mail."),
    )


class ParagraphForm(forms.Form):
    index = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class ParagraphMoveForm(ParagraphForm):
    question = forms.TypedChoiceField(
        label=_("Answers question"),
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args: Any, numbers: list[int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "question", forms.TypedChoiceField).choices = [
            (NOT_AN_ANSWER, _("Not an answer"))
        ] + [(n, _("Question %(n)s") % {"n": n}) for n in numbers or []]


class ParagraphSplitForm(ParagraphForm):
    at = forms.IntegerField(label=_("Split before"), min_value=1)


class DecisionForm(forms.Form):
    grade = forms.ChoiceField(label=_("Grade"), choices=Grade.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you grade differently from the suggestion."),
    )
    seen = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ConfirmForm(forms.Form):
    decision = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea({"rows": 2}))
    seen = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ReplyForm(forms.Form):
    answer = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Your reply"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
