"""Reports: filing one (validation, identifiers, rate limit) and withdrawing it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone, translation

from veilleuse.alerts.access import member_alerts
from veilleuse.alerts.crypto import decrypt
from veilleuse.alerts.identifiers import lookup_hash
from veilleuse.alerts.models import (
    AlertStatus,
    AlertText,
    Identifier,
    Report,
    ReportSource,
    ReportStatus,
    Zone,
)
from veilleuse.alerts.services.reports import (
    CONSENT_LADDER,
    ReportRateLimited,
    consent_rung,
    report_withdraw,
)
from veilleuse.alerts.tests.reporting import alert_from, member_report
from veilleuse.core.models import AuditEntry


@pytest.fixture(autouse=True)
def in_english():
    # The messages are matched against their English source, whatever the catalogues say.
    with translation.override("en"):
        yield


def raw_row(table: str, columns: str, pk: int) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()


def test_a_member_report_keeps_its_identifiers_normalised_hashed_and_encrypted(network):
    report = member_report(
        network.rosa,
        identifiers=[
            ("phone", "06 12 34 56 78"),
            ("plate", "ab-123-cd"),
            ("phone", "+33 6 12 34 56 78"),  # the same number, spelt otherwise: kept once
            ("phone", "  "),
        ],
    )
    identifiers = list(report.identifiers.order_by("kind"))
    assert [(i.kind, i.value) for i in identifiers] == [
        ("phone", "+33612345678"),
        ("plate", "AB123CD"),
    ]
    assert identifiers[0].lookup_hash == lookup_hash("phone", "+33612345678")
    (stored,) = raw_row("alerts_identifier", "value", identifiers[0].pk)
    assert "612345678" not in stored
    (description,) = raw_row("alerts_report", "description", report.pk)
    assert "sac" not in description
    assert report.status == ReportStatus.SUBMITTED
    assert report.kinds == ["theft", "threats"]


def test_filing_writes_an_audit_entry_without_any_content(network):
    report = member_report(network.rosa)
    entry = AuditEntry.objects.get(action="report.submit")
    assert entry.actor == network.rosa.user
    assert entry.target_id == str(report.pk)
    assert entry.data == {}


def other_zone(cast):
    return Zone.objects.create(association=cast.other_association, name="Ailleurs", slug="ailleurs")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"occurred_on": timezone.localdate() + timedelta(days=2)}, "occurred_on"),
        ({"kinds": []}, "kinds"),
        ({"kinds": ["gossip"]}, "kinds"),
        ({"language": "de"}, "language"),
        ({"time_of_day": "teatime"}, "time_of_day"),
        ({"identifiers": [("phone", "not a number")]}, "identifiers"),
        ({"identifiers": [("plate", "A-1")]}, "identifiers"),
        ({"identifiers": [("phone", f"06123456{n:02d}") for n in range(4)]}, "identifiers"),
        ({"identifiers": [("plate", f"AB{n}23CD") for n in range(3)]}, "identifiers"),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_saved(network, overrides, field):
    with pytest.raises(ValidationError) as refused:
        member_report(network.rosa, **overrides)
    assert field in refused.value.message_dict
    assert not Report.objects.exists()
    assert not Identifier.objects.exists()


def test_a_zone_of_another_network_is_refused(network, cast):
    with pytest.raises(ValidationError) as refused:
        member_report(network.rosa, zone=other_zone(cast))
    assert "zone" in refused.value.message_dict
    assert not Report.objects.exists()


def test_a_suspended_member_cannot_file_a_report(network):
    with pytest.raises(ValidationError, match="active member"):
        member_report(network.sam)
    assert not Report.objects.exists()


def test_a_report_on_someones_behalf_names_who_filed_it(network):
    report = member_report(
        network.rosa,
        author=None,
        source=ReportSource.PARTNER,
        filed_by=network.partner_staff,
        partner=network.partner_association,
        language="ro",
    )
    assert report.author is None
    assert report.filed_by == network.partner_staff
    with pytest.raises(ValidationError):
        member_report(network.rosa, author=None, source=ReportSource.STAFF, language="fr")


def test_the_consent_ladder_is_cumulative(network):
    rungs = list(CONSENT_LADDER)
    for position, rung in enumerate(rungs):
        allowed = [name for name, value in CONSENT_LADDER[rung].items() if value]
        assert len(allowed) == position + 1
        report = member_report(network.rosa, identifiers=[], **CONSENT_LADDER[rung])
        assert consent_rung(report=report) == rung


def test_a_member_past_the_daily_limit_is_refused_and_nothing_is_saved(network, settings):
    settings.VEILLEUSE_REPORTS_PER_DAY = 2
    first = member_report(network.rosa)
    member_report(network.rosa)
    with pytest.raises(ReportRateLimited) as refused:
        member_report(network.rosa)
    assert "2 reports" in refused.value.message
    assert Report.objects.count() == 2
    assert Identifier.objects.count() == 4
    # Another member is not affected; a report older than a day no longer counts.
    member_report(network.lin)
    Report.objects.filter(pk=first.pk).update(created=timezone.now() - timedelta(hours=25))
    member_report(network.rosa)


def test_staff_filing_on_behalf_are_limited_per_filing_user(network, settings):
    settings.VEILLEUSE_REPORTS_PER_DAY = 1
    on_behalf = {"author": None, "source": ReportSource.STAFF, "language": "fr"}
    member_report(network.rosa, filed_by=network.moderator, **on_behalf)
    with pytest.raises(ReportRateLimited):
        member_report(network.rosa, filed_by=network.moderator, **on_behalf)
    member_report(network.rosa, filed_by=network.second_moderator, **on_behalf)
    assert Report.objects.filter(author_hash="").count() == 2


def test_withdrawing_erases_the_texts_and_identifiers_and_takes_alerts_down(network):
    report = member_report(network.rosa)
    hashes = list(report.identifiers.values_list("lookup_hash", flat=True))
    draft = alert_from(report, status=AlertStatus.DRAFT)
    awaiting = alert_from(report, status=AlertStatus.AWAITING_SECOND)
    published = alert_from(report)
    assert list(member_alerts(network.rosa)) == [published]

    report_withdraw(member=network.rosa, report=report)

    description, aggressor, place, status = raw_row(
        "alerts_report", "description, aggressor, place, status", report.pk
    )
    assert status == "withdrawn"
    for column, token in (("description", description), ("aggressor", aggressor), ("place", place)):
        assert decrypt(token, purpose=f"alerts.Report.{column}") == ""
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM alerts_identifier WHERE report_id = %s", [report.pk])
        assert cursor.fetchone() == (0,)
        cursor.execute(
            "SELECT COUNT(*) FROM alerts_identifier WHERE lookup_hash IN (%s, %s)", hashes
        )
        assert cursor.fetchone() == (0,)
    for alert in (draft, awaiting):
        alert.refresh_from_db()
        assert (alert.status, alert.rejection_reason) == (AlertStatus.REJECTED, "withdrawn")
        assert not AlertText.objects.filter(alert=alert).exists()
    published.refresh_from_db()
    assert published.status == AlertStatus.RETRACTED
    assert list(member_alerts(network.rosa)) == []
    report.refresh_from_db()
    assert report.withdrawn_at is not None
    assert AuditEntry.objects.filter(action="report.withdraw", target_id=str(report.pk)).exists()


def test_only_the_author_withdraws_and_only_once(network):
    report = member_report(network.rosa)
    with pytest.raises(ValidationError, match="author"):
        report_withdraw(member=network.lin, report=report)
    report_withdraw(member=network.rosa, report=report)
    with pytest.raises(ValidationError, match="already"):
        report_withdraw(member=network.rosa, report=report)


def test_report_submit_is_one_transaction(network, monkeypatch):
    def broken_audit(**kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr("veilleuse.alerts.services.reports.audit", broken_audit)
    with pytest.raises(RuntimeError):
        member_report(network.rosa)
    assert not Report.objects.exists()
    assert not Identifier.objects.exists()
