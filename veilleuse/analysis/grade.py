"""The default grader: rules over verbatim cues, deterministic, offline, fast.

How a grade is decided, in order (each step is explained in ``rationale``):

1. An empty answer, or one that declines to answer, is ``no_answer``; so is an answer that
   shares no word with the question and never refers back to it (off-topic).
2. An opening "Oui"/"Yes" or "Non"/"No" answers the question; "Oui, mais…" with a condition or
   a hedge in the same sentence is ``rather_yes``; "Non" followed by an offer is ``rather_no``.
3. A campaign caveat ("nous ne pouvons pas nous engager") is ``noncommittal``.
4. Otherwise the grade follows the *decisive* sentences: those with a stance (commitment,
   support, refusal, hedge) that speak most of the demand (relevance to the question's
   distinctive words, or an explicit reference back to it such as "ce projet"). Warm words
   about the topic in less relevant sentences do not outweigh what is said of the demand.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .commitments import extract_commitments, has_means
from .cues import SentenceCues, find_cues, sentence_cues, topic_weights
from .model import Commitment, Cue, Grade, Grading
from .text import accent_tolerant, content_stems

_NO_ANSWER = re.compile(
    accent_tolerant(
        r"^\W*(?:pas de (?:réponse|commentaire)|sans (?:réponse|objet)|non communiqué|n/?a"
        r"|aucun commentaire|ne souhaite pas répondre|nous ne souhaitons pas répondre"
        r"|no (?:answer|comment|response)(?: at this (?:stage|time))?|not answered|none|-+|—|\?)"
        r"\W*$"
    ),
    re.IGNORECASE,
)
_DECISIVE_SHARE = 0.6
_REFUSAL_SHARE = 0.35  # a refusal needs to name less of the demand to count
# Below this share of the question's distinctive vocabulary in every sentence, and with no
# reference back to the question, an answer speaks of something else.
_OFF_TOPIC = 0.07


@dataclass(frozen=True, slots=True)
class _Stance:
    kind: str  # commit, support, refusal, hedge, caveat
    relevance: float
    position: int


def grade_answer(question: str, answer: str, *, context: Sequence[str] = ()) -> Grading:
    """Suggest a grade for ``answer`` to ``question``.

    ``context`` holds the other questions of the questionnaire: words they share with this
    question say less about which demand an answer addresses.
    """
    if not answer.strip() or _NO_ANSWER.match(answer):
        return Grading(Grade.NO_ANSWER, 0.95, "The answer is empty or declines to answer.")
    cues, split = find_cues(answer)
    commitments = extract_commitments(answer)
    scored = sentence_cues(answer, cues, split, topic_weights(question, context))
    grade, confidence, rationale = _decide(cues, scored, commitments, question)
    evidence = tuple(c for c in cues if c.kind not in ("generic", "anaphora"))
    return Grading(grade, round(confidence, 2), rationale, evidence, commitments)


def _decide(
    cues: list[Cue],
    scored: list[SentenceCues],
    commitments: tuple[Commitment, ...],
    question: str,
) -> tuple[Grade, float, str]:
    kinds = {c.kind for c in cues}
    if _off_topic(scored, kinds, question):
        return Grade.NO_ANSWER, 0.55, "The answer never speaks of what the question asks."
    opening = _opening(cues, scored, kinds, commitments)
    if opening:
        return opening
    if "deferral" in kinds and not kinds & {"commit", "support", "refusal", "hedge"}:
        return Grade.NO_ANSWER, 0.7, "The answer postpones or redirects instead of answering."
    if "caveat" in kinds and not _decisive_has(scored, "commit"):
        return Grade.NONCOMMITTAL, 0.8, "A campaign caveat: the answer declines to commit now."
    stances = [
        _Stance(kind, sc.relevance, i)
        for i, sc in enumerate(scored)
        if (kind := _sentence_stance(sc))
    ]
    if not stances:
        if "deflection" in kinds:
            return Grade.NONCOMMITTAL, 0.5, "The answer points to another authority only."
        return Grade.NONCOMMITTAL, 0.4, "The answer takes no position on the demand."
    return _from_stances(stances, cues, commitments)


def _off_topic(scored: list[SentenceCues], kinds: set[str], question: str) -> bool:
    if not scored or kinds & {"opening_yes", "opening_no", "anaphora"}:
        return False
    if sum(len(sc.sentence.text.split()) for sc in scored) < 8:
        return False  # "À étudier." is short, not off-topic
    return bool(content_stems(question)) and max(sc.relevance for sc in scored) < _OFF_TOPIC


def _opening(
    cues: list[Cue],
    scored: list[SentenceCues],
    kinds: set[str],
    commitments: tuple[Commitment, ...],
) -> tuple[Grade, float, str] | None:
    first = scored[0] if scored else None
    first_kinds = {c.kind for c in first.cues} if first else set()
    if "opening_no" in kinds:
        offers = kinds & {"alternative", "support", "commit", "hedge"}
        if offers:
            return Grade.RATHER_NO, 0.75, "Opens with a no, then offers something lesser."
        return Grade.NO, 0.9, "Opens with a no."
    if "opening_yes" in kinds:
        if first_kinds & {"condition", "hedge", "caveat", "refusal"} or _yes_but(first):
            return Grade.RATHER_YES, 0.7, "Opens with a yes, qualified in the same sentence."
        if "caveat" in kinds:
            return (
                Grade.RATHER_YES,
                0.6,
                "Opens with a yes, but will not commit during the campaign.",
            )
        if not (
            commitments
            or "commit" in kinds
            or has_means(" ".join(sc.sentence.text for sc in scored))
        ):
            return Grade.RATHER_YES, 0.7, "Opens with a yes, but names no means."
        if "condition" in kinds:
            return Grade.RATHER_YES, 0.65, "Opens with a yes, under conditions."
        return Grade.YES, 0.9, "Opens with a yes and names the means."
    return None


def _yes_but(first: SentenceCues | None) -> bool:
    if first is None:
        return False
    return bool(
        re.search(
            r"^\W*\w+[^.]{0,12}\b(?:mais|but|however|cependant|toutefois)\b",
            first.sentence.text,
            re.IGNORECASE,
        )
    )


def _sentence_stance(sc: SentenceCues) -> str | None:
    """The position a sentence takes; a support governed by a hedge is only a hedge."""
    kinds = [c.kind for c in sc.cues]
    for strongest in ("caveat", "refusal"):
        if strongest in kinds:
            return strongest
    positives = [c for c in sc.cues if c.kind in ("commit", "support")]
    hedges = [c for c in sc.cues if c.kind == "hedge"]
    if positives:
        first = positives[0]
        governed = any(
            h.span.start < first.span.start
            or (h.label != "modal" and 0 <= h.span.start - first.span.end <= 25)
            for h in hedges
        )
        if governed:
            return "hedge"
        return "commit" if any(c.kind == "commit" for c in positives) else "support"
    return "hedge" if hedges else None


def _decisive_has(scored: list[SentenceCues], kind: str) -> bool:
    return any(_sentence_stance(sc) == kind for sc in scored)


def _alternative_after(cues: list[Cue]) -> bool:
    """An offer marker ("en revanche", ", but") after the first refusal."""
    refusals = [c.span.start for c in cues if c.kind == "refusal"]
    return bool(refusals) and any(
        c.kind == "alternative" and c.span.start > min(refusals) for c in cues
    )


def _from_stances(
    stances: list[_Stance], cues: list[Cue], commitments: tuple[Commitment, ...]
) -> tuple[Grade, float, str]:
    kinds = {c.kind for c in cues}
    top = max(s.relevance for s in stances)
    decisive = [
        s
        for s in stances
        if s.relevance >= _DECISIVE_SHARE * top
        or (s.kind == "refusal" and s.relevance >= _REFUSAL_SHARE * top)
    ] or stances
    primary = _primary(decisive)
    present = {s.kind for s in decisive}
    mixed = len(present) > 1
    qualified = bool(kinds & {"condition", "deflection"})
    first = min(decisive, key=lambda s: s.position).kind
    refused = "refusal" in present
    if primary == "refusal" or (refused and (first == "refusal" or _alternative_after(cues))):
        refused_at = min(s.position for s in stances if s.kind == "refusal")
        offers = any(s.kind != "refusal" and s.position >= refused_at for s in stances)
        if offers or _alternative_after(cues):
            return Grade.RATHER_NO, 0.7, "Rejects the demand as asked and offers something lesser."
        return Grade.NO, 0.8, "Rejects the demand."
    if primary == "hedge":
        if "commit" in present and not qualified:
            return Grade.RATHER_YES, 0.55, "Commits to part of the demand, studies the rest."
        return (
            Grade.NONCOMMITTAL,
            0.75 - 0.1 * mixed,
            "What the answer says of the demand is study, dialogue or openness.",
        )
    if primary == "commit":
        if qualified or "hedge" in present:
            return (
                Grade.RATHER_YES,
                0.7,
                "Commits, under conditions or pointing to another authority.",
            )
        return Grade.YES, 0.8 - 0.1 * mixed, "Commits to act on the demand."
    # primary == "support"
    concrete = any(c.quantity is not None or c.budget or c.deadline for c in commitments)
    if concrete and not qualified and "hedge" not in present:
        return Grade.YES, 0.7, "Supports the demand and names the means."
    return (
        Grade.RATHER_YES,
        0.65 - 0.1 * mixed,
        "Supports the demand, without concrete means or with conditions.",
    )


_WEIGHT = {"refusal": 5, "caveat": 4, "hedge": 3, "commit": 2, "support": 1}


def _primary(decisive: list[_Stance]) -> str:
    """The stance of the sentence that speaks most of the demand; but a study or a refusal
    that follows warm support overrides it, as a reader takes the last word on the demand."""
    best = max(decisive, key=lambda s: (s.relevance, _WEIGHT[s.kind]))
    if best.kind == "support":
        later = [
            s for s in decisive if s.position > best.position and s.kind in ("hedge", "refusal")
        ]
        if later:
            return later[-1].kind
    return best.kind
