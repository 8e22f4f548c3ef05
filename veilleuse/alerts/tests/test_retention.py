"""Retention: the purge really deletes expired data, from the database, its files and logs."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from veilleuse.alerts.channels.sms import send_file
from veilleuse.alerts.identifiers import lookup_hash
from veilleuse.alerts.models import (
    Alert,
    AlertStatus,
    AlertText,
    CheckCounter,
    Delivery,
    Identifier,
    LegalCase,
    MemberInvitation,
    Report,
)
from veilleuse.alerts.services.retention import purge
from veilleuse.core.audit import audit
from veilleuse.core.models import AuditEntry

MARKER = "Rue-des-Marqueurs-7731 voiture cerise"
PHONE = "+33612345678"


@pytest.fixture(autouse=True)
def periods(settings: Any, tmp_path: Path) -> None:
    settings.VEILLEUSE_RETENTION_REPORTS_DAYS = 365
    settings.VEILLEUSE_RETENTION_IDENTIFIERS_DAYS = 180
    settings.VEILLEUSE_RETENTION_ALERTS_DAYS = 90
    settings.VEILLEUSE_RETENTION_CASES_DAYS = 365
    settings.VEILLEUSE_RETENTION_AUDIT_DAYS = 365
    settings.VEILLEUSE_SMS_DIR = tmp_path / "sms"


def ago(days: int) -> Any:
    return timezone.now() - timedelta(days=days)


def report_with_alert(network: Any, *, age: int, text: str = MARKER, phone: str = PHONE) -> Report:
    """A report filed ``age`` days ago, with an identifier, a published alert, its text, and
    an SMS delivery written to a file."""
    report = Report.objects.create(
        association=network.association,
        author=network.rosa,
        occurred_on=date(2025, 1, 1),
        kinds=["theft"],
        description=text,
        aggressor=text,
        language="fr",
    )
    Identifier.objects.create(
        report=report, kind="phone", value=phone, lookup_hash=lookup_hash("phone", phone)
    )
    alert = Alert.objects.create(
        association=network.association,
        report=report,
        kinds=["theft"],
        severity=2,
        status=AlertStatus.PUBLISHED,
        published_at=ago(age),
    )
    AlertText.objects.create(alert=alert, language="fr", body=text)
    delivery = Delivery.objects.create(
        alert=alert, member=network.ana, channel="sms", next_attempt_at=ago(age)
    )
    send_file(to=phone, text="Nouvelle alerte", key=delivery.idempotency_key)
    Report.objects.filter(pk=report.pk).update(created=ago(age))
    return report


def raw_tokens(report: Report) -> list[str]:
    """The ciphertexts and the lookup hash as the database stores them."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT description FROM alerts_report WHERE id = %s", [report.pk])
        tokens = [cursor.fetchone()[0]]
        cursor.execute(
            "SELECT value, lookup_hash FROM alerts_identifier WHERE report_id = %s", [report.pk]
        )
        tokens.extend(cursor.fetchone())
        cursor.execute(
            "SELECT t.body FROM alerts_alerttext t JOIN alerts_alert a ON a.id = t.alert_id "
            "WHERE a.report_id = %s",
            [report.pk],
        )
        tokens.append(cursor.fetchone()[0])
    return tokens


def database_bytes() -> bytes:
    """The SQLite database file (and its WAL, after a checkpoint) as bytes."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    name = Path(connection.settings_dict["NAME"])
    files = [name, name.with_name(name.name + "-wal")]
    return b"".join(path.read_bytes() for path in files if path.exists())


def files_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


@pytest.mark.django_db(transaction=True)
def test_after_the_purge_no_byte_of_an_expired_report_remains(network, settings, caplog):
    if connection.vendor != "sqlite":
        pytest.skip("reads the SQLite file itself")
    caplog.set_level(logging.DEBUG)
    old = report_with_alert(network, age=400)
    kept = report_with_alert(network, age=10, text="un signalement récent", phone="+33698765432")
    expired, recent = raw_tokens(old), raw_tokens(kept)
    sms = Path(settings.VEILLEUSE_SMS_DIR)
    assert all(token.encode() in database_bytes() for token in recent[:1] + expired)
    assert len(list(sms.iterdir())) == 2

    outcome = purge()

    assert outcome.counts["reports"] == 1
    assert outcome.counts["sms_files"] == 1
    assert not Report.objects.filter(pk=old.pk).exists()
    assert not Identifier.objects.filter(report_id=old.pk).exists()
    assert not Alert.objects.filter(report_id=old.pk).exists()
    assert Report.objects.get(pk=kept.pk).description == "un signalement récent"
    stored = database_bytes()
    for token in expired:  # ciphertexts, and the lookup hash kept in its index
        assert token.encode() not in stored
    assert recent[0].encode() in stored  # the grep finds what is still there
    assert [p.name for p in sms.iterdir()] == [
        f"{kept.alerts.get().deliveries.get().idempotency_key}.json"
    ]
    everything_logged = caplog.text + files_bytes(sms).decode()
    for secret in [MARKER, PHONE, *expired]:
        assert secret not in everything_logged


def test_identifiers_expire_before_their_report(network):
    report = report_with_alert(network, age=200)
    purge()
    assert Report.objects.filter(pk=report.pk).exists()
    assert not Identifier.objects.filter(report=report).exists()


def test_an_old_alert_goes_with_its_texts_and_deliveries_while_the_report_stays(network):
    report = report_with_alert(network, age=100)
    outcome = purge()
    assert outcome.counts["alerts"] == 1
    assert Report.objects.filter(pk=report.pk).exists()
    assert not AlertText.objects.exists()
    assert not Delivery.objects.exists()


def test_closed_cases_expire_and_open_ones_stay(network):
    closed = LegalCase.objects.create(association=network.association, closed_at=ago(400))
    still_open = LegalCase.objects.create(association=network.association)
    LegalCase.objects.filter(pk=still_open.pk).update(created=ago(4000))
    purge()
    assert list(LegalCase.objects.all()) == [still_open]
    assert not LegalCase.objects.filter(pk=closed.pk).exists()


def test_old_audit_entries_counters_and_spent_invitations_are_deleted(network):
    entry = audit(actor=None, action="member.suspend")
    AuditEntry.objects.filter(pk=entry.pk).update(at=ago(400))
    CheckCounter.objects.create(member=network.rosa, day=timezone.localdate() - timedelta(days=91))
    CheckCounter.objects.create(member=network.rosa, day=timezone.localdate())
    MemberInvitation.objects.create(
        association=network.association, code_hash="a" * 64, expires_at=ago(31)
    )
    MemberInvitation.objects.create(
        association=network.association, code_hash="b" * 64, expires_at=ago(-3)
    )
    outcome = purge()
    assert not AuditEntry.objects.filter(pk=entry.pk).exists()
    assert AuditEntry.objects.filter(action="retention.purge").exists()
    assert CheckCounter.objects.count() == 1
    assert list(MemberInvitation.objects.values_list("code_hash", flat=True)) == ["b" * 64]
    assert outcome.counts["check_counters"] == 1


def test_a_dry_run_counts_and_deletes_nothing(network):
    report_with_alert(network, age=400)
    outcome = purge(dry_run=True)
    assert outcome.counts["reports"] == 1
    assert Report.objects.count() == 1
