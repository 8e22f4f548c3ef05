"""The duty rota's form (staff, French and English)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from veilleuse.accounts.models import User

WEEKDAYS = (
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
)


class DutySlotForm(forms.Form):
    weekday = forms.TypedChoiceField(label=_("Day"), choices=WEEKDAYS, coerce=int)
    starts = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends = forms.TimeField(label=_("To"), widget=forms.TimeInput(attrs={"type": "time"}))
    person = forms.ModelChoiceField(
        label=_("On duty"), queryset=User.objects.none(), required=False
    )
    backup = forms.ModelChoiceField(label=_("Backup"), queryset=User.objects.none(), required=False)

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = staff  # type: ignore[attr-defined]  # a ModelChoiceField, typed as Field
        self.fields["backup"].queryset = staff  # type: ignore[attr-defined]  # a ModelChoiceField, typed as Field
