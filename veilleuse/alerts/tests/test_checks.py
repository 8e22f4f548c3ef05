"""Check a number: graded answers, quotas, the alarm, and no number kept anywhere."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from veilleuse.alerts.identifiers import lookup_hash, normalise
from veilleuse.alerts.models import (
    AlertStatus,
    CheckCounter,
    CheckTally,
    Identifier,
    LookupAlarm,
    Report,
    ReportStatus,
)
from veilleuse.alerts.services.checks import CheckRefused, number_check
from veilleuse.alerts.tests.reporting import alert_from

NUMBER = "06 12 34 56 78"
E164 = "+33612345678"


def reported(
    network,
    *,
    author,
    raw=NUMBER,
    kind="phone",
    status=ReportStatus.APPROVED,
    severity=2,
    occurred_on=date(2026, 10, 3),
    redacted=False,
    **fields,
):
    """A report of the demo network naming ``raw``, as moderation would leave it."""
    report = Report.objects.create(
        association=network.association,
        author=author,
        occurred_on=occurred_on,
        kinds=["physical"],
        description="Il m'a frappée et a pris l'argent.",
        language="fr",
        status=status,
        severity=severity,
        consent_legal=fields.pop("consent_legal", False),
        **fields,
    )
    normalised = normalise(kind, raw)
    Identifier.objects.create(
        report=report,
        kind=kind,
        value=normalised,
        lookup_hash=lookup_hash(kind, normalised),
        redacted=redacted,
    )
    return report


def test_a_number_reported_by_two_members_is_graded_without_text(network):
    reported(network, author=network.lin, severity=2, occurred_on=date(2026, 9, 12))
    reported(
        network,
        author=network.ana,
        raw="+33 6 12 34 56 78",
        severity=3,
        occurred_on=date(2026, 11, 2),
    )

    result = number_check(member=network.rosa, kind="phone", raw="0612345678")

    assert result.reported
    assert result.severity == 3
    assert result.independent_reports == 2
    assert result.last_month == date(2026, 11, 1)
    assert "frapp" not in repr(result)


def test_an_unknown_number_and_a_clean_one_give_the_same_answer(network):
    first = number_check(member=network.rosa, kind="phone", raw="0611111111")
    second = number_check(member=network.rosa, kind="plate", raw="AB-123-CD")
    assert (first.reported, first.severity, first.independent_reports, first.last_month) == (
        False,
        None,
        0,
        None,
    )
    assert (second.reported, second.independent_reports) == (False, 0)


def test_two_reports_by_the_same_member_count_once(network):
    reported(network, author=network.lin)
    reported(network, author=network.lin, occurred_on=date(2026, 11, 20))
    result = number_check(member=network.rosa, kind="phone", raw=NUMBER)
    assert result.independent_reports == 1
    assert result.last_month == date(2026, 11, 1)


@pytest.mark.parametrize(
    "status", [ReportStatus.SUBMITTED, ReportStatus.REJECTED, ReportStatus.WITHDRAWN]
)
def test_only_approved_reports_count(network, status):
    reported(network, author=network.lin, status=status)
    assert not number_check(member=network.rosa, kind="phone", raw=NUMBER).reported


def test_a_merged_duplicate_is_not_counted_twice(network):
    original = reported(network, author=network.lin)
    reported(network, author=network.ana, status=ReportStatus.MERGED, duplicate_of=original)
    assert number_check(member=network.rosa, kind="phone", raw=NUMBER).independent_reports == 1


def test_a_doubtful_identifier_does_not_count(network):
    reported(network, author=network.lin, redacted=True)
    assert not number_check(member=network.rosa, kind="phone", raw=NUMBER).reported


def test_another_networks_reports_do_not_count(network, cast):
    report = reported(network, author=None)
    report.association = cast.other_association
    report.save(update_fields=["association"])
    assert not number_check(member=network.rosa, kind="phone", raw=NUMBER).reported


@override_settings(VEILLEUSE_CHECKS_PER_DAY=3, VEILLEUSE_CHECKS_ALARM_PER_DAY=100)
def test_the_quota_allows_exactly_n_checks_a_day(network):
    for remaining in (2, 1, 0):
        assert number_check(member=network.rosa, kind="phone", raw=NUMBER).remaining == remaining
    with pytest.raises(CheckRefused):
        number_check(member=network.rosa, kind="phone", raw=NUMBER)
    counter = CheckCounter.objects.get(member=network.rosa)
    assert (counter.count, counter.refused) == (3, 1)
    assert CheckTally.objects.get(association=network.association).count == 3
    # Another member's quota is their own.
    assert number_check(member=network.lin, kind="phone", raw=NUMBER).remaining == 2


@override_settings(VEILLEUSE_CHECKS_PER_DAY=5)
def test_mistyped_numbers_do_not_use_the_quota_but_are_limited(network):
    with pytest.raises(ValidationError, match="not a phone number"):
        number_check(member=network.rosa, kind="phone", raw="bonjour")
    assert number_check(member=network.rosa, kind="phone", raw=NUMBER).remaining == 4
    for _attempt in range(14):
        with pytest.raises(ValidationError):
            number_check(member=network.rosa, kind="phone", raw="12")
    with pytest.raises(CheckRefused):
        number_check(member=network.rosa, kind="phone", raw="12")
    assert number_check(member=network.rosa, kind="phone", raw=NUMBER).remaining == 3


@override_settings(VEILLEUSE_CHECKS_PER_DAY=10, VEILLEUSE_CHECKS_ALARM_PER_DAY=3)
def test_moderators_are_alerted_once_a_day_without_any_number(
    network, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _check in range(6):
            number_check(member=network.rosa, kind="phone", raw=NUMBER)
    alarm = LookupAlarm.objects.get()
    assert (alarm.member, alarm.count) == (network.rosa, 6)
    assert sorted(message.to[0] for message in mail.outbox) == [
        "marc@example.org",
        "mona@example.org",
    ]
    body = mail.outbox[0].subject + mail.outbox[0].body
    assert "Rosa" in body
    assert "6 number checks" in body
    assert "56" not in body
    assert "78" not in body
    assert reverse("alerts:check_alarms", kwargs={"slug": "demo"}) in body


def test_no_table_keeps_the_number_checked(network):
    for raw in (NUMBER, "AB-987-ZY"):
        number_check(member=network.rosa, kind="phone" if raw == NUMBER else "plate", raw=raw)
    hashed = lookup_hash("phone", E164)
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')
            dump = repr(cursor.fetchall())
            for needle in ("612345678", "12 34 56 78", "AB987ZY", "AB-987-ZY", hashed):
                assert needle not in dump, (table, needle)


def test_the_page_shows_the_graded_answer(client, network):
    reported(network, author=network.lin, severity=3, occurred_on=date(2026, 11, 2))
    reported(network, author=network.ana)
    client.force_login(network.rosa.user)
    response = client.post(reverse("alerts:check"), {"kind": "phone", "raw": NUMBER})
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    page = response.content.decode()
    assert 'data-reported="yes"' in page
    assert 'data-reports="2"' in page
    assert 'data-month="2026-11"' in page
    assert "frapp" not in page
    assert "56 78" not in page


def test_a_number_is_graded_as_the_alert_made_from_its_report(client, network):
    """The moderators rated the report "caution" and published its alert as "danger": the
    check says "danger" too, in the words of the alert (issue 14)."""
    belleville = network.zones["belleville"]
    report = reported(network, author=network.lin, severity=1, zone=belleville)
    alert = alert_from(report, severity=2)
    assert number_check(member=network.rosa, kind="phone", raw=NUMBER).severity == 2

    client.force_login(network.rosa.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    check_page = client.post(reverse("alerts:check"), {"kind": "phone", "raw": NUMBER})
    alert_page = client.get(reverse("alerts:alert", args=[alert.pk]))
    assert "Hay informes: peligro" in check_page.content.decode()
    assert "precaución" not in check_page.content.decode()
    assert '<span class="severity">Peligro</span>' in alert_page.content.decode()


def test_a_retracted_alert_no_longer_grades_the_number(network):
    report = reported(network, author=network.lin, severity=1, zone=network.zones["belleville"])
    alert_from(report, severity=3, status=AlertStatus.RETRACTED)
    assert number_check(member=network.rosa, kind="phone", raw=NUMBER).severity == 1


def test_the_page_refuses_bad_input_with_a_sentence(client, network, settings):
    client.force_login(network.rosa.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # Rosa switched the pages to English
    response = client.post(reverse("alerts:check"), {"kind": "plate", "raw": "?"})
    assert response.status_code == 400
    assert "This is not a plate." in response.content.decode()


def test_the_page_is_for_active_members_only(client, network, cast):
    assert client.get(reverse("alerts:check")).status_code == 302
    client.force_login(network.sam.user)
    assert client.get(reverse("alerts:check")).status_code == 403
    client.force_login(cast.admin)
    assert client.get(reverse("alerts:check")).status_code == 404


def test_only_moderators_see_the_alarms(client, network, cast):
    url = reverse("alerts:check_alarms", kwargs={"slug": "demo"})
    for user, status in (
        (network.moderator, 200),
        (network.legal_worker, 404),
        (cast.admin, 404),
        (network.rosa.user, 302),  # a member's session is sent to their feed
    ):
        client.force_login(user)
        assert client.get(url).status_code == status, user


def test_reported_and_unknown_numbers_cost_the_same_queries(network):
    from django.test.utils import CaptureQueriesContext

    reported(network, author=network.lin)
    number_check(member=network.rosa, kind="phone", raw="0755555555")  # today's rows exist
    costs = []
    for raw in (NUMBER, "0611111111"):
        with CaptureQueriesContext(connection) as queries:
            number_check(member=network.rosa, kind="phone", raw=raw)
        costs.append(len(queries))
    assert costs[0] == costs[1] <= 8
