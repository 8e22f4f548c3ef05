"""Forms of the campaign pages and of the candidates' answer page. They parse input; the
rules live in the services, whose keyword arguments are the forms' field names."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from veilleuse.accounts.models import Association
from veilleuse.core.forms import form_field
from veilleuse.questionnaires.models import Campaign, Candidate, ContactKind, Question, Theme
from veilleuse.questionnaires.selectors.campaigns import Section
from veilleuse.questionnaires.services.campaigns import CampaignDetails
from veilleuse.questionnaires.services.questionnaire import QuestionDetails, questionnaire_parse

ANSWER_MAX_CHARS = 20_000
TOO_LONG = _(
    "This answer has %(show_value)s characters; at most %(limit_value)s fit. Shorten it, or "
    "send a document below: nothing was saved."
)
NOTE_HELP = _("Required once the questionnaire was sent: it is kept with the new version.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M")


CAMPAIGN_DETAILS = tuple(field.name for field in fields(CampaignDetails))


class CampaignForm(forms.Form):
    association = forms.ModelChoiceField(
        label=_("Association"), queryset=Association.objects.none(), empty_label=None
    )
    election_name = forms.CharField(label=_("Election"), max_length=200)
    territory = forms.CharField(label=_("Territory"), max_length=200, required=False)
    first_round = forms.DateField(label=_("First round"), required=False, widget=DateInput())
    second_round = forms.DateField(label=_("Second round"), required=False, widget=DateInput())
    slug = forms.SlugField(
        label=_("Identifier"),
        max_length=80,
        help_text=_("Letters, digits and hyphens; it appears in addresses, e.g. paris-2026."),
    )
    title = forms.CharField(label=_("Questionnaire title"), max_length=300)
    introduction = forms.CharField(
        label=_("Introduction for candidates"), required=False, widget=forms.Textarea
    )
    deadline = forms.DateTimeField(
        label=_("Deadline for answers"), required=False, widget=DateTimeInput()
    )
    four_eyes = forms.BooleanField(
        label=_("Four-eyes review: a second reviewer must agree before publication"),
        required=False,
    )
    right_of_reply = forms.BooleanField(
        label=_("Right of reply: candidates see their grades before publication"),
        required=False,
    )

    def __init__(self, *args: Any, associations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if associations is None:
            del self.fields["association"]
        else:
            form_field(self, "association", forms.ModelChoiceField).queryset = associations

    def details(self) -> CampaignDetails:
        """The cleaned fields, as the campaign services take them."""
        data = self.cleaned_data
        return CampaignDetails(**{name: data[name] for name in CAMPAIGN_DETAILS})

    @classmethod
    def initial_for(cls, campaign: Campaign) -> dict[str, Any]:
        election = campaign.election
        return {
            "election_name": election.name,
            "territory": election.territory,
            "first_round": election.first_round,
            "second_round": election.second_round,
            **{
                name: getattr(campaign, name)
                for name in (
                    "slug",
                    "title",
                    "introduction",
                    "deadline",
                    "four_eyes",
                    "right_of_reply",
                )
            },
        }


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("What changed, and why"), required=False, widget=forms.Textarea, help_text=NOTE_HELP
    )


class ThemeForm(NoteForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    position = forms.IntegerField(label=_("Position"), min_value=0, initial=0)
    field_order = ("title", "position", "note")


QUESTION_DETAILS = tuple(field.name for field in fields(QuestionDetails))


class QuestionForm(NoteForm):
    number = forms.IntegerField(label=_("Number"), min_value=1)
    text = forms.CharField(label=_("Question"), widget=forms.Textarea)
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.none(), required=False)
    demand = forms.CharField(label=_("Demand"), required=False, widget=forms.Textarea)
    yes_means = forms.CharField(
        label=_("What counts as a yes"), required=False, widget=forms.Textarea
    )
    position_statement = forms.CharField(
        label=_("The association's position"), required=False, widget=forms.Textarea
    )
    field_order = ("number", "theme", "text", "demand", "yes_means", "position_statement")

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        themes = campaign.themes.order_by("position", "id")
        form_field(self, "theme", forms.ModelChoiceField).queryset = themes

    def details(self) -> QuestionDetails:
        """The cleaned fields, as the question services take them (the note apart)."""
        return QuestionDetails(**{name: self.cleaned_data[name] for name in QUESTION_DETAILS})

    @staticmethod
    def initial_for(question: Question) -> dict[str, Any]:
        return {name: getattr(question, name) for name in QUESTION_DETAILS}


def _read_upload(upload: UploadedFile[bytes]) -> bytes:
    limit = settings.VEILLEUSE_UPLOAD_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise forms.ValidationError(
            _("This file is too large: the limit is %(megabytes)s MB."),
            params={"megabytes": limit // (1024 * 1024)},
        )
    return bytes(upload.read())


class QuestionnaireImportForm(forms.Form):
    file = forms.FileField(
        label=_("Questionnaire file"),
        help_text=_(
            "A YAML or JSON questionnaire file, or a document holding the questionnaire "
            "(Word, OpenDocument, PDF, text, web page, e-mail)."
        ),
    )

    def clean_file(self) -> UploadedFile[bytes]:
        upload: UploadedFile[bytes] = self.cleaned_data["file"]
        self.cleaned_data["questionnaire"] = questionnaire_parse(
            data=_read_upload(upload), name=upload.name or "questionnaire"
        )
        return upload


class CandidateForm(forms.ModelForm[Candidate]):
    class Meta:
        model = Candidate
        fields = ("name", "party", "head_of_list", "territory", "email", "phone", "contact_notes")


class ContactForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (kind.value, kind.label)
            for kind in (
                ContactKind.PHONE,
                ContactKind.LETTER,
                ContactKind.REPLY,
                ContactKind.OTHER,
            )
        ],
    )
    at = forms.DateTimeField(
        label=_("When"), required=False, widget=DateTimeInput(), help_text=_("Empty: now.")
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea)


class AnswersForm(forms.Form):
    """One text area per question, named ``q<question id>``."""

    def __init__(self, *args: Any, sections: list[Section], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sections = sections
        for section in sections:
            for question in section.questions:
                field = forms.CharField(
                    label=f"{question.number}. {question.text}",
                    required=False,
                    max_length=ANSWER_MAX_CHARS,
                    widget=forms.Textarea(attrs={"rows": 6}),
                    error_messages={"max_length": TOO_LONG},
                )
                # No maxlength in the page: a browser cuts a pasted text there without a
                # word. The counter (counter.js) warns, and the server refuses, keeping it all.
                field.widget.attrs.pop("maxlength", None)
                self.fields[f"q{question.pk}"] = field

    def grouped(self) -> list[tuple[Theme | None, list[forms.BoundField]]]:
        return [
            (section.theme, [self[f"q{question.pk}"] for question in section.questions])
            for section in self.sections
        ]

    def answers(self) -> dict[int, str]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}


class DocumentForm(forms.Form):
    document = forms.FileField(
        label=_("Your answers as a document"),
        help_text=_("Word, OpenDocument, PDF, text, web page or e-mail file."),
    )

    def clean_document(self) -> UploadedFile[bytes]:
        upload: UploadedFile[bytes] = self.cleaned_data["document"]
        self.cleaned_data["data"] = _read_upload(upload)
        return upload
