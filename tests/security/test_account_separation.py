"""Finding 13 of issue 12: members and staff are two kinds of account, kept apart at every gate.

A member's session reaches no staff page (the staff home sends them to their feed), staff
sign-in refuses a member's credentials even with the member's internal user name, and the
members' sign-in refuses staff credentials.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from veilleuse.alerts.cast import MEMBER_PASSPHRASE
from veilleuse.demo import CAST_PASSWORD

pytestmark = pytest.mark.django_db

STAFF_ACCOUNT_PAGES = (
    "accounts:account",
    "accounts:two_factor_setup",
    "accounts:two_factor_verify",
    "accounts:password_change",
)


def _member_client() -> Client:
    client = Client()
    response = client.post(
        reverse("alerts:login"), {"pseudonym": "Rosa", "passphrase": MEMBER_PASSPHRASE}
    )
    assert response.status_code == 302
    return client


@pytest.mark.parametrize("page", STAFF_ACCOUNT_PAGES)
def test_a_member_session_does_not_reach_staff_account_pages(network: Any, page: str) -> None:
    response = _member_client().get(reverse(page))
    assert response.status_code == 302
    assert response["Location"] == reverse("alerts:feed")


def test_a_member_cannot_set_a_short_password_through_the_staff_form(network: Any) -> None:
    client = _member_client()
    client.post(
        reverse("accounts:password_change"),
        {
            "old_password": MEMBER_PASSPHRASE,
            "new_password1": "Zq8!short",
            "new_password2": "Zq8!short",
        },
    )
    network.rosa.user.refresh_from_db()
    assert network.rosa.user.check_password(MEMBER_PASSPHRASE)


def test_the_staff_home_sends_a_member_to_their_feed(network: Any) -> None:
    response = _member_client().get(reverse("questionnaires:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("alerts:feed")


def test_staff_sign_in_refuses_a_member_s_credentials(network: Any) -> None:
    client = Client()
    response = client.post(
        reverse("accounts:login"),
        {"username": network.rosa.user.username, "password": MEMBER_PASSPHRASE},
    )
    assert response.status_code == 200  # the form again, with its error
    assert "_auth_user_id" not in client.session


def test_the_admin_sign_in_refuses_a_member_s_credentials(network: Any) -> None:
    client = Client()
    client.post(
        reverse("admin:login"),
        {"username": network.rosa.user.username, "password": MEMBER_PASSPHRASE},
    )
    assert "_auth_user_id" not in client.session


def test_the_members_sign_in_refuses_staff_credentials(network: Any) -> None:
    client = Client()
    response = client.post(
        reverse("alerts:login"), {"pseudonym": "mona", "passphrase": CAST_PASSWORD}
    )
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_a_staff_session_does_not_reach_member_pages(network: Any) -> None:
    client = Client()
    client.force_login(network.moderator)
    assert client.get(reverse("alerts:feed")).status_code == 404
