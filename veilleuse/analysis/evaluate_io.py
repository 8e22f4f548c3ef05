"""Reading gold and predicted grades from JSONL files for ``veilleuse eval``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .document import AnalysisError
from .evaluate import agreement, format_agreement
from .grade import grade_answer
from .model import Grade

_VALID = {g.value for g in Grade}


def _records(path: str) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except OSError as error:
        raise AnalysisError(f"Cannot open {path}: {error.strerror}.") from None
    except UnicodeDecodeError:
        raise AnalysisError(f"{path} is not UTF-8 text.") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise AnalysisError(f"{path}, line {number}: not valid JSON ({error.msg}).") from None
        if not isinstance(record, dict) or "id" not in record:
            raise AnalysisError(f"{path}, line {number}: each line needs an 'id'.")
        yield number, record


def _grade(record: dict[str, Any], path: str, number: int) -> Grade:
    value = record.get("grade")
    if value not in _VALID:
        raise AnalysisError(
            f"{path}, line {number}: grade {value!r} is not one of {', '.join(sorted(_VALID))}."
        )
    return Grade(value)


def evaluate_files(gold_path: str, pred_path: str | None, *, as_json: bool = False) -> str:
    gold: dict[str, Grade] = {}
    answers: dict[str, tuple[str, str]] = {}
    for number, record in _records(gold_path):
        key = str(record["id"])
        gold[key] = _grade(record, gold_path, number)
        answers[key] = (str(record.get("question", "")), str(record.get("answer", "")))
    if not gold:
        raise AnalysisError(f"{gold_path} holds no graded answer.")
    if pred_path:
        predicted = {str(r["id"]): _grade(r, pred_path, n) for n, r in _records(pred_path)}
    else:
        predicted = {key: grade_answer(*answers[key]).grade for key in gold}
    missing = [key for key in gold if key not in predicted]
    if missing:
        raise AnalysisError(
            f"{len(missing)} gold answers have no prediction (first: {missing[0]!r})."
        )
    keys = list(gold)
    result = agreement([gold[k] for k in keys], [predicted[k] for k in keys])
    if as_json:
        return (
            json.dumps(
                {
                    "count": result.count,
                    "accuracy": result.accuracy,
                    "macro_f1": result.macro_f1,
                    "within_one": result.within_one,
                    "weighted_kappa": result.weighted_kappa,
                    "grades": [g.value for g in Grade],
                    "confusion": result.confusion,
                    "f1": dict(result.per_grade_f1),
                },
                indent=2,
            )
            + "\n"
        )
    return format_agreement(result)
