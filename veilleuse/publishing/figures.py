"""Figures other apps published for the association (``veilleuse.core.figures``), as shown
on the site: a bar chart (SVG, no script) with the same numbers in a table beside it, and
one CSV in the open data. A suppressed cell shows as "fewer than N", never as a number."""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from veilleuse.core.figures import Bar, bar_chart_svg
from veilleuse.core.spreadsheet import csv_writer
from veilleuse.publishing.record import Publication


def _text(item: Mapping[str, object], key: str, lang: str) -> str:
    return str(item.get(f"{key}_{lang}") or item.get(f"{key}_en") or "")


def figures_beside(data: Publication, number: int, lang: str) -> list[dict[str, Any]]:
    """The figures to show on the page of question ``number``, ready for the template."""
    shown = []
    for index, figure in enumerate(data.get("figures") or []):
        if number not in figure.get("beside_questions", []):
            continue
        fewer = _("fewer than %(count)s") % {"count": figure["min_cell"]}
        tables = []
        for position, table in enumerate(figure["tables"]):
            title = _text(table, "title", lang)
            bars = [Bar(_text(c, "label", lang), c["count"]) for c in table["cells"]]
            rows = [{"label": bar.label, "count": bar.value} for bar in bars]
            svg = bar_chart_svg(
                chart_id=f"figure-{index}-{position}",
                title=title,
                description=_("Bar chart; the table beside it gives the same numbers."),
                bars=bars,
                suppressed=fewer,
            )
            # bar_chart_svg escapes every text it draws.
            tables.append({"title": title, "svg": mark_safe(svg), "rows": rows})  # noqa: S308
        shown.append(
            {**figure, "title": _text(figure, "title", lang), "fewer": fewer, "tables": tables}
        )
    return shown


def figures_csv(data: Publication) -> bytes:
    """``data/figures.csv``: one line per published cell; a suppressed count is empty."""
    out = io.StringIO()
    writer = csv_writer(out, lineterminator="\n")
    writer.writerow(
        [
            "source",
            "period_start",
            "period_end",
            "dimension",
            "key",
            "label_fr",
            "label_en",
            "count",
        ]
    )
    for figure in data.get("figures") or []:
        for table in figure["tables"]:
            for cell in table["cells"]:
                writer.writerow(
                    [
                        figure["source"],
                        figure["period_start"],
                        figure["period_end"],
                        table["dimension"],
                        cell["key"],
                        cell["label_fr"],
                        cell["label_en"],
                        "" if cell["count"] is None else cell["count"],
                    ]
                )
    return out.getvalue().encode("utf-8")
