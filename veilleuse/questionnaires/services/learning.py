"""Revising a campaign's undecided suggestions with what its reviewers decided so far.

The engine's ``learning`` module does the learning (docs/decisions/0008); this module feeds
it one campaign's decisions only, so that nothing learned in one association's campaign
reaches another's, and stores the revision in each undecided answer's ``analysis``
(``analysis["revision"]``; the engine's own grade stays in ``analysis["grade"]``).
"""

from __future__ import annotations

from typing import Any

from veilleuse.analysis.learning import Decided, Lessons, learn, revise
from veilleuse.analysis.model import Grade
from veilleuse.questionnaires.models import Answer, Campaign, Decision
from veilleuse.questionnaires.selectors.reviews import current_decision


def campaign_suggestions_revise(*, campaign: Campaign) -> int:
    """Revise every undecided, analysed answer of ``campaign``; the number revised. Callers
    hold the transaction (it runs inside the decision's)."""
    answers = list(
        Answer.objects.filter(response__candidate__campaign=campaign)
        .exclude(analysis={})
        .select_related("question")
        .prefetch_related("decisions")
    )
    decided: list[tuple[Answer, Decision | None]] = []
    undecided: list[tuple[Answer, Decision | None]] = []
    for answer in answers:
        decision = current_decision(answer)
        (undecided if decision is None else decided).append((answer, decision))
    lessons = learn(
        [
            Decided(_rule(a), Grade(a.analysis["grade"]), Grade(d.grade), f"q{a.question.number}")
            for a, d in decided
            if d is not None
        ]
    )
    return sum(_revise_one(answer, lessons) for answer, _ in undecided)


def _rule(answer: Answer) -> str:
    return str(answer.analysis.get("rule", ""))


def _revise_one(answer: Answer, lessons: Lessons) -> bool:
    engine_grade = Grade(answer.analysis["grade"])
    revision = revise(
        _rule(answer),
        engine_grade,
        float(answer.analysis.get("confidence", 0.5)),
        lessons,
        f"q{answer.question.number}",
    )
    if revision is None:
        return False
    record: dict[str, Any] = {
        "grade": revision.grade.value,
        "confidence": revision.confidence,
        "decisions": revision.decisions,
        "changed": revision.changed,
        "agreeing": revision.agreeing,
        "total": revision.total,
        "reason": revision.reason,
    }
    answer.analysis = {**answer.analysis, "revision": record}
    answer.suggested_grade = revision.grade.value
    answer.confidence = revision.confidence
    answer.save(update_fields=["analysis", "suggested_grade", "confidence", "updated"])
    return True
