"""Finding 18 of issue 12 (the quota part): the number check's quota is a rolling 24 hours,
as the docs say, not a calendar day that a member (or a stolen phone) could use twice around
midnight."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from veilleuse.alerts.services import checks

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def _at(monkeypatch: pytest.MonkeyPatch, moment: datetime) -> None:
    monkeypatch.setattr(checks, "_now", lambda: moment)


def _check(network: Any, number: int) -> bool:
    try:
        checks.number_check(member=network.rosa, kind="phone", raw=f"+33 6 12 34 56 {number:02d}")
    except checks.CheckRefused:
        return False
    return True


def test_the_quota_spent_before_midnight_still_counts_after_it(
    network: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.VEILLEUSE_CHECKS_PER_DAY = 3
    _at(monkeypatch, datetime(2026, 11, 3, 23, 10, tzinfo=PARIS))
    assert [_check(network, n) for n in range(3)] == [True, True, True]
    _at(monkeypatch, datetime(2026, 11, 4, 0, 20, tzinfo=PARIS))
    assert _check(network, 10) is False
    _at(monkeypatch, datetime(2026, 11, 4, 23, 30, tzinfo=PARIS))
    assert _check(network, 11) is True
