"""Staff sign in with their username and password; members never do (they use
``veilleuse.alerts.auth.MemberBackend`` and their pseudonym)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from veilleuse.accounts.access import MEMBER_RELATION, is_member_account
from veilleuse.accounts.models import User


class StaffBackend(ModelBackend):
    """Django's username-and-password backend, refusing members' accounts: a member's
    internal user name and passphrase open neither the staff pages nor the admin. (Pages
    refuse a member's session on their own: ``staff_view``, ``staff_account_view``.)"""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None or is_member_account(user):
            return None
        return user

    def get_user(self, user_id: Any) -> User | None:
        # The member relation comes with the user, so that the pages' member check
        # (``is_member_account``) costs no query of its own.
        user = User._default_manager.select_related(MEMBER_RELATION).filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
