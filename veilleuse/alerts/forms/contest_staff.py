"""Staff forms of the law's side of the network (issue 20): the answer to a contest, the
controller's details and the second look at a published alert."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from veilleuse.alerts.models import ContestOutcome, LegalBasis, ReviewAction


class ContestCloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[c for c in ContestOutcome.choices if c[0]]
    )
    reason = forms.CharField(
        label=_("Reason (required to refuse)"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DataProtectionForm(forms.Form):
    legal_name = forms.CharField(label=_("Legal name of the association"), max_length=200)
    address = forms.CharField(label=_("Postal address"), widget=forms.Textarea(attrs={"rows": 3}))
    dpo_contact = forms.EmailField(label=_("Data-protection contact (e-mail)"))
    legal_basis = forms.ChoiceField(label=_("Legal basis"), choices=LegalBasis.choices)


class ReviewRequestForm(forms.Form):
    action = forms.ChoiceField(label=_("What to do"), choices=ReviewAction.choices)
    reason = forms.CharField(
        label=_("Reason the members will read"),
        max_length=300,
        help_text=_("For instance: withdrawn after review of a contest."),
    )
    contest = forms.IntegerField(label=_("Request number (optional)"), required=False)
