"""Agreement between suggested grades and human grades.

Metrics (documented in docs/evaluation.md):
- accuracy: share of identical grades;
- macro-F1: the mean over the grades present in gold or predictions of each grade's F1;
- within one step: share of pairs at most one step apart on the ordinal scale
  yes > rather_yes > noncommittal > rather_no > no; ``no_answer`` agrees only with itself;
- weighted kappa: Cohen's kappa with quadratic weights over the six grades, the five ordinal
  grades at distance |i - j| and ``no_answer`` at the maximal distance (4) from every other;
- side flips: answers on one side (yes, rather yes) graded on the other (rather no, no);
- for sets labelled only FAVOR / AGAINST (x-stance): how often the engine commits to a side,
  how often that side is right, and the macro-F1 over FAVOR and AGAINST, where a
  non-committal suggestion counts as a miss of the gold side.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .model import Grade

GRADES = tuple(Grade)
_POSITION = {g: i for i, g in enumerate(GRADES)}


@dataclass(frozen=True, slots=True)
class Agreement:
    count: int
    accuracy: float
    macro_f1: float
    within_one: float
    weighted_kappa: float
    confusion: tuple[tuple[int, ...], ...]  # rows: gold, columns: predicted, in GRADES order
    per_grade_f1: tuple[tuple[str, float], ...]
    side_flips: int = 0


FAVOR, AGAINST = "FAVOR", "AGAINST"
STANCE_LABELS = (FAVOR, AGAINST)


def side(grade: Grade) -> str | None:
    """FAVOR for yes and rather yes, AGAINST for rather no and no, None otherwise."""
    if grade in (Grade.YES, Grade.RATHER_YES):
        return FAVOR
    if grade in (Grade.RATHER_NO, Grade.NO):
        return AGAINST
    return None


@dataclass(frozen=True, slots=True)
class StanceAgreement:
    """Suggested grades against gold FAVOR / AGAINST labels."""

    count: int
    committed: int
    right_side: int
    macro_f1: float
    per_label_f1: tuple[tuple[str, float], ...]

    @property
    def commit_rate(self) -> float:
        return self.committed / self.count

    @property
    def right_when_committed(self) -> float:
        return self.right_side / self.committed if self.committed else 0.0


def stance_agreement(gold: Sequence[str], predicted: Sequence[Grade]) -> StanceAgreement:
    if len(gold) != len(predicted) or not gold:
        raise ValueError("gold labels and predicted grades must pair up one to one")
    sides = [side(p) for p in predicted]
    pairs = list(zip(gold, sides, strict=True))
    per_label = [(label, _label_f1(pairs, label)) for label in STANCE_LABELS]
    return StanceAgreement(
        count=len(gold),
        committed=sum(s is not None for s in sides),
        right_side=sum(g == s for g, s in pairs),
        macro_f1=sum(f for _, f in per_label) / len(per_label),
        per_label_f1=tuple(per_label),
    )


def _label_f1(pairs: list[tuple[str, str | None]], label: str) -> float:
    tp = sum(g == label and s == label for g, s in pairs)
    fp = sum(g != label and s == label for g, s in pairs)
    fn = sum(g == label and s != label for g, s in pairs)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def format_stance(result: StanceAgreement) -> str:
    return (
        f"answers compared:    {result.count}\n"
        f"commit rate:         {result.commit_rate:.3f} ({result.committed} answers on a side)\n"
        f"right side when committed: {result.right_when_committed:.3f}"
        f" ({result.right_side} of {result.committed})\n"
        f"macro-F1 FAVOR/AGAINST: {result.macro_f1:.3f} ("
        + ", ".join(f"{label} {f:.2f}" for label, f in result.per_label_f1)
        + ")\n"
    )


def _distance(a: Grade, b: Grade) -> int:
    if a == b:
        return 0
    if Grade.NO_ANSWER in (a, b):
        return 4
    return abs(_POSITION[a] - _POSITION[b])


def agreement(gold: Sequence[Grade], predicted: Sequence[Grade]) -> Agreement:
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted grades must pair up one to one")
    n = len(gold)
    if n == 0:
        raise ValueError("there is nothing to compare")
    confusion = [[0] * len(GRADES) for _ in GRADES]
    for g, p in zip(gold, predicted, strict=True):
        confusion[_POSITION[g]][_POSITION[p]] += 1
    accuracy = sum(g == p for g, p in zip(gold, predicted, strict=True)) / n
    within = sum(_distance(g, p) <= 1 for g, p in zip(gold, predicted, strict=True)) / n
    per_grade = _per_grade_f1(gold, predicted)
    macro = sum(f for _, f in per_grade) / len(per_grade)
    return Agreement(
        n,
        accuracy,
        macro,
        within,
        _kappa(confusion, n),
        tuple(tuple(row) for row in confusion),
        per_grade,
        sum(_flipped(g, p) for g, p in zip(gold, predicted, strict=True)),
    )


def _flipped(gold: Grade, predicted: Grade) -> bool:
    sides = {side(gold), side(predicted)}
    return sides == {FAVOR, AGAINST}


def _per_grade_f1(
    gold: Sequence[Grade], predicted: Sequence[Grade]
) -> tuple[tuple[str, float], ...]:
    pairs = list(zip(gold, predicted, strict=True))
    result = []
    for grade in GRADES:
        if grade not in gold and grade not in predicted:
            continue
        tp = sum(g == grade and p == grade for g, p in pairs)
        fp = sum(g != grade and p == grade for g, p in pairs)
        fn = sum(g == grade and p != grade for g, p in pairs)
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        result.append((grade.value, f1))
    return tuple(result)


def _kappa(confusion: list[list[int]], n: int) -> float:
    size = len(GRADES)
    weights = [
        [(_distance(GRADES[i], GRADES[j]) / 4) ** 2 for j in range(size)] for i in range(size)
    ]
    rows = [sum(r) for r in confusion]
    cols = [sum(confusion[i][j] for i in range(size)) for j in range(size)]
    observed = sum(weights[i][j] * confusion[i][j] for i in range(size) for j in range(size))
    expected = sum(weights[i][j] * rows[i] * cols[j] / n for i in range(size) for j in range(size))
    if expected == 0:
        return 1.0
    return 1 - observed / expected


def format_agreement(result: Agreement) -> str:
    lines = [
        f"answers compared: {result.count}",
        f"accuracy:         {result.accuracy:.3f}",
        f"macro-F1:         {result.macro_f1:.3f}",
        f"within one step:  {result.within_one:.3f}",
        f"weighted kappa:   {result.weighted_kappa:.3f}",
        f"side flips:       {result.side_flips}",
        "",
        "confusion (rows: human grade, columns: suggested grade)",
    ]
    short = ["yes", "r_yes", "noncom", "r_no", "no", "none"]
    lines.append(f"{'':>14}" + "".join(f"{s:>8}" for s in short))
    for grade, row in zip(GRADES, result.confusion, strict=True):
        lines.append(f"{grade.value:>14}" + "".join(f"{v:>8}" for v in row))
    lines.append("")
    lines.append("F1 per grade: " + ", ".join(f"{g} {f:.2f}" for g, f in result.per_grade_f1))
    return "\n".join(lines) + "\n"


def counts(grades: Sequence[Grade]) -> Counter[str]:
    return Counter(g.value for g in grades)
