"""The public contest form of people who think they are named in an alert (issue 20)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from veilleuse.alerts.models import IdentifierKind


class ContestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What do you think is named?"),
        choices=IdentifierKind.choices,
        initial=IdentifierKind.PHONE,
        widget=forms.RadioSelect,
    )
    raw = forms.CharField(
        label=_("Phone number or plate"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    reach = forms.CharField(
        label=_("How can we answer you?"),
        help_text=_("An e-mail address, a phone number or a postal address."),
        max_length=200,
    )
    message = forms.CharField(
        label=_("Your request (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
