"""Learning from a campaign's reviewers (docs/decisions/0008-learning-from-reviewers.md).

Once reviewers have decided ``MIN_DECISIONS`` answers of a campaign, the suggestions for its
undecided answers are revised with what those decisions taught, rule by rule: each of the
engine's decision steps (``Grading.rule``) gets, in this campaign, its own record of how often
reviewers kept its grade and what they put instead. A rule whose suggestions reviewers changed
to one same grade at least ``_SWITCH_SHARE`` of the time (on ``_MIN_RULE`` decisions or more)
now suggests that grade; any other rule keeps its grade and gets its confidence re-calibrated
on the campaign's decisions. The reason is said in one sentence.

Only the decisions passed in are used: the caller passes one campaign's decisions, so nothing
learned in one association's campaign reaches another's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from .model import Grade

MIN_DECISIONS = 10
_MIN_RULE = 3
_SWITCH_SHARE = 2 / 3
_PRIOR_WEIGHT = 4.0  # the engine's calibrated confidence counts as this many decisions


@dataclass(frozen=True, slots=True)
class Decided:
    """One reviewed answer: the engine's rule and grade, and the reviewers' grade."""

    rule: str
    suggested: Grade
    decided: Grade
    question: str = ""  # the question's key: reviewers often correct one question alike


@dataclass(frozen=True, slots=True)
class Revision:
    grade: Grade
    confidence: float
    reason: str
    decisions: int  # how many of the campaign's decisions it was learned from
    changed: bool  # the grade differs from the engine's
    agreeing: int  # decisions made for the same reason that gave ``grade``
    total: int  # decisions made for the same reason


@dataclass(frozen=True, slots=True)
class Lessons:
    decisions: int
    by_rule: dict[str, Counter[Grade]] = field(default_factory=dict)


def learn(decided: Sequence[Decided]) -> Lessons:
    by_rule: dict[str, Counter[Grade]] = {}
    for item in decided:
        by_rule.setdefault(item.rule, Counter())[item.decided] += 1
        by_rule.setdefault(_key(item.question, item.rule), Counter())[item.decided] += 1
    return Lessons(len(decided), by_rule)


def _key(question: str, rule: str) -> str:
    return f"{question}\x1f{rule}"


def revise(
    rule: str, grade: Grade, confidence: float, lessons: Lessons, question: str = ""
) -> Revision | None:
    """The revised suggestion for an undecided answer, or None before enough decisions or
    when the campaign has not decided any answer of this rule. What reviewers did on the same
    question for the same reason counts first, then on any question for that reason."""
    if lessons.decisions < MIN_DECISIONS:
        return None
    for key in (_key(question, rule), rule):
        seen = lessons.by_rule.get(key)
        if seen and sum(seen.values()) >= _MIN_RULE:
            return _revision(seen, grade, confidence, lessons.decisions)
    return None


def _revision(seen: Counter[Grade], grade: Grade, confidence: float, decisions: int) -> Revision:
    total = sum(seen.values())
    top, count = max(seen.items(), key=lambda kv: (kv[1], kv[0] == grade))
    if top != grade and count / total >= _SWITCH_SHARE:
        reason = (
            f"Reviewers of this campaign gave {top.value} to {count} of {total} answers "
            f"where the engine suggested {grade.value} for the same reason."
        )
        return Revision(top, _smoothed(count, total, 0.5), reason, decisions, True, count, total)
    kept = seen[grade]
    reason = (
        f"Reviewers of this campaign kept {kept} of {total} suggestions made for the same "
        "reason; the confidence says so."
    )
    return Revision(
        grade, _smoothed(kept, total, confidence), reason, decisions, False, kept, total
    )


def _smoothed(hits: int, total: int, prior: float) -> float:
    return round((hits + _PRIOR_WEIGHT * prior) / (total + _PRIOR_WEIGHT), 2)


@dataclass(frozen=True, slots=True)
class Replay:
    """Agreement with the reviewers on the answers still undecided, engine vs revised,
    summed over every step from ``MIN_DECISIONS`` decisions on."""

    steps: int
    compared: int
    engine_right: int
    revised_right: int

    @property
    def engine_accuracy(self) -> float:
        return self.engine_right / self.compared if self.compared else 0.0

    @property
    def revised_accuracy(self) -> float:
        return self.revised_right / self.compared if self.compared else 0.0


def replay(items: Sequence[tuple[Decided, float]]) -> Replay:
    """Decisions revealed one by one in the given order; after each, every undecided answer
    is suggested by the engine and by the revision, and both are compared with the grade the
    reviewers will give it."""
    steps = compared = engine_right = revised_right = 0
    for revealed in range(MIN_DECISIONS, len(items)):
        lessons = learn([d for d, _ in items[:revealed]])
        steps += 1
        for item, confidence in items[revealed:]:
            revision = revise(item.rule, item.suggested, confidence, lessons, item.question)
            revised = revision.grade if revision else item.suggested
            compared += 1
            engine_right += item.suggested == item.decided
            revised_right += revised == item.decided
    return Replay(steps, compared, engine_right, revised_right)
