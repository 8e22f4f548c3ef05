"""The voter quiz's matching rule, in Python: the reference that ``quiz.js`` must equal.

The quiz runs in the voter's browser (``static/publishing/quiz.js``); this module states the
same rule so that it can be read, tested on hand-computed cases, and checked against the
JavaScript (``tests/test_quiz.py`` runs both on the same inputs). The rule, in plain words and
with a worked example, is ``docs/quiz.md``. Plain Python: no Django.

- The voter's positions score +2 (agree), +1 (rather agree), −1 (rather disagree),
  −2 (disagree); a skipped question counts for nobody. "This matters a lot to me" weighs ×2.
- A candidate's reviewed grade scores as on the scale: yes +2 … no −2, ``noncommittal`` 0 — a
  real, middle position, one or two steps from any voter, so it earns partial agreement.
- Agreement on a question is ``1 − |v − c| / 4``; the match is the weighted mean over the
  questions the candidate answered, kept as the exact fraction ``points / out_of``.
- ``no_answer``, an answer awaiting review, and a list that never answered are *excluded* from
  that mean and counted apart; a candidate who answered fewer than half of the voter's
  questions is listed in a separate group, unranked, below every ranked candidate.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cmp_to_key
from typing import Any

from veilleuse.analysis.model import ORDINAL_GRADES
from veilleuse.publishing.record import Publication

VOTER_SCORES = {"agree": 2, "rather_agree": 1, "rather_disagree": -1, "disagree": -2}
# The engine's scale (one definition): the five graded steps and their scores.
GRADE_SCORES = {g.value: int(g.score) for g in ORDINAL_GRADES if g.score is not None}
PENDING = "pending"
MAX_DISTANCE = 4  # from +2 to −2


@dataclass(frozen=True)
class Choice:
    """One answer of the voter: a position code of ``VOTER_SCORES`` and its importance."""

    position: str
    important: bool = False

    @property
    def weight(self) -> int:
        return 2 if self.important else 1


@dataclass(frozen=True)
class Match:
    """How one candidate matches the voter.

    ``points / out_of`` is the exact match (``None`` when nothing is comparable); ``answered``
    the voter's questions the candidate took a position on; ``no_answer`` those it did not
    answer (``no_answer`` grade, or no answer at all); ``pending`` those whose answer awaits
    review. ``ranked`` is False when it answered fewer than half of the voter's questions.
    """

    slug: str
    name: str
    points: int
    out_of: int
    answered: tuple[str, ...]
    no_answer: tuple[str, ...]
    pending: tuple[str, ...]
    ranked: bool
    rank: int | None = None

    @property
    def percent(self) -> int | None:
        """Rounded half up, with integers only, exactly as quiz.js does."""
        if not self.out_of:
            return None
        return (200 * self.points + self.out_of) // (2 * self.out_of)


def agreement_points(voter: int, candidate: int) -> int:
    """Agreement on one question in quarters: 4 identical … 0 opposite (``4 − |v − c|``)."""
    return MAX_DISTANCE - abs(voter - candidate)


def candidate_match(
    voter: Mapping[str, Choice], grades: Mapping[str, str], *, slug: str = "", name: str = ""
) -> Match:
    """Match one candidate, whose ``grades`` map a question key to a grade code or
    ``"pending"`` (a question absent from ``grades`` was not answered)."""
    points = out_of = 0
    answered, no_answer, pending = [], [], []
    for key, choice in voter.items():
        if choice.position not in VOTER_SCORES:
            continue  # skipped
        grade = grades.get(key, "no_answer")
        if grade == PENDING:
            pending.append(key)
        elif grade not in GRADE_SCORES:
            no_answer.append(key)
        else:
            answered.append(key)
            v, c = VOTER_SCORES[choice.position], GRADE_SCORES[grade]
            points += choice.weight * agreement_points(v, c)
            out_of += choice.weight * MAX_DISTANCE
    asked = len(answered) + len(no_answer) + len(pending)
    return Match(
        slug=slug,
        name=name,
        points=points,
        out_of=out_of,
        answered=tuple(answered),
        no_answer=tuple(no_answer),
        pending=tuple(pending),
        ranked=asked > 0 and 2 * len(answered) >= asked,
    )


def sort_name(name: str) -> str:
    """Accents and case ignored, as quiz.js compares names."""
    decomposed = unicodedata.normalize("NFD", name)
    return "".join(ch for ch in decomposed if not "\u0300" <= ch <= "\u036f").lower()


def _better(a: Match, b: Match) -> bool:
    """``a`` matches strictly better than ``b`` (fractions compared exactly)."""
    return a.points * b.out_of > b.points * a.out_of


def rank(
    voter: Mapping[str, Choice], candidates: Iterable[Mapping[str, Any]]
) -> dict[str, list[Match]]:
    """Every candidate, in two groups: ``ranked`` (best match first, ties share a rank,
    then more questions answered first, then by name) and ``unranked`` (by name)."""
    matches = [
        candidate_match(voter, c.get("grades", {}), slug=c["slug"], name=c["name"])
        for c in candidates
    ]
    by_name = sorted(matches, key=lambda m: (sort_name(m.name), m.slug))
    ranked = [m for m in by_name if m.ranked]
    # Stable sorts, least significant key first: exact match, then questions answered.
    ranked.sort(key=lambda m: -len(m.answered))
    ranked = _sort_by_match(ranked)
    numbered: list[Match] = []
    for position, match in enumerate(ranked, start=1):
        previous = numbered[-1] if numbered else None
        tied = previous is not None and not _better(previous, match)
        number = previous.rank if previous is not None and tied and previous.rank else position
        numbered.append(replace(match, rank=number))
    return {"ranked": numbered, "unranked": [m for m in by_name if not m.ranked]}


def _sort_by_match(matches: list[Match]) -> list[Match]:
    def compare(a: Match, b: Match) -> int:
        return -1 if _better(a, b) else (1 if _better(b, a) else 0)

    return sorted(matches, key=cmp_to_key(compare))


def quiz_grades(data: Publication) -> dict[str, dict[str, str]]:
    """From ``publication_data``: per candidate slug, question key → grade code or
    ``"pending"`` — the ``grades`` that ``rank`` and quiz.js read."""
    grades: dict[str, dict[str, str]] = {c["slug"]: {} for c in data["candidates"]}
    for answer in data["answers"]:
        key = str(answer["question"])
        grade = answer.get("grade") if answer.get("status") == "reviewed" else PENDING
        grades.setdefault(answer["candidate"], {})[key] = grade or "no_answer"
    return grades
