"""Reading gold and predicted grades from JSONL files for ``veilleuse eval``.

Two kinds of gold file are read:

- graded sets (``evaluation/*.jsonl``): ``id``, ``grade`` and, to grade them, ``question`` and
  ``answer`` (and ``yes_means`` where the questionnaire says what counts as a yes);
- stance sets (x-stance): ``id``, ``question``, ``comment`` and ``label`` FAVOR / AGAINST,
  with ``numerical_label`` 100 / 75 / 25 / 0 read as yes / rather yes / rather no / no.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .backends import GradingBackend, RuleBackend
from .calibration import (
    TABLE,
    Reliability,
    fit,
    format_reliability,
    raw_confidences,
    reliability,
    write_table,
)
from .document import AnalysisError
from .evaluate import (
    STANCE_LABELS,
    Agreement,
    StanceAgreement,
    agreement,
    format_agreement,
    format_stance,
    stance_agreement,
)
from .model import Grade, Grading

_VALID = {g.value for g in Grade}
_NUMERICAL = {100: Grade.YES, 75: Grade.RATHER_YES, 25: Grade.RATHER_NO, 0: Grade.NO}


@dataclass(frozen=True, slots=True)
class GoldItem:
    key: str
    question: str
    answer: str
    grade: Grade | None  # None for a stance-only item
    label: str = ""  # FAVOR / AGAINST on stance sets
    yes_means: str = ""


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Everything ``veilleuse eval`` reports on one gold file."""

    agreement: Agreement | None
    stance: StanceAgreement | None
    reliability: Reliability | None


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


def _gold_item(record: dict[str, Any], path: str, number: int) -> GoldItem:
    key = str(record["id"])
    question = str(record.get("question", ""))
    yes_means = str(record.get("yes_means", ""))
    if "grade" in record or record.get("label") not in STANCE_LABELS:
        grade = _grade(record, path, number)
        return GoldItem(key, question, str(record.get("answer", "")), grade, "", yes_means)
    grade_4 = _NUMERICAL.get(record.get("numerical_label", -1))
    answer = str(record.get("comment", record.get("answer", "")))
    return GoldItem(key, question, answer, grade_4, str(record["label"]), yes_means)


def read_gold(path: str) -> list[GoldItem]:
    items = [_gold_item(record, path, number) for number, record in _records(path)]
    if not items:
        raise AnalysisError(f"{path} holds no graded answer.")
    return items


def grade_items(items: list[GoldItem], backend: GradingBackend | None = None) -> list[Grading]:
    grader = backend or RuleBackend()
    return [grader.grade(i.question, i.answer, (), yes_means=i.yes_means) for i in items]


def evaluate(
    items: list[GoldItem],
    predicted: list[Grade],
    gradings: list[Grading] | None = None,
) -> Evaluation:
    pairs = list(zip(items, predicted, strict=True))
    graded = [(i.grade, p) for i, p in pairs if i.grade is not None]
    labelled = [(i.label, p) for i, p in pairs if i.label]
    return Evaluation(
        agreement([g for g, _ in graded], [p for _, p in graded]) if graded else None,
        stance_agreement([g for g, _ in labelled], [p for _, p in labelled]) if labelled else None,
        _reliability(items, gradings) if gradings is not None else None,
    )


def _reliability(items: list[GoldItem], gradings: list[Grading]) -> Reliability | None:
    pairs = [
        (g.confidence, g.grade == i.grade)
        for i, g in zip(items, gradings, strict=True)
        if i.grade is not None
    ]
    return reliability(pairs) if pairs else None


def fit_calibration(paths: Sequence[str], out: str | None = None) -> dict[str, float]:
    """Fit the confidence of each rule on development files (never on a held-out set):
    grade their answers with raw confidences and count how often each rule was right."""
    observations = []
    with raw_confidences():
        for path in paths:
            items = [i for i in read_gold(path) if i.grade is not None]
            for item, grading in zip(items, grade_items(items), strict=True):
                observations.append((grading.rule, grading.confidence, grading.grade == item.grade))
    table = fit(observations)
    write_table(table, paths, Path(out) if out else TABLE)
    return table


def evaluate_files(
    gold_path: str,
    pred_path: str | None,
    *,
    as_json: bool = False,
    backend: GradingBackend | None = None,
) -> str:
    items = read_gold(gold_path)
    gradings: list[Grading] | None = None
    if pred_path:
        predicted_by_key = {str(r["id"]): _grade(r, pred_path, n) for n, r in _records(pred_path)}
        missing = [item.key for item in items if item.key not in predicted_by_key]
        if missing:
            raise AnalysisError(
                f"{len(missing)} gold answers have no prediction (first: {missing[0]!r})."
            )
        predicted = [predicted_by_key[item.key] for item in items]
    else:
        gradings = grade_items(items, backend)
        predicted = [g.grade for g in gradings]
    result = evaluate(items, predicted, gradings)
    return _as_json(result) if as_json else _as_text(result)


def _as_text(result: Evaluation) -> str:
    parts = []
    if result.agreement:
        parts.append(format_agreement(result.agreement))
    if result.stance:
        parts.append("FAVOR / AGAINST\n" + format_stance(result.stance))
    if result.reliability:
        parts.append(format_reliability(result.reliability))
    return "\n".join(parts)


def _agreement_json(a: Agreement) -> dict[str, object]:
    return {
        "count": a.count,
        "accuracy": a.accuracy,
        "macro_f1": a.macro_f1,
        "within_one": a.within_one,
        "weighted_kappa": a.weighted_kappa,
        "side_flips": a.side_flips,
        "grades": [g.value for g in Grade],
        "confusion": a.confusion,
        "f1": dict(a.per_grade_f1),
    }


def _stance_json(s: StanceAgreement) -> dict[str, object]:
    return {
        "count": s.count,
        "commit_rate": s.commit_rate,
        "right_when_committed": s.right_when_committed,
        "committed": s.committed,
        "right_side": s.right_side,
        "macro_f1": s.macro_f1,
        "f1": dict(s.per_label_f1),
    }


def _calibration_json(r: Reliability) -> dict[str, object]:
    bins = [
        {
            "low": b.low,
            "high": b.high,
            "count": b.count,
            "confidence": b.confidence,
            "accuracy": b.accuracy,
        }
        for b in r.bins
    ]
    return {"ece": r.ece, "bins": bins}


def _as_json(result: Evaluation) -> str:
    out: dict[str, object] = {}
    if result.agreement:
        out.update(_agreement_json(result.agreement))
    if result.stance:
        out["stance"] = _stance_json(result.stance)
    if result.reliability:
        out["calibration"] = _calibration_json(result.reliability)
    return json.dumps(out, indent=2) + "\n"
