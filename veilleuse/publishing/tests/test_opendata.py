"""The open data: CSV a spreadsheet opens safely, JSON that follows its published schema."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from veilleuse.core.spreadsheet import csv_cell
from veilleuse.demo import demo_load
from veilleuse.publishing.opendata import answers_csv, candidates_csv, questions_csv
from veilleuse.publishing.schema import publication_schema, schema_errors, schema_json
from veilleuse.publishing.selectors import publication_data


def rows_of(content: bytes) -> list[dict[str, str]]:
    assert content.startswith("\ufeff".encode())  # Excel reads the accents
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("formula", ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tx"])
def test_a_cell_a_spreadsheet_would_run_is_neutralised(formula: str) -> None:
    assert csv_cell(formula) == "'" + formula


def test_ordinary_cells_are_kept_as_they_are() -> None:
    assert [csv_cell(v) for v in ("Oui", 2, 100.0, None, True)] == ["Oui", "2", "100", "", "true"]


@pytest.mark.django_db
def test_answers_csv_has_a_row_per_list_and_question(cast: Any) -> None:
    data = publication_data(demo_load().campaign)
    rows = rows_of(answers_csv(data))
    assert len(rows) == 3 * 10
    gregoire = {r["question"]: r for r in rows if r["candidate"] == "Emmanuel Grégoire"}
    assert gregoire["2"]["grade"] == "yes"
    assert gregoire["2"]["score"] == "2"
    assert gregoire["2"]["text"].startswith("Oui.")
    silent = [r for r in rows if r["candidate"] == "Liste démo A"]
    assert {(r["grade"], r["status"], r["score"]) for r in silent} == {
        ("no_answer", "no_answer", "")
    }
    assert len(rows_of(candidates_csv(data))) == 3
    assert len(rows_of(questions_csv(data))) == 10


@pytest.mark.django_db
def test_a_list_named_like_a_formula_is_neutralised_in_the_csv(cast: Any) -> None:
    data = publication_data(demo_load().campaign)
    data["candidates"][0]["name"] = "=cmd|' /C calc'!A0"
    data["answers"][0]["text"] = "-1 déjà"
    names = {r["name"] for r in rows_of(candidates_csv(data))}
    assert "'=cmd|' /C calc'!A0" in names
    texts = {r["text"] for r in rows_of(answers_csv(data))}
    assert "'-1 déjà" in texts


@pytest.mark.django_db
def test_the_published_record_follows_its_schema(cast: Any) -> None:
    data = publication_data(demo_load().campaign)
    schema = json.loads(schema_json())
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema_errors(json.loads(json.dumps(data)), schema) == []


def test_the_validator_reports_what_does_not_follow_the_schema() -> None:
    schema = publication_schema()
    missing = schema_errors({"schema": "veilleuse.publication/1"}, schema)
    assert "$: 'answers' is a required property" in missing
    wrong = {"scale": [{"code": "maybe", "label_fr": "", "label_en": "", "score": 0}]}
    assert "$.scale[0].code: 'maybe' is not one of" in " ".join(schema_errors(wrong, schema))
    unexpected = " ".join(schema_errors({"extra": 1}, schema))
    assert "$: Additional properties are not allowed ('extra' was unexpected)" in unexpected


def test_the_schema_is_the_same_bytes_each_time() -> None:
    assert schema_json() == schema_json()
