"""Grading a stream of (id, question, answer) records, one JSON object per line.

The stream is read and written line by line, so memory stays flat whatever its length. A bad
line is reported with its number and skipped; the rest is processed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TextIO

from .backends import GradingBackend, RuleBackend
from .schema import grading_to_dict


@dataclass(frozen=True, slots=True)
class LineError:
    line: int
    message: str


@dataclass(frozen=True, slots=True)
class BatchReport:
    processed: int
    failed: int


def parse_record(line: str, number: int) -> dict[str, Any]:
    """One input record; ValueError with a clear sentence when the line is not usable."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise ValueError(f"not valid JSON ({error.msg} at column {error.colno})") from None
    if not isinstance(record, dict):
        raise ValueError("a line must be a JSON object with id, question and answer")
    missing = [key for key in ("id", "question", "answer") if key not in record]
    if missing:
        raise ValueError("missing " + ", ".join(repr(k) for k in missing))
    for key in ("question", "answer"):
        if not isinstance(record[key], str):
            raise ValueError(f"{key!r} must be a string")
    if not isinstance(record["id"], (str, int)):
        raise ValueError("'id' must be a string or a number")
    return record


def grade_lines(
    lines: Iterable[str], backend: GradingBackend | None = None
) -> Iterator[tuple[int, dict[str, Any] | LineError]]:
    """For each non-blank input line, its number and either the output record or the error."""
    grader = backend or RuleBackend()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = parse_record(line, number)
        except ValueError as error:
            yield number, LineError(number, str(error))
            continue
        grading = grader.grade(record["question"], record["answer"])
        yield number, {"id": record["id"], **grading_to_dict(grading)}


def grade_stream(
    source: TextIO,
    out: TextIO,
    *,
    on_error: Callable[[LineError], None],
    on_progress: Callable[[int], None] | None = None,
    backend: GradingBackend | None = None,
) -> BatchReport:
    processed = failed = 0
    for _, result in grade_lines(source, backend):
        if isinstance(result, LineError):
            failed += 1
            on_error(result)
            continue
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
        processed += 1
        if on_progress is not None:
            on_progress(processed)
    return BatchReport(processed, failed)
