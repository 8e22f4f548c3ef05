"""Forms of the tracking pages: they parse; the services decide (and refuse with a clear
message, shown beside the field)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from veilleuse.commitments.acts import IMPORTERS
from veilleuse.commitments.models import (
    CommitmentStatus,
    EvidenceKind,
    Official,
    Reason,
    TrackedCommitment,
)
from veilleuse.commitments.services.statuses import EvidenceItem, Fact
from veilleuse.core.forms import form_field
from veilleuse.questionnaires.models import Candidate, Question

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ResultForm(forms.Form):
    mandate_start = forms.DateField(label=_("Start of the mandate"), widget=DATE)
    mandate_end = forms.DateField(label=_("End of the mandate"), widget=DATE)
    winners: forms.ModelMultipleChoiceField[Candidate] = forms.ModelMultipleChoiceField(
        label=_("Winning lists"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    majority: forms.ModelChoiceField[Candidate] = forms.ModelChoiceField(
        label=_("List leading the majority"), queryset=None, required=False
    )
    four_eyes = forms.BooleanField(
        label=_("Status changes checked by a second person"), required=False
    )
    digest_silence_months = forms.IntegerField(
        label=_("Flag a commitment after this many months without news"),
        min_value=1,
        max_value=72,
        initial=6,
    )
    hypothetical = forms.BooleanField(label=_("Fictitious results (demo)"), required=False)

    def __init__(self, *args: Any, candidates: QuerySet[Candidate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("winners", "majority"):
            form_field(self, name, forms.ModelChoiceField).queryset = candidates


class OfficialForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    role = forms.CharField(
        label=_("Role"), max_length=200, help_text=_("Mayor, deputy mayor, councillor…")
    )
    portfolio = forms.CharField(label=_("Portfolio"), max_length=300, required=False)
    candidate: forms.ModelChoiceField[Candidate] = forms.ModelChoiceField(
        label=_("List"), queryset=None, required=False
    )

    def __init__(self, *args: Any, candidates: QuerySet[Candidate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "candidate", forms.ModelChoiceField).queryset = candidates


class TriageForm(forms.Form):
    """One proposal's row: accept (with an official and a date), drop, or merge."""

    official: forms.ModelChoiceField[Official] = forms.ModelChoiceField(
        label=_("Official"), queryset=None, required=False
    )
    expected_by = forms.DateField(label=_("Expected by"), required=False, widget=DATE)
    into: forms.ModelChoiceField[TrackedCommitment] = forms.ModelChoiceField(
        label=_("Merge into"), queryset=None, required=False
    )

    def __init__(
        self,
        *args: Any,
        officials: QuerySet[Official],
        tracked: QuerySet[TrackedCommitment],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "official", forms.ModelChoiceField).queryset = officials
        form_field(self, "into", forms.ModelChoiceField).queryset = tracked


class CommitmentAddForm(forms.Form):
    title = forms.CharField(label=_("Commitment"), max_length=300)
    candidate: forms.ModelChoiceField[Candidate] = forms.ModelChoiceField(
        label=_("List"), queryset=None
    )
    official: forms.ModelChoiceField[Official] = forms.ModelChoiceField(
        label=_("Official"), queryset=None, required=False
    )
    question: forms.ModelChoiceField[Question] = forms.ModelChoiceField(
        label=_("Question"), queryset=None, required=False
    )
    quote = forms.CharField(
        label=_("Quote"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    source_note = forms.CharField(
        label=_("Where it comes from"),
        max_length=300,
        required=False,
        help_text=_("The programme, a council debate, an interview…"),
    )
    expected_by = forms.DateField(label=_("Expected by"), required=False, widget=DATE)
    expected_label = forms.CharField(label=_("Expected (as said)"), max_length=100, required=False)

    def __init__(self, *args: Any, querysets: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in querysets.items():
            form_field(self, name, forms.ModelChoiceField).queryset = queryset


class StatusChangeForm(forms.Form):
    """A new status, the date of the fact, a reason for a failure, and the evidence: a link,
    a document and/or a dated note (at least one, which the service checks)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("New status"), choices=CommitmentStatus.choices)
    happened_on = forms.DateField(label=_("Date of the fact"), widget=DATE)
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[("", "—"), *Reason.choices],
        required=False,
        help_text=_("Required for stalled, broken or compromise."),
    )
    reason_note = forms.CharField(
        label=_("About the reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    note = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    url = forms.CharField(label=_("Link (http:// or https://)"), max_length=1000, required=False)
    url_title = forms.CharField(label=_("Title of the link"), max_length=300, required=False)
    document = forms.FileField(label=_("Document"), required=False)
    evidence_note = forms.CharField(
        label=_("Note (meeting, call…)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    evidence_dated = forms.DateField(label=_("Date of the note"), required=False, widget=DATE)

    def fact(self) -> Fact:
        data = self.cleaned_data
        return Fact(
            status=data["status"],
            happened_on=data["happened_on"],
            evidence=self.evidence(),
            reason=data["reason"],
            reason_note=data["reason_note"],
            note=data["note"],
        )

    def evidence(self) -> list[EvidenceItem]:
        data = self.cleaned_data
        items = []
        if data["url"].strip():
            items.append(EvidenceItem(EvidenceKind.LINK, data["url_title"], url=data["url"]))
        if data["document"] is not None:
            items.append(EvidenceItem(EvidenceKind.DOCUMENT, document=data["document"]))
        if data["evidence_note"].strip():
            items.append(
                EvidenceItem(
                    EvidenceKind.NOTE, note=data["evidence_note"], dated=data["evidence_dated"]
                )
            )
        return items


class CorrectionForm(StatusChangeForm):
    correction_reason = forms.CharField(
        label=_("Why this correction"),
        required=False,  # the service refuses an empty reason, with its own message
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SourceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    importer_name = forms.ChoiceField(label=_("Format"), choices=())
    address = forms.CharField(label=_("Address (http:// or https://)"), max_length=1000)
    every_hours = forms.IntegerField(
        label=_("Read every (hours)"), initial=24, min_value=1, max_value=744
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(name, item.label) for name, item in IMPORTERS.items()]
        form_field(self, "importer_name", forms.ChoiceField).choices = choices
