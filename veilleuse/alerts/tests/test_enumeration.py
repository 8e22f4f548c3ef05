"""Enumeration: a script tries 10,000 numbers from one member account.

The threat model's first adversary is an aggressor who joined the network to find out which
numbers were reported. He gets ``VEILLEUSE_CHECKS_PER_DAY`` answers a day, no more: after
that every attempt is refused (429) without a lookup, the refusals do not differ whether
the number was reported or not, and the moderators are alerted once.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from veilleuse.alerts.models import CheckCounter, LookupAlarm
from veilleuse.alerts.services import checks
from veilleuse.alerts.tests.test_checks import reported

ATTEMPTS = 10_000
# The script is stopped once it has been refused this many times in a row: the rest of the
# 10,000 would only be more of the same (and each costs a request; bounded to stay fast).
REFUSALS_BEFORE_GIVING_UP = 200
# The only part of a page that changes from one response to the next.
CSRF_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def numbers(count: int) -> list[str]:
    """``count`` distinct, valid French mobile numbers: 06 00 00 00 00, 06 00 00 00 01, …"""
    return [f"06{index:08d}" for index in range(count)]


def try_every_number(client, candidates):
    """What a script gets: the status of each check, and the refusal pages it saw (without
    their CSRF token); it gives up after REFUSALS_BEFORE_GIVING_UP refusals in a row."""
    url = reverse("alerts:check")
    statuses, refused_pages, in_a_row = [], set(), 0
    for raw in candidates:
        response = client.post(url, {"kind": "phone", "raw": raw})
        statuses.append(response.status_code)
        if response.status_code != 429:
            in_a_row = 0
            continue
        refused_pages.add(CSRF_TOKEN.sub(b"", response.content))
        in_a_row += 1
        if in_a_row == REFUSALS_BEFORE_GIVING_UP:
            break
    return statuses, refused_pages


def test_a_script_trying_10000_numbers_is_stopped_and_staff_alerted(
    client, network, monkeypatch, django_capture_on_commit_callbacks
):
    candidates = numbers(ATTEMPTS)
    reported(network, author=network.lin, raw=candidates[5_000])  # one of them is reported
    lookups = []
    real_grade = checks.identifier_grade
    monkeypatch.setattr(
        checks,
        "identifier_grade",
        lambda *, association_id, hashed: (
            lookups.append(hashed) or real_grade(association_id=association_id, hashed=hashed)
        ),
    )
    client.force_login(network.ana.user)
    with django_capture_on_commit_callbacks(execute=True):
        statuses, refused_pages = try_every_number(client, candidates)

    limit = settings.VEILLEUSE_CHECKS_PER_DAY
    assert statuses[:limit] == [200] * limit
    assert set(statuses[limit:]) == {429}
    assert len(statuses) == limit + REFUSALS_BEFORE_GIVING_UP
    assert len(lookups) == limit  # at most N lookups were performed
    assert len(refused_pages) == 1  # every refusal is the same page, reported or not
    counter = CheckCounter.objects.get(member=network.ana, day=timezone.localdate())
    assert (counter.count, counter.refused) == (limit, REFUSALS_BEFORE_GIVING_UP)
    alarm = LookupAlarm.objects.get(member=network.ana)
    assert alarm.count == limit + REFUSALS_BEFORE_GIVING_UP
    assert len(mail.outbox) == 2  # one e-mail to each moderator, mona and marc, once
    assert {message.to[0] for message in mail.outbox} == {"mona@example.org", "marc@example.org"}
    assert all("06" not in message.body.split("http")[0] for message in mail.outbox)
