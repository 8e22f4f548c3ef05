"""Grading a stream of JSON lines: one output per good line, bad lines reported, lazily."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any, TextIO, cast

from veilleuse.analysis import grade_stream
from veilleuse.analysis.batch import BatchReport, LineError

QUESTION = "Financerez-vous un centre de santé communautaire pour les travailleuses du sexe ?"


def line(id_: Any, answer: Any, question: Any = QUESTION) -> str:
    return json.dumps({"id": id_, "question": question, "answer": answer}, ensure_ascii=False)


def run(text: str) -> tuple[BatchReport, list[dict[str, Any]], list[LineError]]:
    out = io.StringIO()
    errors: list[LineError] = []
    report = grade_stream(io.StringIO(text), out, on_error=errors.append)
    return report, [json.loads(row) for row in out.getvalue().splitlines()], errors


def test_each_valid_line_gives_one_output_line_with_its_id_and_grade() -> None:
    report, rows, errors = run(
        "\n".join(
            [
                line("a", "Non."),
                line(7, "Oui, nous y sommes favorables."),
                line("c", "Pas de réponse."),
            ]
        )
    )
    assert [(row["id"], row["grade"]) for row in rows] == [
        ("a", "no"),
        (7, "rather_yes"),
        ("c", "no_answer"),
    ]
    assert all({"confidence", "evidence", "commitments"} <= row.keys() for row in rows)
    assert errors == []
    assert report == BatchReport(processed=3, failed=0)


def test_malformed_lines_are_reported_by_number_and_the_rest_is_processed() -> None:
    report, rows, errors = run(
        "\n".join(
            [
                line("a", "Non."),
                '{"id": "b", "question": ',  # line 2: not JSON
                json.dumps({"id": "c", "answer": "Oui."}),  # line 3: no question
                line("d", 42),  # line 4: the answer is not text
                '["e", "question", "answer"]',  # line 5: not an object
                line(["f"], "Oui."),  # line 6: the id is a list
                line("g", "Oui, nous y sommes favorables."),
            ]
        )
    )
    assert [row["id"] for row in rows] == ["a", "g"]
    assert [(e.line, e.message) for e in errors] == [
        (2, errors[0].message),
        (3, "missing 'question'"),
        (4, "'answer' must be a string"),
        (5, "a line must be a JSON object with id, question and answer"),
        (6, "'id' must be a string or a number"),
    ]
    assert errors[0].message.startswith("not valid JSON")
    assert report == BatchReport(processed=2, failed=5)


def test_blank_lines_are_skipped_but_still_counted_in_line_numbers() -> None:
    report, rows, errors = run("\n\n" + line("a", "Non.") + "\n   \n" + "not json\n\n")
    assert [row["id"] for row in rows] == ["a"]
    assert [e.line for e in errors] == [5]
    assert report == BatchReport(processed=1, failed=1)


class _RecordingOutput(io.StringIO):
    """Remembers how far the input had been read when each output line was written."""

    def __init__(self, source: _CountingSource) -> None:
        super().__init__()
        self.source = source
        self.read_when_written: list[int] = []

    def write(self, text: str, /) -> int:
        self.read_when_written.append(self.source.read)
        return super().write(text)


class _CountingSource:
    """A generator of input lines that counts how many have been pulled from it."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.read = 0

    def __iter__(self) -> Iterator[str]:
        for number in range(1, self.total + 1):
            self.read = number
            # An empty answer is graded at once: the stream, not the grader, is under test.
            yield line(number, "") + "\n"


def test_a_long_stream_is_consumed_lazily_one_line_at_a_time() -> None:
    source = _CountingSource(20_000)
    out = _RecordingOutput(source)

    report = grade_stream(cast(TextIO, source), out, on_error=lambda error: None)

    assert report == BatchReport(processed=20_000, failed=0)
    # The output for line 1 was written when only line 1 had been generated…
    assert out.read_when_written[0] == 1
    # …and every output line followed its own input line, never a read-ahead of the rest.
    assert out.read_when_written == list(range(1, 20_001))
