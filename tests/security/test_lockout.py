"""Finding 6 of issue 12: nobody can lock the owner out by failing on purpose.

A successful sign-in leaves a signed device cookie; attempts from that device are counted
apart, so a stranger's wrong passphrases (anyone who knows a pseudonym or a username) never
refuse the owner's phone. Everyone else meets delays that grow with each failure, not a
lock renewed for a fixed period.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from veilleuse.alerts.cast import MEMBER_PASSPHRASE
from veilleuse.core import throttle
from veilleuse.demo import CAST_PASSWORD

pytestmark = pytest.mark.django_db


def _member_sign_in(client: Client, passphrase: str) -> int:
    response = client.post(reverse("alerts:login"), {"pseudonym": "Rosa", "passphrase": passphrase})
    return response.status_code


def _staff_sign_in(client: Client, password: str) -> int:
    response = client.post(reverse("accounts:login"), {"username": "bruno", "password": password})
    return response.status_code


def test_a_stranger_s_failures_do_not_lock_the_member_s_own_phone(network: Any) -> None:
    phone = Client()
    assert _member_sign_in(phone, MEMBER_PASSPHRASE) == 302
    phone.post(reverse("alerts:logout"))
    stranger = Client()
    answers = [_member_sign_in(stranger, f"guess number {i}") for i in range(10)]
    assert answers[-1] == 429
    assert _member_sign_in(phone, MEMBER_PASSPHRASE) == 302


def test_a_stranger_s_failures_do_not_lock_the_staff_member_s_own_computer(cast: Any) -> None:
    computer = Client()
    assert _staff_sign_in(computer, CAST_PASSWORD) == 302
    computer.post(reverse("accounts:logout"))
    stranger = Client()
    answers = [_staff_sign_in(stranger, f"guess number {i}") for i in range(10)]
    assert answers[-1] == 429
    assert _staff_sign_in(computer, CAST_PASSWORD) == 302


def test_another_account_s_device_cookie_does_not_open_the_way(network: Any) -> None:
    lin_phone = Client()
    lin_phone.post(reverse("alerts:login"), {"pseudonym": "Lin", "passphrase": MEMBER_PASSPHRASE})
    lin_phone.post(reverse("alerts:logout"))
    for i in range(10):
        _member_sign_in(Client(), f"guess number {i}")
    assert _member_sign_in(lin_phone, MEMBER_PASSPHRASE) == 429


def test_a_forged_device_cookie_counts_as_no_device(network: Any) -> None:
    for i in range(10):
        _member_sign_in(Client(), f"guess number {i}")
    forger = Client()
    forger.cookies[throttle.DEVICE_COOKIE] = "Rosa:forged"
    assert _member_sign_in(forger, MEMBER_PASSPHRASE) == 429


def test_the_delays_grow_with_each_failure_instead_of_a_fixed_lock(
    network: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = [1_000_000.0]
    monkeypatch.setattr(throttle, "_now", lambda: clock[0])
    stranger = Client()
    free = settings.VEILLEUSE_LOGIN_FAILURES
    for i in range(free):
        assert _member_sign_in(stranger, f"guess {i}") == 400
    waits = []
    for i in range(3):
        assert _member_sign_in(stranger, "refused while waiting") == 429
        wait = throttle.throttle_wait(throttle.throttle_key("member", "rosa"))
        waits.append(wait)
        clock[0] += wait + 1
        assert _member_sign_in(stranger, f"after the wait {i}") == 400
    assert waits[0] < waits[1] < waits[2]
