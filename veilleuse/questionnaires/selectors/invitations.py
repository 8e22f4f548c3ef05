"""The invitation a candidate's link opens: the link's token, and reading it back.

A link carries ``<invitation id>.<HMAC-SHA256 of (id, nonce)>``; issuing a new link draws a
new nonce, so that every earlier link stops matching (``services/invitations.py``). Revoking
keeps the nonce: the withdrawn link still carries a valid MAC and is told it was withdrawn.
"""

from __future__ import annotations

import re
from datetime import datetime

from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.http import urlsafe_base64_encode

from veilleuse.questionnaires.models import Invitation

TOKEN_SALT = "veilleuse.questionnaires.invitation-link"  # noqa: S105 - a salt's name, not a secret
_PK = re.compile(r"[0-9]{1,18}")


class InvitationInvalid(Exception):
    """A link that opens nothing; ``reason`` is "unknown", "revoked" or "expired"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def invitation_token(invitation: Invitation) -> str:
    mac = salted_hmac(TOKEN_SALT, f"{invitation.pk}.{invitation.nonce}", algorithm="sha256")
    return f"{invitation.pk}.{urlsafe_base64_encode(mac.digest())}"


def invitation_for_token(token: str, *, now: datetime | None = None) -> Invitation:
    """The invitation a link opens, or ``InvitationInvalid`` saying why it opens nothing."""
    pk_text = token.partition(".")[0]
    invitation = None
    if _PK.fullmatch(pk_text):
        invitation = (
            Invitation.objects.select_related("candidate__campaign__association")
            .filter(pk=int(pk_text))
            .first()
        )
    # The MAC first: without it, a revoked or expired invitation must look like an unknown
    # one, or anyone could learn which invitation numbers exist and were withdrawn.
    if invitation is None or not constant_time_compare(token, invitation_token(invitation)):
        raise InvitationInvalid("unknown")
    if invitation.revoked_at is not None:
        raise InvitationInvalid("revoked")
    if invitation.expires_at is not None and (now or timezone.now()) > invitation.expires_at:
        raise InvitationInvalid("expired")
    return invitation
