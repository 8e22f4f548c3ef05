"""Finding 12 of issue 12: no year-long CSRF cookie on a member's phone.

The CSRF token lives in the session (``CSRF_USE_SESSIONS``): it ends with the session, and
the forms still refuse a request without it.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from veilleuse.alerts.cast import MEMBER_PASSPHRASE

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _token(page: Any) -> str:
    match = TOKEN.search(page.content.decode())
    assert match, "the form carries no CSRF token"
    return match.group(1)


def test_no_csrf_cookie_is_set_on_a_member_s_phone(network: Any) -> None:
    phone = Client(enforce_csrf_checks=True)
    page = phone.get(reverse("alerts:login"))
    phone.post(
        reverse("alerts:login"),
        {"pseudonym": "Rosa", "passphrase": MEMBER_PASSPHRASE, "csrfmiddlewaretoken": _token(page)},
    )
    phone.get(reverse("alerts:report_new"))
    assert settings.CSRF_COOKIE_NAME not in phone.cookies
    assert settings.CSRF_USE_SESSIONS


def test_the_member_sign_in_still_refuses_a_post_without_the_token(network: Any) -> None:
    phone = Client(enforce_csrf_checks=True)
    phone.get(reverse("alerts:login"))
    response = phone.post(
        reverse("alerts:login"), {"pseudonym": "Rosa", "passphrase": MEMBER_PASSPHRASE}
    )
    assert response.status_code == 403


def test_the_member_sign_in_accepts_the_token_of_its_form(network: Any) -> None:
    phone = Client(enforce_csrf_checks=True)
    page = phone.get(reverse("alerts:login"))
    response = phone.post(
        reverse("alerts:login"),
        {"pseudonym": "Rosa", "passphrase": MEMBER_PASSPHRASE, "csrfmiddlewaretoken": _token(page)},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("alerts:feed")
