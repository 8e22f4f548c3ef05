"""Statistics for advocacy: previewing, publishing and unpublishing them.

The counting and suppression rules are in ``veilleuse.alerts.statistics`` (plain Python);
this module reads the rows that may be counted and stores what staff chose to publish. A
publication holds only the suppressed tables, with their labels in French and English for
the published site (``selectors.statistics.public_statistics``, registered in
``veilleuse.core.figures``).
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, translation
from django.utils.translation import gettext as _

from veilleuse.accounts.models import Association, User
from veilleuse.alerts.models import (
    LIVE_REPORT_STATUSES,
    Report,
    ReportKind,
    StatisticsPublication,
    Zone,
)
from veilleuse.alerts.statistics import (
    DIMENSIONS,
    KIND,
    MONTH,
    NO_ZONE,
    ZONE,
    CountedReport,
    Table,
    tables,
    total,
)
from veilleuse.core.audit import audit, audited_delete
from veilleuse.core.figures import FigureTable

COUNTED_STATUSES = LIVE_REPORT_STATUSES
PUBLIC_LANGUAGES = ("fr", "en")


@dataclass(frozen=True)
class Preview:
    period_start: date
    period_end: date
    min_cell: int
    total: int | None
    tables: dict[str, Table]


def min_cell() -> int:
    return max(int(settings.VEILLEUSE_STATISTICS_MIN_CELL), 1)


def counted_reports(
    *, association: Association, period_start: date, period_end: date
) -> list[CountedReport]:
    """The reports that may be counted: consented to statistics, submitted or approved."""
    rows = (
        Report.objects.filter(
            association=association,
            consent_statistics=True,
            status__in=COUNTED_STATUSES,
            occurred_on__gte=period_start,
            occurred_on__lte=period_end,
        )
        .order_by()
        .values_list("occurred_on", "zone__slug", "kinds")
    )
    return [
        CountedReport(occurred_on, zone or NO_ZONE, tuple(kinds or ()))
        for occurred_on, zone, kinds in rows
    ]


def _check_period(period_start: date | None, period_end: date | None) -> tuple[date, date]:
    """The period widened to whole months: a day-level period would let two overlapping
    previews be subtracted down to one report's day (issue 12)."""
    if period_start is None or period_end is None or period_start > period_end:
        raise ValidationError(_("Choose a period whose start comes before its end."))
    last_day = calendar.monthrange(period_end.year, period_end.month)[1]
    return period_start.replace(day=1), period_end.replace(day=last_day)


def _months(period_start: date, period_end: date) -> list[str]:
    months, day = [], period_start
    while day <= period_end:
        months.append(day.strftime("%Y-%m"))
        day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return months


def _every_category(association: Association, start: date, end: date) -> dict[str, list[str]]:
    """Every month, zone and kind, listed whether or not a report counts in it."""
    zones = list(Zone.objects.filter(association=association).values_list("slug", flat=True))
    return {
        MONTH: _months(start, end),
        ZONE: [*zones, NO_ZONE],
        KIND: [kind.value for kind in ReportKind],
    }


def _preview(*, association: Association, period_start: date, period_end: date) -> Preview:
    period_start, period_end = _check_period(period_start, period_end)
    rows = counted_reports(
        association=association, period_start=period_start, period_end=period_end
    )
    smallest = min_cell()
    every = _every_category(association, period_start, period_end)
    return Preview(
        period_start,
        period_end,
        smallest,
        total(rows, min_cell=smallest),
        tables(rows, min_cell=smallest, keys=every),
    )


@transaction.atomic
def statistics_preview(
    *, actor: User, association: Association, period_start: date, period_end: date
) -> Preview:
    """The suppressed tables of a period, as staff see them; each look is audited, so that
    a series of previews aimed at one report can be noticed."""
    preview = _preview(association=association, period_start=period_start, period_end=period_end)
    audit(
        actor=actor,
        action="statistics.preview",
        association_id=association.pk,
        period_start=preview.period_start.isoformat(),
        period_end=preview.period_end.isoformat(),
    )
    return preview


