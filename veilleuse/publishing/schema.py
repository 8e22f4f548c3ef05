"""The JSON Schema (draft 2020-12) of the open data, ``data/publication.json``.

It describes what ``publication_data`` returns (``veilleuse.publication/1``). A change that
removes or renames a field is a new schema version; adding an optional field is not.

``schema_errors`` checks a record against it with the ``jsonschema`` package, one readable
line per error.
"""

from __future__ import annotations

import json
from typing import Any

import jsonschema

from veilleuse.publishing.selectors import SCHEMA_ID

SCHEMA_URI = "https://json-schema.org/draft/2020-12/schema"
GRADES = ["yes", "rather_yes", "noncommittal", "rather_no", "no", "no_answer"]

STR = {"type": "string"}
INT = {"type": "integer"}
DATE = {"type": ["string", "null"], "description": "ISO 8601 date, or null"}
TIME = {"type": ["string", "null"], "description": "ISO 8601 date and time, or null"}
QUESTION_KEYS = ("number", "key", "theme", "text", "demand", "yes_means", "position")


def _object(properties: dict[str, Any], *, optional: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": sorted(key for key in properties if key not in optional),
        "additionalProperties": False,
    }


def _array(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


SPAN = _object(
    {
        "kind": STR,
        "label": STR,
        "start": INT,
        "end": INT,
        "text": STR,
        "authority": STR,
    },
    optional=("kind", "label", "authority"),
)
COMMITMENT = _object(
    {
        key: {"type": ["string", "number", "null"]}
        for key in ("what", "quantity", "unit", "budget", "deadline", "start", "end", "text")
    }
)


def _answer() -> dict[str, Any]:
    reviewed = {
        "text": STR,
        "grade": {"enum": GRADES},
        "score": {"type": ["integer", "null"]},
        "suggested_grade": {"type": ["string", "null"]},
        "reviewed_at": STR,
        "confirmed": {"type": "boolean"},
        "evidence": _array({"$ref": "#/$defs/span"}),
        "deflections": _array({"$ref": "#/$defs/span"}),
        "commitments": _array({"$ref": "#/$defs/commitment"}),
        "replies": _array(_object({"text": STR, "at": STR})),
    }
    base = {"candidate": STR, "question": INT, "status": {"enum": ["reviewed", "pending"]}}
    return _object({**base, **reviewed}, optional=tuple(reviewed))


def _campaign() -> dict[str, Any]:
    election = _object({"name": STR, "territory": STR, "first_round": DATE, "second_round": DATE})
    return _object(
        {
            "slug": STR,
            "title": STR,
            "introduction": STR,
            "association": STR,
            "election": election,
            "deadline": TIME,
            "four_eyes": {"type": "boolean"},
            "right_of_reply": {"type": "boolean"},
            "questionnaire_version": INT,
        }
    )


def _candidate() -> dict[str, Any]:
    document = _object({"path": STR, "source": STR, "name": STR})
    return _object(
        {
            "id": INT,
            "slug": STR,
            "name": STR,
            "party": STR,
            "head_of_list": STR,
            "territory": STR,
            "status": {"enum": ["answered", "invited", "not_invited"]},
            "submitted_at": TIME,
            "source": {"type": ["string", "null"]},
            "document": {"oneOf": [{"type": "null"}, document]},
            "contacts": _array(_object({"kind": STR, "at": STR})),
        }
    )


def _figure() -> dict[str, Any]:
    """Published figures (veilleuse/core/figures.py): suppressed counts are null."""
    labelled = {"title_fr": STR, "title_en": STR}
    cell = _object(
        {"key": STR, "label_fr": STR, "label_en": STR, "count": {"type": ["integer", "null"]}}
    )
    table = _object({"dimension": STR, **labelled, "cells": _array(cell)})
    return _object(
        {
            "source": STR,
            **labelled,
            "period_start": STR,
            "period_end": STR,
            "min_cell": INT,
            "total": {"type": ["integer", "null"]},
            "beside_questions": _array(INT),
            "tables": _array(table),
        }
    )


# --- the tracker (tracker.py): null until results are recorded --------------------------

STATUSES = ["not_started", "in_progress", "stalled", "kept", "compromise", "broken"]
STATUSES += ["unverifiable"]
ID_OR_NULL = {"type": ["integer", "null"]}


def _change() -> dict[str, Any]:
    document = _object({"path": STR, "source": STR})
    evidence = _object(
        {
            "kind": {"enum": ["link", "document", "note"]},
            "title": STR,
            "url": STR,
            "document": {"oneOf": [{"type": "null"}, document]},
            "dated": DATE,
            "note": STR,
        }
    )
    act = _object(
        {
            "kind": {"enum": ["deliberation", "subsidy", "order"]},
            **dict.fromkeys(("reference", "title", "url", "quote"), STR),
            "date": DATE,
        }
    )
    return _object(
        {
            "id": INT,
            "status": {"enum": STATUSES},
            "happened_on": STR,
            "reason": STR,
            "reason_note": STR,
            "note": STR,
            "published_at": TIME,
            "evidence": _array(evidence),
            "corrects": ID_OR_NULL,
            "correction_reason": STR,
            "corrected_by": ID_OR_NULL,
            "act": {"oneOf": [{"type": "null"}, act]},
        }
    )


def _tracker() -> dict[str, Any]:
    commitment = _object(
        {
            **dict.fromkeys(("slug", "list", "theme", "title", "quote", "source"), STR),
            "id": INT,
            "official": ID_OR_NULL,
            "question": ID_OR_NULL,
            "expected_by": DATE,
            "expected_label": STR,
            "status": {"enum": STATUSES},
            "changes": _array(_change()),
        }
    )
    official = {"id": INT, "name": STR, "role": STR, "portfolio": STR}
    tracker = _object(
        {
            "mandate": _object({"start": STR, "end": STR, "hypothetical": {"type": "boolean"}}),
            "officials": _array(_object({**official, "list": {"type": ["string", "null"]}})),
            "commitments": _array(commitment),
        }
    )
    return {"oneOf": [{"type": "null"}, tracker]}


def publication_schema() -> dict[str, Any]:
    """The schema of ``publication_data(campaign)``, as a dictionary."""
    return {
        "$schema": SCHEMA_URI,
        "$id": f"{SCHEMA_ID}.schema.json",
        "title": "Veilleuse publication: a campaign's reviewed answers",
        "$defs": {"span": SPAN, "commitment": COMMITMENT},
        **_object(
            {
                "schema": {"const": SCHEMA_ID},
                "generated_at": STR,
                "campaign": _campaign(),
                "scale": _array(
                    _object(
                        {
                            "code": {"enum": GRADES},
                            "label_fr": STR,
                            "label_en": STR,
                            "score": {"type": ["integer", "null"]},
                        }
                    )
                ),
                "themes": _array(_object({"id": INT, "title": STR, "position": INT})),
                "questions": _array(
                    _object({key: INT if key == "number" else STR for key in QUESTION_KEYS})
                ),
                "candidates": _array(_candidate()),
                "answers": _array(_answer()),
                "reviews": _object({"reviewers": INT, "first": TIME, "last": TIME}),
                "tracker": _tracker(),
                "figures": _array(_figure()),
            },
            # Records older than the tracker (or the figures) have none.
            optional=("tracker", "figures"),
        ),
    }


def schema_json() -> bytes:
    """``data/schema.json``: the schema, with sorted keys (the same bytes at every build)."""
    text = json.dumps(publication_schema(), ensure_ascii=False, indent=2, sort_keys=True)
    return (text + "\n").encode("utf-8")


def schema_errors(value: Any, schema: dict[str, Any]) -> list[str]:
    """The places where ``value`` does not follow ``schema`` (empty when it does), each as
    ``<JSON path>: <what is wrong>``, in document order."""
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(value), key=lambda error: list(error.absolute_path))
    return [f"{error.json_path}: {error.message}" for error in errors]
