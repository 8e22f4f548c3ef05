"""Helpers shared by the accounts tests: an English-speaking browser, authenticator codes,
and signing the cast in with or without a confirmed second factor."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

# The cast's own password lives in veilleuse.demo, which app code (tests included) may not
# import (tests/test_architecture.py); these tests give the cast a password of their own.
PASSWORD = "a-pass-phrase-for-tests"


@pytest.fixture
def cast(cast: Any) -> Any:
    """The shared cast, with ``PASSWORD`` as everyone's password."""
    for user in (cast.admin, cast.reviewer, cast.viewer, cast.outsider):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    return cast


@pytest.fixture
def client() -> Client:
    # French is the default language; most tests read English messages, and the French
    # catalogue has its own test (test_translations.py).
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code an authenticator app would show now (or ``steps_ahead`` periods later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def confirmed_device(user: Any) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def sign_in(client: Client, user: Any, *, verified_with: TOTPDevice | None = None) -> None:
    client.force_login(user)
    if verified_with is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = verified_with.persistent_id
        session.save()
