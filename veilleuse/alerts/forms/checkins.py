"""Forms of the safe-date check-in (members) and of the duty rota (staff)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veilleuse.alerts.models import IdentifierKind

EXTENSIONS = ((15, "15 min"), (30, "30 min"), (60, "1 h"))


class CheckinForm(forms.Form):
    """Before a date: what she chooses to record, and when she expects to be safe."""

    due_time = forms.TimeField(
        label=_("Check in by"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("If you have not checked in by then, your plan starts."),
    )
    place = forms.CharField(
        label=_("Place (optional)"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    identifier_kind = forms.ChoiceField(
        label=_("Client's number or plate (optional)"),
        choices=IdentifierKind.choices,
        initial=IdentifierKind.PHONE,
        widget=forms.RadioSelect,
        required=False,
    )
    identifier = forms.CharField(
        label=_("Number or plate"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    # Filled only when she taps "Add my position" (geolocation in the browser).
    position = forms.CharField(required=False, max_length=60, widget=forms.HiddenInput)

    def due_at(self) -> datetime:
        """The next time of day ``due_time`` comes, today or after midnight."""
        now = timezone.localtime()
        due = now.replace(
            hour=self.cleaned_data["due_time"].hour,
            minute=self.cleaned_data["due_time"].minute,
            second=0,
            microsecond=0,
        )
        return due if due > now else due + timedelta(days=1)

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "due_at": self.due_at(),
            "place": data["place"],
            "identifier_kind": data["identifier_kind"] or IdentifierKind.PHONE,
            "identifier": data["identifier"],
            "position": data["position"],
        }


class CheckinCloseForm(forms.Form):
    code = forms.CharField(
        label=_("Your code"),
        required=False,
        max_length=40,
        widget=forms.PasswordInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )


class CheckinExtendForm(forms.Form):
    minutes = forms.TypedChoiceField(
        label=_("More time"), choices=EXTENSIONS, coerce=int, initial=30
    )


class SafetyPlanForm(forms.Form):
    remind_first = forms.BooleanField(label=_("Remind me first"), required=False)
    grace_minutes = forms.IntegerField(
        label=_("Minutes between the reminder and the alarm"), min_value=1, max_value=120
    )
    notify_duty = forms.BooleanField(
        label=_("Tell the association's person on duty"), required=False
    )
    contact_kind = forms.ChoiceField(
        label=_("Trusted contact"),
        required=False,
        choices=(
            ("phone", _("a phone number (SMS)")),
            ("email", _("an e-mail address")),
            ("member", _("another member (her pseudonym)")),
        ),
    )
    contact_value = forms.CharField(
        label=_("Number, address or pseudonym"), required=False, max_length=254
    )
    contact_kind_2 = forms.ChoiceField(
        label=_("Second trusted contact"), required=False, choices=contact_kind.choices
    )
    contact_value_2 = forms.CharField(
        label=_("Number, address or pseudonym"), required=False, max_length=254
    )

    def contacts(self) -> list[tuple[str, str]]:
        data = self.cleaned_data
        pairs = [
            (data["contact_kind"], data["contact_value"]),
            (data["contact_kind_2"], data["contact_value_2"]),
        ]
        return [(kind or "phone", value) for kind, value in pairs if value.strip()]


class SafetyCodesForm(forms.Form):
    checkin_code = forms.CharField(
        label=_("Check-in code"),
        required=False,
        max_length=40,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    duress_code = forms.CharField(
        label=_("Duress code"),
        required=False,
        max_length=40,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Checking in with this code looks like a normal check-in, and raises the alarm at once."
        ),
    )
