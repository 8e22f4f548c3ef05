"""Demands in several parts: split, grade each part on its own sentences, combine.

A demand has several parts when it asks for several acts ("créer X et à supprimer Y",
"limiterez-vous A et mettrez-vous fin à B", "ban X and require Y", "A, y compris B"). Each
sentence of the answer goes to the part whose distinctive words it speaks of most; each part
is graded on its sentences alone; the grades are combined by the rule of
docs/grading-guide.md, section 4. A part the answer never speaks of does not count.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from .cues import topic_weights
from .model import Grade, Grading, PartGrading
from .text import Sentence, accent_tolerant, content_stems, sentences

_FLAGS = re.IGNORECASE | re.UNICODE
_SPLIT = re.compile(
    accent_tolerant(
        r",?\s+(?:et|ainsi qu') (?:à )?(?:(?:en|y|les|la|le|l') ?)?"
        r"(?=[a-zàâçéèêëîïôûùüÿœ]+(?:er|ir|re)\b)"
        r"|,?\s+et (?=\w+(?:rez|ez)-vous\b)"
        r"|,\s+(?:y compris|including)\s+"
        r"|,?\s+and (?:to |will you |also )?(?=(?:require|create|fund|end|stop|ban|open|build"
        r"|set up|introduce|reallocate|redirect|cap|limit|make|provide|support|extend|keep|take"
        r"|publish|hire|put|give|install|abolish|repeal|remove|cut|reduce|exclude|impose)\b)"
    ),
    _FLAGS,
)
PARTS_RULE = "parts"
_ACCEPTED = frozenset({Grade.YES, Grade.RATHER_YES})
_REFUSED = frozenset({Grade.NO, Grade.RATHER_NO})
# A sentence goes to a part when it speaks of it this much more than of any other.
_MARGIN = 1.5
_MIN_PART_WORDS = 3

Grader = Callable[[str, str], Grading]


def split_demand(question: str) -> tuple[str, ...]:
    """The parts of a demand, or a single part when it asks for one act."""
    pieces = [p.strip(" ,?") for p in _SPLIT.split(question)]
    parts = tuple(p for p in pieces if len(p.split()) >= _MIN_PART_WORDS)
    return parts if len(parts) > 1 else (question,)


def grade_parts(
    question: str, answer: str, grader: Grader, context: Sequence[str] = ()
) -> tuple[PartGrading, ...]:
    """Each part graded on the sentences that speak of it; "" parts are not addressed."""
    parts = split_demand(question)
    if len(parts) < 2:
        return ()
    split = sentences(answer)
    weights = [topic_weights(p, [*context, *(o for o in parts if o != p)]) for p in parts]
    assigned: list[list[Sentence]] = [[] for _ in parts]
    for sentence in split:
        best = _best_part(sentence, weights)
        if best is not None:
            assigned[best].append(sentence)
    return tuple(
        _part(part, answer, said, grader) for part, said in zip(parts, assigned, strict=True)
    )


def _best_part(sentence: Sentence, weights: list[dict[str, float]]) -> int | None:
    """The part a sentence speaks of clearly more than of any other, if one."""
    stems = set(content_stems(sentence.text))
    scores = [sum(w for s, w in ws.items() if s in stems) for ws in weights]
    best = max(range(len(scores)), key=lambda i: scores[i])
    others = [s for i, s in enumerate(scores) if i != best]
    if scores[best] > 0 and scores[best] >= _MARGIN * max(others, default=0.0):
        return best
    return None


def _part(part: str, answer: str, said: list[Sentence], grader: Grader) -> PartGrading:
    if not said:
        return PartGrading(part, Grade.NO_ANSWER)
    # The other sentences are blanked, not removed, so that every quote of the part's
    # evidence still indexes the whole answer.
    masked = [" "] * len(answer)
    for sentence in said:
        masked[sentence.start : sentence.end] = answer[sentence.start : sentence.end]
    grading = grader(part, "".join(masked))
    return PartGrading(part, grading.grade, grading.evidence)


def combine(parts: Sequence[PartGrading]) -> tuple[Grade, str] | None:
    """The guide's rule over the parts the answer speaks of; None when fewer than two are
    addressed, or when the rule does not decide (the whole answer's grade then stands)."""
    addressed = [p.grade for p in parts if p.grade != Grade.NO_ANSWER]
    if len(addressed) < 2 or len(set(addressed)) == 1:
        return None
    main, rest = _side(addressed[0]), {_side(g) for g in addressed[1:]}
    for when_main, when_rest, verdict in _RULES:
        if main in when_main and rest <= when_rest:
            return verdict
    if "accepted" in rest:
        return _AFTER_REFUSED_OR_DEFERRED.get(main)
    return None


def _side(grade: Grade) -> str:
    if grade in _ACCEPTED:
        return "accepted"
    if grade in _REFUSED:
        return "refused"
    return "deferred"


_ANY = frozenset({"accepted", "refused", "deferred"})
# (the main part's side, the sides every other part must have, the combined grade), in the
# order of the guide's table; then a main part refused or deferred with another accepted.
_RULES: tuple[tuple[frozenset[str], frozenset[str], tuple[Grade, str]], ...] = (
    (
        frozenset({"accepted"}),
        frozenset({"accepted"}),
        (Grade.RATHER_YES, "Accepts every part of the demand, some without means."),
    ),
    (
        frozenset({"refused"}),
        frozenset({"refused"}),
        (Grade.RATHER_NO, "Refuses every part of the demand, offering something lesser."),
    ),
    (
        frozenset({"accepted"}),
        _ANY,
        (Grade.RATHER_YES, "Accepts the main part of the demand, not all of the others."),
    ),
)
_AFTER_REFUSED_OR_DEFERRED = {
    "refused": (Grade.RATHER_NO, "Refuses the main part of the demand, accepts another."),
    "deferred": (Grade.RATHER_YES, "Studies the main part of the demand, accepts another."),
}
