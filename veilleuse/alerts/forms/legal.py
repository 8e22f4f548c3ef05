"""Forms of the legal service's pages (veilleuse/alerts/views/legal.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from veilleuse.alerts.models import CaseStatus, NetworkRoleKind
from veilleuse.core.forms import form_field


class CaseFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("all")), *list(CaseStatus.choices)], required=False
    )
    mine = forms.BooleanField(label=_("Only the cases assigned to me"), required=False)


class AssignForm(forms.Form):
    assigned_to = forms.ModelChoiceField(
        label=_("Legal worker"), queryset=get_user_model().objects.none(), required=False
    )

    def __init__(self, *args: Any, association: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "assigned_to", forms.ModelChoiceField).queryset = (
            get_user_model()
            .objects.filter(
                network_roles__association=association,
                network_roles__role=NetworkRoleKind.LEGAL,
                network_roles__approved_at__isnull=False,
            )
            .order_by("username")
        )


class ReferForm(forms.Form):
    lawyer = forms.CharField(label=_("Partner lawyer"), max_length=200)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=CaseStatus.choices)


class SummaryForm(forms.Form):
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea, required=False)


class NoteForm(forms.Form):
    body = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))


class AppointmentForm(forms.Form):
    at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    with_whom = forms.CharField(label=_("With whom"), max_length=200, required=False)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ComplaintForm(forms.Form):
    complaint_text = forms.CharField(
        label=_("Complaint letter (in French)"), widget=forms.Textarea(attrs={"rows": 30})
    )
