"""The one way the project writes CSV: every cell neutralised against formula injection.

A spreadsheet runs a cell that starts with ``= + - @`` (or a tab or carriage return, which
some strip first) as a formula: a zone named ``=HYPERLINK("https://…")`` would become a link
in a journalist's spreadsheet. Every CSV we write (statistics exports, published figures,
open data) goes through ``csv_writer``, which prefixes such a cell with a quote; a test
(tests/security/test_csv_injection.py) refuses any other ``csv.writer`` in the package.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, Protocol

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _TextOut(Protocol):
    def write(self, text: str, /) -> Any: ...


def csv_cell(value: Any) -> str:
    """One cell as text a spreadsheet shows and never evaluates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return str(value)  # a negative number is a number, not a formula
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


class SafeCsvWriter:
    """``csv.writer`` whose rows pass through ``csv_cell``."""

    def __init__(self, out: _TextOut, **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([csv_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out: _TextOut, **options: Any) -> SafeCsvWriter:
    """The CSV writer of the project: ``csv.writer``'s options, every cell neutralised."""
    return SafeCsvWriter(out, **options)
