"""Forms of the accounts pages: they parse input; the rules live in services.py."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from veilleuse.accounts.models import Role, User


class TokenField(forms.CharField):
    def to_python(self, value: Any) -> str:
        # Phones show "123 456"; people type what they see.
        return "".join(str(super().to_python(value)).split())


class TokenForm(forms.Form):
    """A six-digit code from an authenticator app."""

    token = TokenField(
        label=_("Six-digit code"),
        help_text=_("The code shown by your authenticator app right now."),
        validators=[RegexValidator(r"^\d{6}$", _("Type the six digits, without spaces."))],
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
    )


class PasswordCheckForm(forms.Form):
    """Asks for the current password before a sensitive change to one's own account."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."), code="wrong_password")
        return password


class MemberAddForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("Letters, digits and @ . + - _ only. A pseudonym is fine."),
        validators=User._meta.get_field("username").validators,
    )
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("The link to choose a password is sent there."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.VIEWER)


class RoleChangeForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class TwoFactorPolicyForm(forms.Form):
    required = forms.BooleanField(
        label=_("Require two-factor authentication for this team"), required=False
    )


class ResetForm(PasswordResetForm):
    """Django's reset form, also for accounts that never had a password.

    Staff added from the team page start without a password; if their welcome e-mail got
    lost or expired, "forgot your password" is how they get a new link. Django skips such
    accounts because some sites sign them in another way; here every account uses one.
    """

    def get_users(self, email: str) -> Iterator[Any]:
        candidates = User.objects.filter(email__iexact=email, is_active=True)
        # As Django does: the database's case-insensitive match may join addresses that
        # differ in Unicode, so compare again the way Python folds case.
        return (user for user in candidates if _same_address(user.email, email))


def _same_address(first: str, second: str) -> bool:
    def fold(value: str) -> str:
        return unicodedata.normalize("NFKC", value).casefold()

    return fold(first) == fold(second)
