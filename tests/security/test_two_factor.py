"""Finding 11 of issue 12: an authenticator that someone set up cannot be skipped.

Neither the server (``VEILLEUSE_REQUIRE_2FA``) nor the association requires a second factor
here; the person has one all the same, so every staff page and account page waits for the
code after the password.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from veilleuse.demo import CAST_PASSWORD

pytestmark = pytest.mark.django_db

PAGES = ("questionnaires:home", "accounts:account", "accounts:password_change")


def _code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def _signed_in_with_password(user: Any) -> Client:
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": CAST_PASSWORD}
    )
    assert response.status_code == 302
    return client


@pytest.fixture
def device(cast: Any, settings: Any) -> TOTPDevice:
    settings.VEILLEUSE_REQUIRE_2FA = False
    assert not cast.association.require_two_factor
    return TOTPDevice.objects.create(user=cast.reviewer, name="phone", confirmed=True)


@pytest.mark.parametrize("page", PAGES)
def test_a_confirmed_authenticator_is_asked_for_even_when_nobody_requires_it(
    cast: Any, device: TOTPDevice, page: str
) -> None:
    client = _signed_in_with_password(cast.reviewer)
    response = client.get(reverse(page))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor_verify"))


def test_the_code_opens_the_pages_for_the_rest_of_the_session(
    cast: Any, device: TOTPDevice
) -> None:
    client = _signed_in_with_password(cast.reviewer)
    response = client.post(reverse("accounts:two_factor_verify"), {"token": _code(device)})
    assert response.status_code == 302
    for page in PAGES:
        assert client.get(reverse(page)).status_code == 200, page


def test_someone_without_an_authenticator_is_not_asked_for_a_code(cast: Any, settings: Any) -> None:
    settings.VEILLEUSE_REQUIRE_2FA = False
    client = _signed_in_with_password(cast.reviewer)
    assert client.get(reverse("questionnaires:home")).status_code == 200


def _signed_in_through_the_admin_form(user: Any) -> Client:
    client = Client()
    client.post(
        "/admin/login/?next=/admin/", {"username": user.username, "password": CAST_PASSWORD}
    )
    return client


@pytest.mark.parametrize("page", PAGES)
def test_signing_in_through_the_admin_form_does_not_skip_the_authenticator(
    cast: Any, device: TOTPDevice, page: str
) -> None:
    cast.reviewer.is_staff = True
    cast.reviewer.save(update_fields=["is_staff"])
    client = _signed_in_through_the_admin_form(cast.reviewer)
    response = client.get(reverse(page))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor_verify"))


def test_the_admin_itself_waits_for_the_code_of_a_confirmed_authenticator(
    cast: Any, device: TOTPDevice
) -> None:
    cast.reviewer.is_staff = cast.reviewer.is_superuser = True
    cast.reviewer.save(update_fields=["is_staff", "is_superuser"])
    client = _signed_in_through_the_admin_form(cast.reviewer)
    response = client.get("/admin/accounts/user/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    client.post(reverse("accounts:two_factor_verify"), {"token": _code(device)})
    assert client.get("/admin/accounts/user/").status_code == 200
