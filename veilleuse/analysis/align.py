"""Aligning a reply's segments to the questions of a known questionnaire.

Replies renumber, reword, reorder, merge and omit questions. Each pair (question, segment)
gets a score: how much of the question's distinctive vocabulary the segment's question text
covers (weights from the whole questionnaire, so shared words like "travailleurSEs du sexe"
count little), plus a small bonus when the numbers agree. Pairs are taken best first; a
segment that covers several questions well (a merged "4 et 5") serves each of them.
"""

from __future__ import annotations

from collections.abc import Sequence

from .cues import topic_weights
from .model import Alignment, Question, Questionnaire, Segment, Segmentation
from .text import content_stems

_NUMBER_BONUS = 0.2
_ACCEPT = 0.3
_MERGED = 0.45


_Pick = tuple[int, float, str]  # segment index, score, method


def align(questionnaire: Questionnaire, segmentation: Segmentation) -> tuple[Alignment, ...]:
    """One alignment per question of the questionnaire, in questionnaire order."""
    scores = _pair_scores(questionnaire.questions, segmentation.segments)
    chosen = _choose(scores, segmentation.segments)
    return tuple(
        _alignment(question, chosen.get(qi), segmentation.segments, chosen)
        for qi, question in enumerate(questionnaire.questions)
    )


def _pair_scores(
    questions: Sequence[Question], segments: Sequence[Segment]
) -> dict[tuple[int, int], tuple[float, str]]:
    texts = [q.text for q in questions]
    # Once per question and per segment, not per pair: a hostile reply with hundreds of
    # numbered lines must not turn alignment cubic (tests/hostile).
    weights = [topic_weights(q.text, [t for t in texts if t != q.text]) for q in questions]
    stems = [set(content_stems(seg.question)) for seg in segments]
    return {
        (qi, si): _score(q, seg, weights[qi], stems[si])
        for qi, q in enumerate(questions)
        for si, seg in enumerate(segments)
    }


def _choose(
    scores: dict[tuple[int, int], tuple[float, str]], segments: Sequence[Segment]
) -> dict[int, _Pick]:
    """Pairs best first; a segment already taken serves another question only when it is a
    merged answer that covers both well."""
    chosen: dict[int, _Pick] = {}
    used: dict[int, float] = {}
    for (qi, si), (score, method) in sorted(scores.items(), key=lambda kv: -kv[1][0]):
        if score < _ACCEPT or qi in chosen:
            continue
        if si in used and not _can_share(score, used[si], segments[si]):
            continue
        chosen[qi] = (si, score, method)
        used[si] = score
    return chosen


def _can_share(score: float, used_score: float, segment: Segment) -> bool:
    return score >= _MERGED and used_score >= _MERGED and _covers_several(segment)


def _alignment(
    question: Question,
    pick: _Pick | None,
    segments: Sequence[Segment],
    chosen: dict[int, _Pick],
) -> Alignment:
    if pick is None:
        return Alignment(question, (), 0.0, "missing")
    si, score, method = pick
    if _is_shared(si, chosen):
        method = "merged"
    return Alignment(question, (segments[si],), round(min(score, 1.0), 2), method)


def _is_shared(si: int, chosen: dict[int, _Pick]) -> bool:
    return sum(1 for pick in chosen.values() if pick[0] == si) > 1


def _covers_several(segment: Segment) -> bool:
    # A merged segment announces it ("4 et 5") or is long enough to ask two questions.
    return len(segment.numbers) > 1 or len(content_stems(segment.question)) >= 20


def _score(
    question: Question, segment: Segment, weights: dict[str, float], segment_stems: set[str]
) -> tuple[float, str]:
    numbered = question.number in segment.numbers
    if not segment.question.strip():
        return (0.6 if numbered else 0.0), "number"
    total = sum(weights.values()) or 1.0
    covered = sum(w for stem, w in weights.items() if stem in segment_stems) / total
    if numbered:
        return covered + _NUMBER_BONUS, "number+text" if covered >= _ACCEPT else "number"
    return covered, "text"
