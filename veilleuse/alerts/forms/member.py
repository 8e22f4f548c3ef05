"""Forms of the members' pages: joining, signing in, reporting (also on someone's behalf).

Forms parse and check the shape of the input; the rules live in the services
(``services/members.py``, ``services/reports.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from veilleuse.alerts.identifiers import IdentifierError, normalise_phone, normalise_plate
from veilleuse.alerts.models import IdentifierKind, ReportKind, TimeOfDay, Zone
from veilleuse.alerts.services.members import PASSPHRASE_MIN_LENGTH
from veilleuse.alerts.services.reports import CONSENT_LADDER
from veilleuse.alerts.services.voice import VOICE_MAX_BYTES, voice_too_large_message
from veilleuse.core.forms import form_field

PHONE_FIELDS = ("phone_1", "phone_2", "phone_3")
# What she types about an attack is never offered back by the browser's autofill, nor
# restored into the form when Back returns to it (issue 14, item 1).
PRIVATE = {"autocomplete": "off"}
PLATE_FIELDS = ("plate_1", "plate_2")

CONSENT_CHOICES = (
    # In the first person: the member (or the person a report is filed for) says what they
    # agree to; never an order to the association (issue 14).
    ("alert", _("I agree only that the others are warned (an alert, after moderation)")),
    ("statistics", _("I also agree that it is counted in anonymous statistics")),
    ("legal", _("Also: I want legal support")),
    ("police", _("Also: I agree that it is passed to the police")),
)


def language_choices() -> list[tuple[str, str]]:
    """The languages of the network, each written in itself ("Español", "Română")."""
    return [
        (code, get_language_info(code)["name_local"].capitalize())
        for code, _name in settings.LANGUAGES
    ]


class MemberForm(forms.Form):
    """No colon after the labels: they are questions or phrases, in six languages."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class JoinCodeForm(MemberForm):
    code = forms.CharField(
        label=_("Invitation code"),
        max_length=40,
        help_text=_(
            "The code the association gave you, for example ABCD-EFGH-JKMN-PQRS-TUVW-XYZ2-3456."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class JoinForm(MemberForm):
    pseudonym = forms.CharField(
        label=_("Pseudonym"),
        max_length=40,
        help_text=_("Not your real name, and not your working name either."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    passphrase = forms.CharField(
        label=_("Passphrase"),
        min_length=PASSPHRASE_MIN_LENGTH,
        help_text=_("At least 12 characters: for example four words you will remember."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    passphrase_again = forms.CharField(
        label=_("Passphrase again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    language = forms.ChoiceField(label=_("Language of the pages and the alerts"))
    languages = forms.MultipleChoiceField(
        label=_("Other languages you read"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    zones = forms.ModelMultipleChoiceField(
        label=_("Where you work (you get the alerts of these zones)"),
        queryset=Zone.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, association: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "language", forms.ChoiceField).choices = language_choices()
        self.fields["language"].initial = translation.get_language()
        form_field(self, "languages", forms.ChoiceField).choices = language_choices()
        form_field(self, "zones", forms.ModelChoiceField).queryset = Zone.objects.filter(
            association=association, active=True
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        first, again = data.get("passphrase"), data.get("passphrase_again")
        if first and again is not None and first != again:
            self.add_error("passphrase_again", _("The two passphrases are different."))
        return data


class MemberLoginForm(MemberForm):
    pseudonym = forms.CharField(
        label=_("Pseudonym"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    passphrase = forms.CharField(
        label=_("Passphrase"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


def identifier_field(label: StrOrPromise) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={**PRIVATE, "spellcheck": "false"}),
    )


class ReportForm(MemberForm):
    """What a member reports. Every field but the date, the zone and what happened is
    optional; identifiers are checked here so that an unreadable one is shown on its field."""

    occurred_on = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    time_of_day = forms.ChoiceField(
        label=_("Time of day (optional)"),
        required=False,
        choices=[("", _("I don't know, or I prefer not to say")), *TimeOfDay.choices],
    )
    zone = forms.ModelChoiceField(
        label=_("Zone"), queryset=Zone.objects.none(), empty_label=_("Choose a zone")
    )
    place = forms.CharField(
        label=_("Place (optional)"),
        required=False,
        max_length=200,
        help_text=_("A street or a landmark is enough. Never give an exact address."),
        widget=forms.TextInput(attrs=PRIVATE),
    )
    kinds = forms.MultipleChoiceField(
        label=_("What happened? Tick everything that applies."),
        choices=ReportKind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one thing that happened.")},
    )
    description = forms.CharField(
        label=_("What happened, in your words (optional)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5, **PRIVATE}),
    )
    aggressor = forms.CharField(
        label=_("What did the aggressor look like? (optional)"),
        required=False,
        max_length=2000,
        help_text=_(
            "Age, clothes, car, way of speaking: whatever helps the others recognise them."
        ),
        widget=forms.Textarea(attrs={"rows": 3, **PRIVATE}),
    )
    phone_1 = identifier_field(_("Phone number 1 (optional)"))
    phone_2 = identifier_field(_("Phone number 2 (optional)"))
    phone_3 = identifier_field(_("Phone number 3 (optional)"))
    plate_1 = identifier_field(_("Vehicle plate 1 (optional)"))
    plate_2 = identifier_field(_("Vehicle plate 2 (optional)"))
    voice = forms.FileField(
        label=_("A voice note (optional)"),
        required=False,
        help_text=_(
            "You can tell what happened out loud instead of writing, or as well. Only the "
            "moderators hear it; it is deleted when the report is closed or withdrawn."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "audio/webm,audio/mp4,audio/*"}),
    )
    urgent = forms.BooleanField(
        label=_("Urgent: I need someone now"),
        required=False,
        help_text=_(
            "The association's person on duty is told at once, at night and at weekends too."
        ),
    )
    consent = forms.ChoiceField(
        label=_("What may we do with this report?"),
        choices=CONSENT_CHOICES,
        initial="alert",
        widget=forms.RadioSelect,
        help_text=_("Each step includes the ones above it. Nothing is sent before moderation."),
    )

    # Set by the view when the upload handler dropped a request too large for a voice note.
    voice_dropped = False

    def __init__(self, *args: Any, association: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("occurred_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        form_field(self, "zone", forms.ModelChoiceField).queryset = Zone.objects.filter(
            association=association, active=True
        )

    def clean_occurred_on(self) -> Any:
        occurred_on = self.cleaned_data["occurred_on"]
        if occurred_on > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return occurred_on

    def _clean_identifier(
        self, name: str, normaliser: Callable[[str], object], message: StrOrPromise
    ) -> str:
        raw: str = self.cleaned_data.get(name, "").strip()
        if raw:
            try:
                normaliser(raw)
            except IdentifierError:
                raise forms.ValidationError(message) from None
        return raw

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        phone_error = _("This phone number cannot be read. Check it, or leave the field empty.")
        plate_error = _("This plate cannot be read. Check it, or leave the field empty.")
        for name in PHONE_FIELDS:
            try:
                data[name] = self._clean_identifier(name, normalise_phone, phone_error)
            except forms.ValidationError as error:
                self.add_error(name, error)
        for name in PLATE_FIELDS:
            try:
                data[name] = self._clean_identifier(name, normalise_plate, plate_error)
            except forms.ValidationError as error:
                self.add_error(name, error)
        return data

    def clean_voice(self) -> bytes:
        """The recording's bytes (checked by the service), or b"" when there is none; the
        upload handler drops one too large to read (``voice_dropped``)."""
        if self.voice_dropped:
            raise forms.ValidationError(voice_too_large_message())
        upload = self.cleaned_data.get("voice")
        if not upload:
            return b""
        data: bytes = upload.read(VOICE_MAX_BYTES + 1)
        if len(data) > VOICE_MAX_BYTES:
            raise forms.ValidationError(voice_too_large_message())
        return data

    def identifiers(self) -> list[tuple[str, str]]:
        data = self.cleaned_data
        return [(IdentifierKind.PHONE, data[name]) for name in PHONE_FIELDS if data[name]] + [
            (IdentifierKind.PLATE, data[name]) for name in PLATE_FIELDS if data[name]
        ]

    def report_fields(self) -> dict[str, Any]:
        """The fields of ``ReportDetails`` this form provides."""
        data = self.cleaned_data
        return {
            "occurred_on": data["occurred_on"],
            "time_of_day": data["time_of_day"],
            "zone": data["zone"],
            "place": data["place"],
            "kinds": data["kinds"],
            "description": data["description"],
            "aggressor": data["aggressor"],
            "identifiers": self.identifiers(),
            "voice": data.get("voice") or b"",
            "urgent": data.get("urgent", False),
            **CONSENT_LADDER[data["consent"]],
        }


class OnBehalfReportForm(ReportForm):
    """Staff or a partner fill in the report with the person; they say which language the
    person speaks."""

    language = forms.ChoiceField(label=_("Language of the person"))
    voice = None  # type: ignore[assignment]  # a member's own voice only (threat model)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "language", forms.ChoiceField).choices = language_choices()
        self.fields["description"].label = _("What happened, in their words (optional)")
        self.fields["consent"].label = _("What does the person allow us to do with this report?")

    def report_fields(self) -> dict[str, Any]:
        return {**super().report_fields(), "language": self.cleaned_data["language"]}


class DuressForm(MemberForm):
    """Choosing, changing or removing the duress passphrase (``services/duress.py``)."""

    passphrase = forms.CharField(
        label=_("Your passphrase, to confirm"),
        strip=False,
        widget=forms.PasswordInput(attrs=PRIVATE),
    )
    duress = forms.CharField(
        label=_("Duress passphrase"),
        required=False,
        strip=False,
        help_text=_("At least 12 characters, different from your passphrase."),
        widget=forms.PasswordInput(attrs=PRIVATE),
    )
    duress_again = forms.CharField(
        label=_("Duress passphrase again"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs=PRIVATE),
    )
    notify = forms.BooleanField(
        label=_("When it is used, tell the association, silently"),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("duress") != data.get("duress_again"):
            self.add_error("duress_again", _("The two passphrases are different."))
        return data
