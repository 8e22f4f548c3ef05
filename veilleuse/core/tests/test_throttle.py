"""Sign-in throttling: five failures for one name lock it for fifteen minutes, whatever the
address they come from, and the lock never names or stores an IP address."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from veilleuse.core.throttle import throttle_check, throttle_fail, throttle_key, throttle_reset
from veilleuse.demo import CAST_PASSWORD

LOGIN = "/accounts/login/"


def fail_sign_in(client: Client, username: str, times: int) -> None:
    for _attempt in range(times):
        response = client.post(LOGIN, {"username": username, "password": "a-wrong-guess"})
        assert response.status_code == 200


def test_the_key_is_a_keyed_hash_of_the_lower_cased_name_never_the_name_itself() -> None:
    key = throttle_key("staff", "Alice")

    assert key == throttle_key("staff", " alice ")
    assert "alice" not in key.lower()
    assert key != throttle_key("reset", "alice")


def test_the_fifth_failure_locks_the_key_and_a_reset_unlocks_it() -> None:
    key = throttle_key("staff", "someone")
    counts = [throttle_fail(key) for _failure in range(5)]

    assert counts == [1, 2, 3, 4, 5]
    assert throttle_check(key)
    throttle_reset(key)
    assert not throttle_check(key)


def test_four_failures_do_not_lock() -> None:
    key = throttle_key("staff", "someone")
    for _failure in range(4):
        throttle_fail(key)

    assert not throttle_check(key)


@pytest.mark.django_db
def test_after_five_wrong_passwords_even_the_right_one_is_refused_with_429(cast) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    fail_sign_in(client, "alice", 5)

    response = client.post(LOGIN, {"username": "ALICE", "password": CAST_PASSWORD})

    assert response.status_code == 429
    assert b"Too many attempts for this account" in response.content
    assert SESSION_KEY not in client.session


@pytest.mark.django_db
def test_the_lock_follows_the_name_not_the_address(cast) -> None:
    fail_sign_in(Client(REMOTE_ADDR="192.0.2.1"), "alice", 5)

    response = Client(REMOTE_ADDR="198.51.100.7").post(
        LOGIN, {"username": "alice", "password": CAST_PASSWORD}
    )

    assert response.status_code == 429
    assert not [key for key in cache._cache if b"192.0.2" in str(key).encode()]  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_another_name_is_not_locked_by_failures_on_alice(cast) -> None:
    fail_sign_in(Client(), "alice", 5)

    response = Client().post(LOGIN, {"username": "bruno", "password": CAST_PASSWORD})

    assert response.status_code == 302


@pytest.mark.django_db
def test_a_successful_sign_in_forgets_earlier_failures(cast) -> None:
    client = Client()
    fail_sign_in(client, "alice", 4)
    assert client.post(LOGIN, {"username": "alice", "password": CAST_PASSWORD}).status_code == 302
    client.logout()

    fail_sign_in(client, "alice", 4)

    assert client.post(LOGIN, {"username": "alice", "password": CAST_PASSWORD}).status_code == 302


@pytest.mark.django_db
def test_the_sixth_password_reset_request_for_one_address_is_refused(cast) -> None:
    client = Client()
    url = reverse("accounts:password_reset")
    address = cast.admin.email
    answers = [client.post(url, {"email": address}).status_code for _request in range(6)]

    assert answers == [302] * 5 + [429]
    assert len(mail.outbox) == 5
