"""Finding 17 of issue 12: an invitation link's MAC is checked first, so that without a
valid MAC a revoked invitation and an unknown one look exactly the same."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from veilleuse.questionnaires.selectors.invitations import invitation_token
from veilleuse.questionnaires.services.invitations import invitation_create, invitation_revoke

pytestmark = pytest.mark.django_db


def _answer(path: str) -> tuple[int, bytes]:
    response = Client().get(path)
    # The CSP nonce and the CSRF token change with every response: the rest must not.
    return response.status_code, re.sub(rb'(nonce|value)="[^"]*"', b"", response.content)


def test_a_revoked_invitation_without_its_mac_looks_like_an_unknown_one(cast: Any) -> None:
    invitation = invitation_create(actor=cast.admin, candidate=cast.list_a)
    invitation_revoke(actor=cast.admin, candidate=cast.list_a)
    revoked = _answer(f"/r/{invitation.pk}.garbage/")
    unknown = _answer("/r/999999.garbage/")
    assert revoked[0] == unknown[0] == 404
    assert revoked[1] == unknown[1]


def test_the_real_link_of_a_revoked_invitation_still_says_it_was_withdrawn(cast: Any) -> None:
    invitation = invitation_create(actor=cast.admin, candidate=cast.list_a)
    token = invitation_token(invitation)
    invitation_revoke(actor=cast.admin, candidate=cast.list_a)
    assert Client().get(f"/r/{token}/").status_code == 410
