"""Key rotation: every encrypted value moves to the new key, and lookup hashes follow a new
lookup key, so that the old keys can be thrown away."""

from __future__ import annotations

import base64
from datetime import date
from typing import Any

import pytest
from django.db import connection

from veilleuse.alerts.crypto import CryptoError, key_id
from veilleuse.alerts.identifiers import lookup_hash
from veilleuse.alerts.models import Identifier, IdentifierMatch, Member, Report
from veilleuse.alerts.services.keys import encrypted_fields, reencrypt_all, rehash_identifiers

OLD = base64.b64encode(b"o" * 32).decode()
NEW = base64.b64encode(b"n" * 32).decode()
LOOKUP_OLD = base64.b64encode(b"l" * 32).decode()
LOOKUP_NEW = base64.b64encode(b"m" * 32).decode()
PHONE = "+33612345678"


def raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


@pytest.fixture
def written_under_old_key(settings: Any, network: Any) -> Report:
    # The cast's members (pseudonyms, languages, zones) were sealed under the test key:
    # move them under OLD first, so that the whole database starts under OLD.
    settings.VEILLEUSE_FIELD_KEYS = [OLD, *settings.VEILLEUSE_FIELD_KEYS]
    reencrypt_all()
    settings.VEILLEUSE_FIELD_KEYS = [OLD]
    settings.VEILLEUSE_LOOKUP_KEY = LOOKUP_OLD
    Member.objects.filter(pk=network.rosa.pk).update(contact_email="rosa@example.org")
    report = Report.objects.create(
        association=network.association,
        author=network.rosa,
        occurred_on=date(2026, 3, 1),
        kinds=["theft"],
        description="Il a pris mon sac.",
        place="",
        language="fr",
    )
    Identifier.objects.create(
        report=report, kind="phone", value=PHONE, lookup_hash=lookup_hash("phone", PHONE)
    )
    return report


def test_every_encrypted_field_of_the_network_is_found():
    labels = {
        model._meta.label: [f.name for f in fields] for model, fields in encrypted_fields().items()
    }
    assert labels["alerts.Report"] == ["author_ref", "place", "description", "aggressor"]
    assert labels["alerts.Identifier"] == ["value"]
    assert "alerts.Member" in labels
    assert "alerts.PushSubscription" in labels


def test_after_rotation_every_row_reads_with_the_new_key_alone(settings, written_under_old_key):
    report = written_under_old_key
    before = raw("alerts_report", "description", report.pk)
    assert before.split(":")[1] == key_id(b"o" * 32)

    settings.VEILLEUSE_FIELD_KEYS = [NEW, OLD]
    counts = reencrypt_all(batch_size=2)
    assert counts["alerts.Report"] >= 1
    assert counts["alerts.Identifier"] == 1
    assert counts["alerts.Member"] >= 1

    settings.VEILLEUSE_FIELD_KEYS = [NEW]
    after = raw("alerts_report", "description", report.pk)
    assert after.split(":")[1] == key_id(b"n" * 32)
    assert Report.objects.get(pk=report.pk).description == "Il a pris mon sac."
    assert Identifier.objects.get(report=report).value == PHONE
    assert Member.objects.get(contact_email__isnull=False).contact_email == "rosa@example.org"
    for model in encrypted_fields():
        list(model.objects.all())  # every row of every model decrypts


def test_a_second_run_changes_nothing(settings, written_under_old_key):
    settings.VEILLEUSE_FIELD_KEYS = [NEW, OLD]
    reencrypt_all()
    token = raw("alerts_report", "description", written_under_old_key.pk)
    assert sum(reencrypt_all().values()) == 0
    assert raw("alerts_report", "description", written_under_old_key.pk) == token


def test_without_the_rotation_removing_the_old_key_loses_the_data(settings, written_under_old_key):
    # What the procedure prevents: the test of the rotation could fail.
    settings.VEILLEUSE_FIELD_KEYS = [NEW]
    with pytest.raises(CryptoError):
        Report.objects.get(pk=written_under_old_key.pk)


def test_a_new_lookup_key_is_followed_by_recomputing_the_hashes(settings, written_under_old_key):
    old_hash = Identifier.objects.get().lookup_hash
    IdentifierMatch.objects.create(
        association=written_under_old_key.association, lookup_hash=old_hash, kind="phone"
    )
    settings.VEILLEUSE_LOOKUP_KEY = LOOKUP_NEW
    assert lookup_hash("phone", PHONE) != old_hash  # a check would miss it now

    assert rehash_identifiers() == 1

    new_hash = lookup_hash("phone", PHONE)
    assert Identifier.objects.get().lookup_hash == new_hash
    assert IdentifierMatch.objects.get().lookup_hash == new_hash
    assert rehash_identifiers() == 0
