"""Forms of the staff pages of the alert network: moderation and administration.

They parse and check the input; the services decide.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from veilleuse.alerts.models import NetworkRoleKind, Report, ReportKind, Severity, Zone
from veilleuse.alerts.services.members import alert_languages
from veilleuse.core.forms import form_field

REASON_HELP = _("For the team only; the person who reported does not see it.")


def language_choices() -> list[tuple[str, StrOrPromise]]:
    names = dict(settings.LANGUAGES)
    return [(code, names[code]) for code in alert_languages()]


class VerifyForm(forms.Form):
    verified = forms.BooleanField(required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, help_text=REASON_HELP)


class RedactForm(forms.Form):
    description = forms.CharField(
        label=_("What happened"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    aggressor = forms.CharField(
        label=_("Description of the aggressor"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    place = forms.CharField(label=_("Place"), required=False, max_length=300)
    redacted = forms.MultipleChoiceField(
        label=_("Keep these identifiers out of alerts"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, identifiers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "redacted", forms.ChoiceField).choices = [
            (str(i.pk), i.masked) for i in identifiers
        ]


class MergeForm(forms.Form):
    primary = forms.TypedChoiceField(label=_("Same story as report"), coerce=int)

    def __init__(self, *args: Any, reports: list[Report], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "primary", forms.ChoiceField).choices = [
            (report.pk, f"#{report.pk} · {report.occurred_on} · {report.zone or '—'}")
            for report in reports
        ]


class TriageForm(forms.Form):
    severity = forms.TypedChoiceField(label=_("Severity"), choices=Severity.choices, coerce=int)
    zone = forms.ModelChoiceField(label=_("Zone"), queryset=Zone.objects.none(), required=False)

    def __init__(self, *args: Any, association: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "zone", forms.ModelChoiceField).queryset = Zone.objects.filter(
            association=association, active=True
        )


class ComposeForm(forms.Form):
    """The alert's choices and one free-text box per language (``free_text_<code>``)."""

    kinds = forms.MultipleChoiceField(
        label=_("What happened"), choices=ReportKind.choices, widget=forms.CheckboxSelectMultiple
    )
    severity = forms.TypedChoiceField(label=_("Severity"), choices=Severity.choices, coerce=int)
    zones = forms.ModelMultipleChoiceField(
        label=_("Zones"), queryset=Zone.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    languages = forms.MultipleChoiceField(label=_("Languages"), widget=forms.CheckboxSelectMultiple)
    show_identifiers = forms.BooleanField(
        label=_("Show the masked identifiers (needs a second moderator)"), required=False
    )

    def __init__(self, *args: Any, association: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "zones", forms.ModelChoiceField).queryset = Zone.objects.filter(
            association=association, active=True
        )
        form_field(self, "languages", forms.ChoiceField).choices = language_choices()
        for code, name in language_choices():
            self.fields[f"free_text_{code}"] = forms.CharField(
                label=name,
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2, "lang": code}),
            )

    def free_text_fields(self) -> list[forms.BoundField]:
        return [self[f"free_text_{code}"] for code in alert_languages()]

    def free_texts(self) -> dict[str, str]:
        data = self.cleaned_data
        return {code: data.get(f"free_text_{code}", "") for code in alert_languages()}


# Administration


class InvitationForm(forms.Form):
    label = forms.CharField(
        label=_("Label for staff"),
        required=False,
        max_length=80,
        help_text=_("A few words to recognise the invitation, never a name."),
    )


class ZoneForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)


class ZoneUpdateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    position = forms.IntegerField(label=_("Position"), min_value=0, max_value=10_000)
    active = forms.BooleanField(label=_("Active"), required=False)


class RoleGrantForm(forms.Form):
    user = forms.TypedChoiceField(label=_("Staff member"), coerce=int)
    role = forms.ChoiceField(label=_("Role"), choices=NetworkRoleKind.choices)

    def __init__(self, *args: Any, staff: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "user", forms.ChoiceField).choices = [
            (m.user.pk, m.user.get_username()) for m in staff
        ]


class PartnershipForm(forms.Form):
    partner = forms.SlugField(
        label=_("Identifier of the partner association"),
        help_text=_("The short name in its addresses, e.g. partenaire."),
    )
