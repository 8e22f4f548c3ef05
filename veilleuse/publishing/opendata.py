"""The open data files of a published site: ``data/*.json`` and ``data/*.csv``.

Every function takes the ``publication_data`` dictionary and returns bytes, the same bytes for
the same dictionary. The CSV files are UTF-8 with a byte-order mark (so that Excel reads the
accents), quoted by the ``csv`` module, and a cell that a spreadsheet would run as a formula
(one starting with ``= + - @``, a tab or a carriage return) is prefixed with a quote.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from veilleuse.core.spreadsheet import csv_writer
from veilleuse.publishing.figures import figures_csv
from veilleuse.publishing.record import CommitmentRecord, EvidenceRecord, Publication
from veilleuse.publishing.schema import schema_json
from veilleuse.publishing.tracker import tracker_of

JOIN = " | "


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv_writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def publication_json(data: Publication) -> bytes:
    """``data/publication.json``: the dictionary as it is, keys sorted."""
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _columns(record: Mapping[str, object], keys: Sequence[str]) -> list[object]:
    return [record[key] for key in keys]


def _commitment(item: CommitmentRecord) -> str:
    parts = [item.get("what") or item.get("text") or ""]
    for key in ("budget", "deadline"):
        if item.get(key):
            parts.append(f"{key}: {item[key]}")
    return "; ".join(str(part) for part in parts if part)


def answer_rows(data: Publication) -> Iterable[list[Any]]:
    """One row per list × question, every list included (those without an answer too)."""
    answers = {(a["candidate"], a["question"]): a for a in data["answers"]}
    for candidate in data["candidates"]:
        for question in data["questions"]:
            answer = answers.get((candidate["slug"], question["number"]))
            status = answer["status"] if answer else "no_answer"
            reviewed: Mapping[str, Any] = answer if answer and status == "reviewed" else {}
            yield [
                candidate["name"],
                candidate["party"],
                candidate["territory"],
                question["number"],
                question["theme"],
                reviewed.get("grade", "no_answer" if answer is None else ""),
                reviewed.get("score"),
                status,
                reviewed.get("text", ""),
                JOIN.join(e.get("text") or "" for e in reviewed.get("evidence", [])),
                JOIN.join(_commitment(c) for c in reviewed.get("commitments", [])),
            ]


ANSWER_HEADER: tuple[str, ...] = (
    "candidate",
    "party",
    "territory",
    "question",
    "theme",
    "grade",
    "score",
    "status",
    "text",
    "evidence",
    "commitments",
)
CANDIDATE_HEADER: tuple[str, ...] = ("slug", "name", "party", "head_of_list", "territory", "status")
CANDIDATE_HEADER += ("submitted_at", "source", "contacts")
QUESTION_HEADER: tuple[str, ...] = ("number", "theme", "text", "demand", "yes_means", "position")


def answers_csv(data: Publication) -> bytes:
    return csv_bytes(ANSWER_HEADER, answer_rows(data))


def candidates_csv(data: Publication) -> bytes:
    rows = (
        [
            *_columns(c, CANDIDATE_HEADER[:-1]),
            JOIN.join(f"{contact['kind']} {contact['at']}" for contact in c["contacts"]),
        ]
        for c in data["candidates"]
    )
    return csv_bytes(CANDIDATE_HEADER, rows)


def questions_csv(data: Publication) -> bytes:
    rows = (_columns(q, QUESTION_HEADER) for q in data["questions"])
    return csv_bytes(QUESTION_HEADER, rows)


# --- the tracker (tracker.py): one row per tracked commitment, one per published change ---

COMMITMENT_HEADER: tuple[str, ...] = (
    "id",
    "slug",
    "list",
    "official",
    "question",
    "theme",
    "title",
    "quote",
)
COMMITMENT_HEADER += ("expected_by", "expected_label", "source", "status", "changes")
COMMITMENT_HEADER += ("hypothetical",)
CHANGE_HEADER: tuple[str, ...] = (
    "commitment_id",
    "commitment",
    "id",
    "status",
    "happened_on",
    "reason",
)
CHANGE_HEADER += ("reason_note", "note", "published_at", "corrects", "correction_reason")
CHANGE_HEADER += ("corrected_by", "evidence", "hypothetical")


def commitments_csv(data: Publication) -> bytes:
    tracker = tracker_of(data)
    lists = {c["slug"]: c["name"] for c in data["candidates"]}
    officials = {o["id"]: o["name"] for o in tracker["officials"]}
    rows = (
        [
            *_columns(c, COMMITMENT_HEADER[:2]),
            lists.get(c["list"], c["list"]),
            officials.get(c["official"], "") if c["official"] is not None else "",
            *_columns(c, COMMITMENT_HEADER[4:-2]),
            len(c["changes"]),
            tracker["mandate"]["hypothetical"],
        ]
        for c in tracker["commitments"]
    )
    return csv_bytes(COMMITMENT_HEADER, rows)


def _evidence(item: EvidenceRecord) -> str:
    document = item["document"]
    where = item["url"] or (document["path"] if document else "")
    return " ".join(str(part) for part in (item["dated"], item["title"], where) if part)


def commitment_changes_csv(data: Publication) -> bytes:
    tracker = tracker_of(data)
    rows = (
        [
            commitment["id"],
            commitment["title"],
            *_columns(change, CHANGE_HEADER[2:-2]),
            JOIN.join(_evidence(item) for item in change["evidence"]),
            tracker["mandate"]["hypothetical"],
        ]
        for commitment in tracker["commitments"]
        for change in commitment["changes"]
    )
    return csv_bytes(CHANGE_HEADER, rows)


def opendata_files(data: Publication) -> dict[str, Callable[[], bytes]]:
    """Path in the site → a function returning the file's bytes."""
    files: dict[str, Callable[[], bytes]] = {
        "data/publication.json": lambda: publication_json(data),
        "data/schema.json": schema_json,
        "data/answers.csv": lambda: answers_csv(data),
        "data/candidates.csv": lambda: candidates_csv(data),
        "data/questions.csv": lambda: questions_csv(data),
    }
    if data.get("figures"):  # published statistics (figures.py)
        files["data/figures.csv"] = lambda: figures_csv(data)
    if data.get("tracker"):
        files["data/commitments.csv"] = lambda: commitments_csv(data)
        files["data/commitment-changes.csv"] = lambda: commitment_changes_csv(data)
    return files
