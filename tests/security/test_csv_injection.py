"""Finding 14 of issue 12: no CSV we write carries a formula a spreadsheet would run.

A zone named ``=HYPERLINK(…)`` reaches the statistics export and the published figures; each
goes through the one neutralising writer of ``veilleuse.core.spreadsheet``, and no other
``csv.writer`` exists in the package.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from veilleuse.alerts.statistics import Cell, Table, table_csv
from veilleuse.publishing.figures import figures_csv

PACKAGE = Path(__file__).resolve().parents[2] / "veilleuse"
ZONE = '=HYPERLINK("https://example.org/x","Belleville")'


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def test_a_formula_zone_name_is_neutralised_in_the_statistics_export() -> None:
    shown = {"zone": Table("zone", (Cell("belleville", 7), Cell("bois", None)))}
    text = table_csv(shown, label=lambda dimension, key: ZONE, suppressed="-5 hidden")
    cells = _cells(text)
    assert "'" + ZONE in cells
    assert ZONE not in cells
    assert "'-5 hidden" in cells


def test_a_formula_zone_name_is_neutralised_in_the_published_figures() -> None:
    figure: dict[str, Any] = {
        "source": "alerts",
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
        "tables": [
            {
                "dimension": "zone",
                "cells": [{"key": "z", "label_fr": ZONE, "label_en": "@SUM(A1)", "count": 9}],
            }
        ],
    }
    publication: Any = {"figures": [figure]}
    cells = _cells(figures_csv(publication).decode("utf-8-sig"))
    assert "'" + ZONE in cells
    assert "'@SUM(A1)" in cells
    assert "9" in cells


def test_every_csv_of_the_project_goes_through_the_neutralising_writer() -> None:
    writers = [
        f"{path.relative_to(PACKAGE)}:{number}"
        for path in PACKAGE.rglob("*.py")
        if "tests" not in path.parts and path.name != "spreadsheet.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\bcsv\.(writer|DictWriter)\(", line)
    ]
    assert not writers, "CSV written without veilleuse.core.spreadsheet.csv_writer: " + ", ".join(
        writers
    )
