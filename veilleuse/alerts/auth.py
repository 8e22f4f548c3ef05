"""Members sign in with their pseudonym and passphrase (no e-mail, no username)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import update_last_login
from django.contrib.auth.signals import user_logged_in

from veilleuse.accounts.models import Association, User
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
        from veilleuse.alerts.services.duress import duress_passphrase_matches
        from veilleuse.alerts.services.members import pseudonym_hash

        if pseudonym is None or passphrase is None:
            return None
        # A pseudonym is unique in its network only, and hashed with the network's id: look
        # for it in every network at once (an HMAC each, microseconds), then try the
        # passphrase on each member found (rarely more than one), in a fixed order.
        networks = Association.objects.values_list("pk", flat=True)
        hashes = [pseudonym_hash(association_id=pk, pseudonym=pseudonym) for pk in networks]
        candidates = list(
            Member.objects.select_related("user")
            .filter(pseudonym_hash__in=hashes, is_decoy=False)
            .order_by("pk")
        )
        if not candidates:
            # Same work as a real check (the passphrase and the duress passphrase), so that
            # timing does not tell which pseudonyms exist.
            get_user_model()().set_password(passphrase)
            get_user_model()().set_password(passphrase)
            return None
        for member in candidates:
            # Both passphrases are always tried, so that timing does not tell who has a
            # decoy (services/duress.py).
            user = member.user
            owner = user.check_password(passphrase)
            decoy = duress_passphrase_matches(member=member, passphrase=passphrase)
            if owner and self.user_can_authenticate(user):
                return user
            if decoy is not None and self.user_can_authenticate(decoy.user):
                return decoy.user
        return None


def last_login_update_for_staff(sender: Any, user: Any, **kwargs: Any) -> None:
    """Django's ``update_last_login``, except for members: when a member last signed in is
    not kept (issue 12, finding 9), staff keep theirs."""
    if not Member.objects.filter(user_id=user.pk).exists():
        update_last_login(sender, user, **kwargs)


def last_login_for_staff_only() -> None:
    """Put ``last_login_update_for_staff`` in the place of Django's receiver."""
    user_logged_in.disconnect(dispatch_uid="update_last_login")
    user_logged_in.connect(last_login_update_for_staff, dispatch_uid="update_last_login")
