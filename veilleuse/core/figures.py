"""Public figures offered to the published site, and the bar chart they are drawn as.

The published site (``veilleuse.publishing``) may not import the alert network, and the
alert network may not import publishing (tests/test_architecture.py). This module is the
neutral meeting point: an app registers a *provider* when it starts
(``figures_provider_register``), and publishing asks ``public_figures(association_id)`` for
what to show. A provider returns plain, JSON-ready dictionaries of figures that staff chose to
publish and that are already safe to publish (small counts suppressed): never raw rows.

Shape of one figure (``publication_data()["figures"]``, docs/alerts-retention.md)::

    {"source": "alerts.statistics", "title_fr": ..., "title_en": ...,
     "period_start": "2026-01-01", "period_end": "2026-06-30", "min_cell": 5,
     "beside_questions": [7, 8],
     "tables": [{"dimension": "kind", "title_fr": ..., "title_en": ...,
                 "cells": [{"key": "theft", "label_fr": ..., "label_en": ..., "count": 12},
                           {"key": "threats", ..., "count": None}]}]}

``count`` is None for a suppressed cell. ``bar_chart_svg`` draws a table as an SVG that is
readable without JavaScript or CSS: presentation attributes only (no ``style``), a
``<title>`` and ``<desc>`` named by ``aria-labelledby``, one ``<title>`` per bar.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from typing import TypedDict


class FigureCell(TypedDict):
    key: str
    label_fr: str
    label_en: str
    count: int | None  # None: suppressed


class FigureTable(TypedDict):
    dimension: str
    title_fr: str
    title_en: str
    cells: list[FigureCell]


class Figure(TypedDict):
    """One published figure, as the module docstring shows it."""

    source: str
    title_fr: str
    title_en: str
    period_start: str
    period_end: str
    min_cell: int
    total: int | None
    beside_questions: list[int]
    tables: list[FigureTable]


Provider = Callable[[int], list[Figure]]

_providers: dict[str, Provider] = {}


def figures_provider_register(name: str, provider: Provider) -> None:
    """Offer ``provider(association_id) -> [figure, ...]`` to the published site."""
    _providers[name] = provider


def public_figures(association_id: int) -> list[Figure]:
    """Every registered provider's published figures for an association, in name order."""
    figures: list[Figure] = []
    for name in sorted(_providers):
        figures.extend(_providers[name](association_id))
    return figures


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | None  # None: suppressed, drawn as a label without a bar


LABEL_WIDTH = 200
BAR_AREA = 320
ROW = 26
TOP = 8
BAR_COLOUR = "#5b3f8c"
TEXT_COLOUR = "#1d1d1f"
MUTED_COLOUR = "#6b6b6b"


def bar_chart_svg(
    *, chart_id: str, title: str, description: str, bars: Sequence[Bar], suppressed: str
) -> str:
    """A horizontal bar chart as a standalone ``<svg>`` element (escaped, safe to embed).

    ``suppressed`` is the text shown instead of a suppressed value (e.g. "fewer than 5").
    """
    height = TOP * 2 + ROW * max(len(bars), 1)
    width = LABEL_WIDTH + BAR_AREA + 110
    top_value = max((bar.value or 0 for bar in bars), default=0) or 1
    rows = [_bar_row(index, bar, top_value, suppressed) for index, bar in enumerate(bars)]
    safe_id = escape(chart_id, quote=True)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'aria-labelledby="{safe_id}-title {safe_id}-desc" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'font-family="sans-serif" font-size="13">'
        f'<title id="{safe_id}-title">{escape(title)}</title>'
        f'<desc id="{safe_id}-desc">{escape(description)}</desc>'
        f"{''.join(rows)}</svg>"
    )


def _bar_row(index: int, bar: Bar, top_value: int, suppressed: str) -> str:
    y = TOP + index * ROW
    middle = y + ROW // 2 + 4
    shown = suppressed if bar.value is None else str(bar.value)
    label = escape(bar.label)
    parts = [
        f"<g><title>{label}: {escape(shown)}</title>",
        f'<text x="{LABEL_WIDTH - 8}" y="{middle}" text-anchor="end" fill="{TEXT_COLOUR}">'
        f"{label}</text>",
    ]
    if bar.value is None:
        parts.append(
            f'<text x="{LABEL_WIDTH}" y="{middle}" fill="{MUTED_COLOUR}" '
            f'font-style="italic">{escape(suppressed)}</text>'
        )
    else:
        length = max(round(BAR_AREA * bar.value / top_value), 1 if bar.value else 0)
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{length}" height="{ROW - 8}" '
            f'fill="{BAR_COLOUR}"/>'
            f'<text x="{LABEL_WIDTH + length + 6}" y="{middle}" fill="{TEXT_COLOUR}">'
            f"{bar.value}</text>"
        )
    parts.append("</g>")
    return "".join(parts)
