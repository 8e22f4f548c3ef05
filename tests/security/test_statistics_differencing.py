"""Finding 7 of issue 12: statistics cannot be differenced down to one report.

Periods are whole months (a day-level period is widened to its months), every zone and kind
is always listed (an absent category no longer says "zero"), a period that overlaps a
published one cannot be published, and every preview is in the audit log.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from veilleuse.alerts.models import ReportKind
from veilleuse.alerts.services.statistics import statistics_preview, statistics_publish
from veilleuse.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _preview(network: Any, actor: Any, start: date, end: date) -> Any:
    return statistics_preview(
        actor=actor, association=network.association, period_start=start, period_end=end
    )


def test_a_day_level_period_is_widened_to_whole_months(network: Any) -> None:
    preview = _preview(network, network.moderator, date(2026, 3, 10), date(2026, 3, 11))
    assert (preview.period_start, preview.period_end) == (date(2026, 3, 1), date(2026, 3, 31))
    february = _preview(network, network.moderator, date(2026, 2, 14), date(2026, 2, 14))
    assert february.period_end == date(2026, 2, 28)


def test_every_zone_and_kind_is_listed_even_with_no_report(network: Any) -> None:
    preview = _preview(network, network.moderator, date(2026, 1, 1), date(2026, 12, 31))
    zones = {cell.key for cell in preview.tables["zone"].cells}
    kinds = {cell.key for cell in preview.tables["kind"].cells}
    months = [cell.key for cell in preview.tables["month"].cells]
    assert set(network.zones) <= zones
    assert {kind.value for kind in ReportKind} <= kinds
    assert months == [f"2026-{month:02d}" for month in range(1, 13)]
    assert all(cell.count is None for cell in preview.tables["zone"].cells)


def test_every_preview_is_written_to_the_audit_log(network: Any) -> None:
    _preview(network, network.moderator, date(2026, 1, 5), date(2026, 2, 3))
    entry = AuditEntry.objects.get(action="statistics.preview")
    assert entry.actor == network.moderator
    assert entry.data == {"period_start": "2026-01-01", "period_end": "2026-02-28"}


def test_a_period_overlapping_a_published_one_cannot_be_published(network: Any) -> None:
    def publish(start: date, end: date) -> Any:
        return statistics_publish(
            actor=network.moderator,
            association=network.association,
            period_start=start,
            period_end=end,
            dimensions=["zone"],
        )

    publish(date(2026, 1, 1), date(2026, 6, 30))
    with pytest.raises(ValidationError):
        publish(date(2026, 1, 1), date(2026, 7, 31))
    publish(date(2026, 7, 1), date(2026, 7, 31))  # next to it: nothing to subtract
