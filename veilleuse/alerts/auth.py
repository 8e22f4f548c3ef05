"""Members sign in with their pseudonym and passphrase (no e-mail, no username)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from veilleuse.accounts.models import User
from veilleuse.alerts.models import Member


class MemberBackend(ModelBackend):
    """``authenticate(request, pseudonym=..., passphrase=...)``; staff keep ModelBackend."""

    # Members sign in with a pseudonym and a passphrase, not ModelBackend's username and
    # password: a different signature on purpose, which Django passes by keyword.
    def authenticate(  # type: ignore[override]
        self,
        request: Any,
        pseudonym: str | None = None,
        passphrase: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        from veilleuse.alerts.services.members import pseudonym_key

        if pseudonym is None or passphrase is None:
            return None
        # A pseudonym is unique in its network only: try the passphrase on each network's
        # member of that name (rarely more than one), in a fixed order.
        candidates = list(
            Member.objects.select_related("user")
            .filter(pseudonym_key=pseudonym_key(pseudonym=pseudonym))
            .order_by("pk")
        )
        if not candidates:
            # Same work as a real check, so that timing does not tell which pseudonyms exist.
            get_user_model()().set_password(passphrase)
            return None
        for member in candidates:
            user = member.user
            if user.check_password(passphrase) and self.user_can_authenticate(user):
                return user
        return None
