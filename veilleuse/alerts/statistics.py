"""Statistics for advocacy: counting reports, suppressing small cells, CSV and charts.

Plain Python over plain rows (``CountedReport``); the service
(``veilleuse.alerts.services.statistics``) picks the rows, this module counts them.

What is counted (docs/alerts-retention.md, "Statistics"):

- only reports whose author consented to statistics, and whose status is *submitted* or
  *approved* (rejected, withdrawn and merged reports are never counted: a merged report
  is already counted as the report it was merged into);
- three one-way tables: by month (the month the aggression happened), by zone, by kind.
  A report of two kinds counts once in each kind: the kind table adds up to more than the
  number of reports, and says so.

Suppression, so that no published figure points at a few people:

- *primary*: a cell under ``min_cell`` (``VEILLEUSE_STATISTICS_MIN_CELL``, 5) is never shown;
- *secondary*, against differencing: the number of counted reports can be learnt from
  another table, so a table with one hidden cell would give it away by subtraction. Within
  each table, the smallest visible cells are hidden too until at least two cells are hidden
  and the hidden cells add up to at least ``min_cell`` (or every cell is hidden).
- tables show no row or column totals; the one total published, the number of counted
  reports, is itself hidden when under ``min_cell``.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from veilleuse.core.figures import Bar, bar_chart_svg
from veilleuse.core.spreadsheet import csv_writer

MONTH, ZONE, KIND = "month", "zone", "kind"
DIMENSIONS = (MONTH, ZONE, KIND)
NO_ZONE = ""  # reports whose zone was not given


@dataclass(frozen=True)
class CountedReport:
    occurred_on: date
    zone: str  # the zone's name, or NO_ZONE
    kinds: tuple[str, ...]


@dataclass(frozen=True)
class Cell:
    key: str
    count: int | None  # None: suppressed


@dataclass(frozen=True)
class Table:
    dimension: str
    cells: tuple[Cell, ...]


def keys_of(report: CountedReport, dimension: str) -> Iterable[str]:
    """The cells a report counts in: one month, one zone, each of its kinds once."""
    if dimension == MONTH:
        return (report.occurred_on.strftime("%Y-%m"),)
    if dimension == ZONE:
        return (report.zone,)
    if dimension == KIND:
        return tuple(dict.fromkeys(report.kinds))
    raise ValueError(f"Unknown dimension {dimension!r}: use one of {DIMENSIONS}.")


def count(reports: Iterable[CountedReport], dimension: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for report in reports:
        counts.update(keys_of(report, dimension))
    return counts


def suppress(counts: Mapping[str, int], min_cell: int) -> dict[str, int | None]:
    """``counts`` with primary and secondary suppression applied (module docstring)."""
    hidden = {key for key, value in counts.items() if value < min_cell}
    visible = sorted((value, key) for key, value in counts.items() if key not in hidden)
    # Hidden cells that are all empty protect no report: nothing more to hide for them.
    while (
        hidden
        and visible
        and sum(counts[k] for k in hidden) > 0
        and (len(hidden) < 2 or sum(counts[k] for k in hidden) < min_cell)
    ):
        hidden.add(visible.pop(0)[1])
    return {key: (None if key in hidden else value) for key, value in counts.items()}


def table(
    reports: Iterable[CountedReport], dimension: str, *, min_cell: int, keys: Iterable[str] = ()
) -> Table:
    """One suppressed table; ``keys`` are listed even when no report counts in them, so that
    an absent category never says "zero" (a zero is suppressed like any small cell)."""
    counts = count(reports, dimension)
    for key in keys:
        counts.setdefault(key, 0)
    shown = suppress(counts, min_cell)
    order = sorted(shown) if dimension == MONTH else sorted(shown, key=lambda k: (k == "", k))
    return Table(dimension, tuple(Cell(key, shown[key]) for key in order))


def tables(
    reports: Iterable[CountedReport],
    *,
    min_cell: int,
    dimensions: Iterable[str] = DIMENSIONS,
    keys: Mapping[str, Iterable[str]] | None = None,
) -> dict[str, Table]:
    rows = list(reports)
    every = keys or {}
    return {
        dimension: table(rows, dimension, min_cell=min_cell, keys=every.get(dimension, ()))
        for dimension in dimensions
    }


def total(reports: Iterable[CountedReport], *, min_cell: int) -> int | None:
    """The number of counted reports, or None when it is itself a small cell."""
    number = sum(1 for _ in reports)
    return number if number >= min_cell else None


def table_csv(
    tables_by_dimension: Mapping[str, Table],
    *,
    label: Callable[[str, str], str],
    suppressed: str,
) -> str:
    """One CSV for the tables: ``dimension,key,label,count`` (``suppressed`` for hidden)."""
    out = io.StringIO()
    writer = csv_writer(out, lineterminator="\n")
    writer.writerow(["dimension", "key", "label", "count"])
    for dimension, shown in tables_by_dimension.items():
        for cell in shown.cells:
            value = suppressed if cell.count is None else cell.count
            writer.writerow([dimension, cell.key, label(dimension, cell.key), value])
    return out.getvalue()


def chart_svg(
    shown: Table,
    *,
    chart_id: str,
    title: str,
    description: str,
    label: Callable[[str, str], str],
    suppressed: str,
) -> str:
    bars = [Bar(label(shown.dimension, cell.key), cell.count) for cell in shown.cells]
    return bar_chart_svg(
        chart_id=chart_id, title=title, description=description, bars=bars, suppressed=suppressed
    )
