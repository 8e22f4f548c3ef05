"""Finding 1 of issue 12: a copy of the session table must not sign anyone in.

The store keeps only a keyed hash of each session key; the cookie's value is never written
to the database, so replaying a row's key (or anything else a database reader sees) opens
no session.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from veilleuse.alerts.cast import MEMBER_PASSPHRASE

pytestmark = pytest.mark.django_db


def _session_model() -> Any:
    return import_module(settings.SESSION_ENGINE).SessionStore.get_model_class()


def _signed_in_member(network: Any) -> Client:
    client = Client()
    response = client.post(
        reverse("alerts:login"), {"pseudonym": "Rosa", "passphrase": MEMBER_PASSPHRASE}
    )
    assert response.status_code == 302
    assert client.get(reverse("alerts:feed")).status_code == 200
    return client


def _every_stored_text() -> str:
    """Every value of every row of the session tables, as a database reader sees them."""
    texts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if "session" not in table:
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            texts.extend(str(value) for row in cursor.fetchall() for value in row)
    return "\n".join(texts)


def test_the_session_cookie_value_is_never_written_to_the_database(network: Any) -> None:
    client = _signed_in_member(network)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert cookie not in _every_stored_text()


def test_a_copied_session_row_does_not_sign_anyone_in(network: Any) -> None:
    _signed_in_member(network)
    rows = list(_session_model().objects.values_list("session_key", flat=True))
    assert rows
    for stored_key in rows:
        thief = Client()
        thief.cookies[settings.SESSION_COOKIE_NAME] = stored_key
        response = thief.get(reverse("alerts:feed"))
        assert response.status_code == 302, "a key read from the database opened a session"
        assert response["Location"].startswith(reverse("alerts:login"))


def test_the_real_cookie_still_signs_in_and_signing_out_removes_the_row(network: Any) -> None:
    client = _signed_in_member(network)
    assert _session_model().objects.count() == 1
    client.post(reverse("alerts:logout"))
    assert _session_model().objects.count() == 0


def test_every_session_of_one_account_can_be_ended_at_once(network: Any) -> None:
    from veilleuse.core.sessions import sessions_end

    phone, laptop = _signed_in_member(network), _signed_in_member(network)
    other = Client()
    other.post(reverse("alerts:login"), {"pseudonym": "Lin", "passphrase": MEMBER_PASSPHRASE})

    ended = sessions_end(user=network.rosa.user)

    assert ended == 2
    assert phone.get(reverse("alerts:feed")).status_code == 302
    assert laptop.get(reverse("alerts:feed")).status_code == 302
    assert other.get(reverse("alerts:feed")).status_code == 200