def label_function(*, association: Association) -> Callable[[str, str], str]:
    """``label(dimension, key)`` in the active language: month, zone name or kind."""
    zones = dict(Zone.objects.filter(association=association).values_list("slug", "name"))
    kinds = dict(ReportKind.choices)

    def label(dimension: str, key: str) -> str:
        if dimension == MONTH:
            year, month = key.split("-")
            return formats.date_format(date(int(year), int(month), 1), "YEAR_MONTH_FORMAT")
        if dimension == ZONE:
            return zones.get(key, key) if key != NO_ZONE else _("zone not given")
        return str(kinds.get(key, key))

    return label


def dimension_titles() -> dict[str, str]:
    return {
        MONTH: _("Reports by month"),
        ZONE: _("Reports by zone"),
        KIND: _("Reports by kind of violence (a report of two kinds counts in both)"),
    }


def _in(lang: str, text: Callable[..., str], *args: str) -> str:
    """``text(*args)`` in ``lang``, one of PUBLIC_LANGUAGES."""
    with translation.override(lang):
        return str(text(*args))


def _title(dimension: str) -> str:
    return dimension_titles()[dimension]


def _published_tables(
    association: Association, preview: Preview, dimensions: Iterable[str]
) -> list[FigureTable]:
    label = label_function(association=association)
    return [
        {
            "dimension": dimension,
            "title_fr": _in("fr", _title, dimension),
            "title_en": _in("en", _title, dimension),
            "cells": [
                {
                    "key": cell.key,
                    "count": cell.count,
                    "label_fr": _in("fr", label, dimension, cell.key),
                    "label_en": _in("en", label, dimension, cell.key),
                }
                for cell in preview.tables[dimension].cells
            ],
        }
        for dimension in dimensions
    ]


@transaction.atomic
def statistics_publish(
    *,
    actor: User,
    association: Association,
    period_start: date,
    period_end: date,
    dimensions: Iterable[str],
    beside_questions: Iterable[int] = (7, 8),
) -> StatisticsPublication:
    """Publish the chosen tables of a period: the suppressed figures only."""
    chosen = [d for d in DIMENSIONS if d in set(dimensions)]
    if not chosen:
        raise ValidationError(_("Choose at least one table to publish."))
    preview = _preview(association=association, period_start=period_start, period_end=period_end)
    _refuse_overlap(association, preview)
    publication = StatisticsPublication(
        association=association,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        period_start=preview.period_start,
        period_end=preview.period_end,
        min_cell=preview.min_cell,
        total=preview.total,
        tables=_published_tables(association, preview, chosen),
        beside_questions=sorted({int(n) for n in beside_questions}),
    )
    publication.full_clean()
    publication.save()
    audit(
        actor=actor,
        action="statistics.publish",
        target=publication,
        association_id=association.pk,
        tables=chosen,
    )
    return publication


def _refuse_overlap(association: Association, preview: Preview) -> None:
    """Two published periods that overlap without being the same can be subtracted (January
    to July minus January to June is July): publish adjacent periods instead."""
    overlapping = (
        StatisticsPublication.objects.filter(
            association=association,
            period_start__lte=preview.period_end,
            period_end__gte=preview.period_start,
        )
        .exclude(period_start=preview.period_start, period_end=preview.period_end)
        .exists()
    )
    if overlapping:
        raise ValidationError(
            _(
                "This period overlaps a period already published, and the two could be "
                "subtracted from each other. Publish a period next to it, or unpublish the "
                "other first."
            )
        )


@transaction.atomic
def statistics_unpublish(*, actor: User, publication: StatisticsPublication) -> None:
    audited_delete(
        actor=actor,
        action="statistics.unpublish",
        target=publication,
        association_id=publication.association_id,
    )
