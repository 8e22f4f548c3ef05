"""Contests by reported people (issue 20): stored encrypted, sent to the data-protection
contact, never an oracle, answered within a month with the outcome in the audit log."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from veilleuse.alerts.models import Contest, ContestOutcome, DataProtectionProfile
from veilleuse.alerts.models.contest import one_month_after
from veilleuse.alerts.services.contest import (
    ContestRefused,
    contest_close,
    contest_matches,
    contest_submit,
    contests_due_reminders,
)
from veilleuse.alerts.staff_mail import contests_remind
from veilleuse.alerts.tests.test_checks import reported
from veilleuse.core.models import AuditEntry

KNOWN = "06 12 34 56 78"
UNKNOWN = "06 98 76 54 32"
CSRF_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def contact(network):
    return DataProtectionProfile.objects.create(
        association=network.association,
        legal_name="Association Démo (fictive)",
        address="1 rue Fictive, 75000 Paris",
        dpo_contact="dpo@example.org",
    )


def submit(network, raw=KNOWN, **fields):
    values = {"kind": "phone", "raw": raw, "reach": "moi@example.org", **fields}
    return contest_submit(association=network.association, **values)


def test_a_contest_is_stored_encrypted_and_the_contact_is_told_without_it(
    network, contact, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(network, message="Ce numéro est le mien.")
    contest = Contest.objects.get()
    assert (contest.identifier, contest.reach) == ("+33612345678", "moi@example.org")
    assert contest.due_on == one_month_after(contest.received_on)
    with connection.cursor() as cursor:
        cursor.execute("SELECT identifier, reach, message FROM alerts_contest")
        stored = repr(cursor.fetchall())
    assert "612345678" not in stored
    assert "moi@" not in stored
    assert "mien" not in stored
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert "dpo@example.org" in recipients
    assert "alice@example.org" in recipients
    assert all("612345678" not in m.body and "moi@" not in m.body for m in mail.outbox)
    assert AuditEntry.objects.filter(action="contest.receive").count() == 1


def test_bad_input_is_refused_with_a_sentence_and_nothing_stored(network):
    with pytest.raises(ValidationError) as refused:
        submit(network, raw="?", reach=" ")
    assert set(refused.value.message_dict) == {"raw", "reach"}
    assert not Contest.objects.exists()


def test_the_network_takes_a_bounded_number_of_contests_a_day(network, settings):
    settings.VEILLEUSE_CONTESTS_PER_DAY = 3
    for _ in range(3):
        submit(network)
    with pytest.raises(ContestRefused):
        submit(network, raw=UNKNOWN)
    assert Contest.objects.count() == 3


def post_both(client, url, data_for):
    """What a requester gets for a known and an unknown number: status, page, queries."""
    seen = []
    for raw in (KNOWN, UNKNOWN):
        with CaptureQueriesContext(connection) as queries:
            response = client.post(url, data_for(raw), follow=True)
        body = CSRF_TOKEN.sub(b"", response.content)
        seen.append((response.status_code, response.redirect_chain, body, len(queries)))
    return seen


@pytest.mark.parametrize("route", ["contest", "check"])
def test_known_and_unknown_numbers_cannot_be_told_apart(client, network, route):
    """Status, redirects, the page byte for byte (but its CSRF token) and the number of
    queries, standing for time (the number check's own method, test_checks.py)."""
    reported(network, author=network.lin, raw=KNOWN)
    if route == "contest":
        url = reverse("alerts:contest", kwargs={"slug": "demo"})

        def data_for(raw):
            return {"kind": "phone", "raw": raw, "reach": "moi@example.org"}

        # A first request makes the session and today's counters, as for either of the two.
        client.post(url, data_for("0755555555"), follow=True)
        known, unknown = post_both(client, url, data_for)
        assert known[0] == 200
        assert known[1] == [(f"{url}recu/", 302)]
    else:
        client.force_login(network.rosa.user)
        url = reverse("alerts:check")
        client.post(url, {"kind": "phone", "raw": "0755555555"}, follow=True)
        known, unknown = post_both(client, url, lambda raw: {"kind": "phone", "raw": raw})
        # The number check grades, so its page differs; its status and cost do not.
        known, unknown = known[:2] + known[3:], unknown[:2] + unknown[3:]
    assert known == unknown


def test_staff_see_whether_it_matches_through_the_keyed_lookup(network):
    report = reported(network, author=network.lin, raw=KNOWN)
    submit(network, raw=KNOWN)
    submit(network, raw=UNKNOWN)
    known, unknown = Contest.objects.order_by("pk")
    assert contest_matches(contest=known).reports == [report.pk]
    assert not contest_matches(contest=unknown).matches


def test_the_outcome_is_audited_and_a_refusal_needs_its_reason(network, cast):
    submit(network)
    contest = Contest.objects.get()
    with pytest.raises(ValidationError):
        contest_close(actor=cast.admin, contest=contest, outcome=ContestOutcome.REFUSED)
    contest_close(
        actor=cast.admin, contest=contest, outcome=ContestOutcome.REFUSED, reason="Pas le sien."
    )
    entry = AuditEntry.objects.get(action="contest.close")
    assert entry.data == {"outcome": "refused", "late": False}
    assert "sien" not in repr(entry.data)
    with pytest.raises(ValidationError):
        contest_close(actor=cast.admin, contest=contest, outcome=ContestOutcome.NO_MATCH)


def test_the_legal_clock_is_one_month():
    assert one_month_after(date(2026, 1, 31)) == date(2026, 2, 28)
    assert one_month_after(date(2026, 12, 7)) == date(2027, 1, 7)


def test_reminders_go_14_7_and_2_days_before_and_daily_after(
    network, contact, django_capture_on_commit_callbacks
):
    submit(network)
    contest = Contest.objects.get()
    due = contest.due_on
    reminded_on = [
        day
        for day in (due - timedelta(days=n) for n in range(20, -3, -1))
        if contests_due_reminders(today=day)
    ]
    assert [(due - day).days for day in reminded_on] == [14, 7, 2, -1, -2]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert contests_remind.call_local() == 0  # today is not a reminder day
    Contest.objects.filter(pk=contest.pk).update(due_on=timezone.localdate() - timedelta(days=1))
    assert contests_remind.call_local() == 1
    assert contests_remind.call_local() == 0  # once a day
    assert Contest.objects.get().reminders == 1
    assert any("dpo@example.org" in m.to for m in mail.outbox)
