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
from dataclasses import dataclass, replace

from .calibration import calibrated
from .commitments import extract_commitments, has_means
from .cues import SentenceCues, find_cues, sentence_cues, topic_weights
from .direction import demand_direction, reorient
from .model import Commitment, Cue, Grade, Grading
from .parts import PARTS_RULE, combine, grade_parts
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


@dataclass(frozen=True, slots=True)
class Verdict:
    """A decision step of the rules: the grade it gives, its raw confidence (before
    calibration, ``calibration.py``) and the sentence that explains it."""

    rule: str
    grade: Grade
    confidence: float
    rationale: str


def _verdict(rule: str, grade: Grade, confidence: float, rationale: str) -> Verdict:
    return Verdict(rule, grade, confidence, rationale)


EMPTY = _verdict("empty", Grade.NO_ANSWER, 0.95, "The answer is empty or declines to answer.")
OFF_TOPIC = _verdict(
    "off_topic", Grade.NO_ANSWER, 0.55, "The answer never speaks of what the question asks."
)
DEFERRAL = _verdict(
    "deferral", Grade.NO_ANSWER, 0.7, "The answer postpones or redirects instead of answering."
)
CAVEAT = _verdict(
    "caveat", Grade.NONCOMMITTAL, 0.8, "A campaign caveat: the answer declines to commit now."
)
DEFLECTION_ONLY = _verdict(
    "deflection_only", Grade.NONCOMMITTAL, 0.5, "The answer points to another authority only."
)
NO_POSITION = _verdict(
    "no_position", Grade.NONCOMMITTAL, 0.4, "The answer takes no position on the demand."
)
OPENING_NO_OFFER = _verdict(
    "opening_no_offer", Grade.RATHER_NO, 0.75, "Opens with a no, then offers something lesser."
)
OPENING_NO = _verdict("opening_no", Grade.NO, 0.9, "Opens with a no.")
OPENING_YES_QUALIFIED = _verdict(
    "opening_yes_qualified",
    Grade.RATHER_YES,
    0.7,
    "Opens with a yes, qualified in the same sentence.",
)
OPENING_YES_CAVEAT = _verdict(
    "opening_yes_caveat",
    Grade.RATHER_YES,
    0.6,
    "Opens with a yes, but will not commit during the campaign.",
)
BARE_YES = _verdict(
    "bare_yes", Grade.YES, 0.85, "A bare or emphatic yes: accepts the demand as asked."
)
OPENING_POSITION = _verdict(
    "opening_position",
    Grade.RATHER_YES,
    0.7,
    "States a position in favour in a few words, with no means.",
)
OPENING_YES_NO_MEANS = _verdict(
    "opening_yes_no_means", Grade.RATHER_YES, 0.7, "Opens with a yes, but names no means."
)
OPENING_YES_CONDITION = _verdict(
    "opening_yes_condition", Grade.RATHER_YES, 0.65, "Opens with a yes, under conditions."
)
OPENING_YES_MEANS = _verdict(
    "opening_yes_means", Grade.YES, 0.9, "Opens with a yes and names the means."
)
REFUSAL_OFFER = _verdict(
    "refusal_offer",
    Grade.RATHER_NO,
    0.7,
    "Rejects the demand as asked and offers something lesser.",
)
REFUSAL = _verdict("refusal", Grade.NO, 0.8, "Rejects the demand.")
PARTIAL_COMMIT = _verdict(
    "partial_commit",
    Grade.RATHER_YES,
    0.55,
    "Commits to part of the demand, studies the rest.",
)
_STUDY_TEXT = "What the answer says of the demand is study, dialogue or openness."
STUDY = _verdict("study", Grade.NONCOMMITTAL, 0.75, _STUDY_TEXT)
STUDY_MIXED = _verdict("study_mixed", Grade.NONCOMMITTAL, 0.65, _STUDY_TEXT)
COMMIT_QUALIFIED = _verdict(
    "commit_qualified",
    Grade.RATHER_YES,
    0.7,
    "Commits, under conditions or pointing to another authority.",
)
COMMIT = _verdict("commit", Grade.YES, 0.8, "Commits to act on the demand.")
COMMIT_MIXED = _verdict("commit_mixed", Grade.YES, 0.7, "Commits to act on the demand.")
SUPPORT_MEANS = _verdict(
    "support_means", Grade.YES, 0.7, "Supports the demand and names the means."
)
_SUPPORT_TEXT = "Supports the demand, without concrete means or with conditions."
SUPPORT = _verdict("support", Grade.RATHER_YES, 0.65, _SUPPORT_TEXT)
SUPPORT_MIXED = _verdict("support_mixed", Grade.RATHER_YES, 0.55, _SUPPORT_TEXT)

# An answer with these speaks to the demand even in words of its own: a position without an
# object ("We're in favour and will work towards it") answers the question it stands under.
_ADDRESSES_THE_DEMAND = frozenset(
    {"opening_yes", "opening_no", "anaphora", "support", "refusal", "hedge", "caveat"}
)
# Cue kinds that take a position on the demand, and those that qualify a position.
_POSITIONS = frozenset({"commit", "support", "refusal", "hedge"})
_QUALIFIERS = frozenset({"condition", "deflection"})
_OFFERS_AFTER_NO = frozenset({"alternative", "support", "commit", "hedge"})
_QUALIFY_A_YES = frozenset({"condition", "hedge", "caveat", "refusal"})
# An answer this short is terse, not off-topic ("À étudier.").
_MIN_OFF_TOPIC_WORDS = 8
_PARTS_CONFIDENCE = 0.55
_SUPPORT_VERB = re.compile(
    accent_tolerant(
        r"\bsoutien\w*|\bsoutiendr\w+|\bencourag\w+|\baccompagn\w+|\bfavori\w+|\bdéfendr\w+"
        r"|\bsupport\w*|\bback\b|\bencourage\w*|\bfavou?r\w*"
    ),
    re.IGNORECASE,
)
# A statement of what will happen, in the future tense, that studies nothing.
_FIRM_FUTURE = re.compile(
    accent_tolerant(
        r"\b(?:will|shall)\b(?! (?:consider|study|look|explore|review|examine|discuss|try|see"
        r"|think|assess))"
        r"|\b(?:je|nous|il|elle|ils|elles|on|ce|cela|la ville|le conseil)\b[^.;]{0,40}?"
        r"\b\w{2,}(?:erai|erons|era|eront|irai|irons|ira|iront|drai|drons|dra|dront)\b"
    ),
    re.IGNORECASE,
)
# "Oui, sans hésitation.": a yes this short, with nothing that qualifies it, is the whole
# answer (docs/grading-guide.md, mistake 1).
_BARE_WORDS = 5
# A hedge this close after a support ("favorables, sous réserve d'étude") governs it.
_HEDGE_REACH = 25


def grade_answer(
    question: str, answer: str, *, context: Sequence[str] = (), yes_means: str = ""
) -> Grading:
    """Suggest a grade for ``answer`` to ``question``.

    ``context`` holds the other questions of the questionnaire: words they share with this
    question say less about which demand an answer addresses. ``yes_means`` is what the
    questionnaire's author says counts as a yes. A demand in several parts is graded part by
    part and the grades combined (``parts.py``) when the answer speaks of several parts.
    """
    whole = _grade_whole(question, answer, context, yes_means)
    if whole.grade == Grade.NO_ANSWER:
        return whole
    parts = grade_parts(
        question, answer, lambda q, a: _grade_whole(q, a, context, ""), context=context
    )
    combined = combine(parts)
    if combined is None:
        return replace(whole, parts=parts)
    grade, rationale = combined
    return replace(
        whole,
        grade=grade,
        confidence=calibrated(PARTS_RULE, _PARTS_CONFIDENCE),
        rationale=rationale,
        rule=PARTS_RULE,
        parts=parts,
    )


def _grade_whole(question: str, answer: str, context: Sequence[str], yes_means: str) -> Grading:
    direction = demand_direction(question, yes_means)
    if not answer.strip() or _NO_ANSWER.match(answer):
        return replace(_grading(EMPTY), direction=direction.kind)
    found, split = find_cues(answer)
    cues = reorient(found, split, direction)
    commitments = extract_commitments(answer)
    scored = sentence_cues(answer, cues, split, topic_weights(question, context))
    verdict = _decide(cues, scored, commitments, question)
    evidence = tuple(c for c in cues if c.kind not in ("generic", "anaphora"))
    return replace(_grading(verdict, evidence, commitments), direction=direction.kind)


def _grading(
    verdict: Verdict, evidence: tuple[Cue, ...] = (), commitments: tuple[Commitment, ...] = ()
) -> Grading:
    return Grading(
        verdict.grade,
        round(calibrated(verdict.rule, verdict.confidence), 2),
        verdict.rationale,
        evidence,
        commitments,
        rule=verdict.rule,
    )


def _decide(
    cues: list[Cue],
    scored: list[SentenceCues],
    commitments: tuple[Commitment, ...],
    question: str,
) -> Verdict:
    kinds: set[str] = {c.kind for c in cues}
    if _off_topic(scored, kinds, question):
        return OFF_TOPIC
    opening = _opening(cues, scored, kinds, commitments)
    if opening:
        return opening
    if "deferral" in kinds and not kinds & _POSITIONS:
        return DEFERRAL
    if "caveat" in kinds and not _decisive_has(scored, "commit"):
        return CAVEAT
    stances = [
        _Stance(kind, sc.relevance, i)
        for i, sc in enumerate(scored)
        if (kind := _sentence_stance(sc))
    ]
    if not stances:
        return DEFLECTION_ONLY if "deflection" in kinds else NO_POSITION
    return _from_stances(stances, cues, commitments)


def _off_topic(scored: list[SentenceCues], kinds: set[str], question: str) -> bool:
    if not scored or kinds & _ADDRESSES_THE_DEMAND:
        return False
    if sum(len(sc.sentence.text.split()) for sc in scored) < _MIN_OFF_TOPIC_WORDS:
        return False
    return bool(content_stems(question)) and max(sc.relevance for sc in scored) < _OFF_TOPIC


def _opening(
    cues: list[Cue],
    scored: list[SentenceCues],
    kinds: set[str],
    commitments: tuple[Commitment, ...],
) -> Verdict | None:
    if "opening_no" in kinds:
        return OPENING_NO_OFFER if kinds & _OFFERS_AFTER_NO else OPENING_NO
    if "opening_yes" in kinds:
        return _opening_yes(scored, kinds, commitments)
    return None


def _opening_yes(
    scored: list[SentenceCues], kinds: set[str], commitments: tuple[Commitment, ...]
) -> Verdict:
    if _qualified_first(scored[0] if scored else None):
        return OPENING_YES_QUALIFIED
    if "caveat" in kinds:
        return OPENING_YES_CAVEAT
    if _bare(scored, kinds):
        return OPENING_POSITION if _position_only(scored) else BARE_YES
    if not _names_means(scored, kinds, commitments):
        return OPENING_YES_NO_MEANS
    if "condition" in kinds:
        return OPENING_YES_CONDITION
    return OPENING_YES_MEANS


def _qualified_first(first: SentenceCues | None) -> bool:
    """« Oui, mais… », « Oui, sous réserve… »: the yes is qualified in its own sentence."""
    kinds = {c.kind for c in first.cues} if first else set()
    return bool(kinds & _QUALIFY_A_YES) or _yes_but(first)


def _names_means(
    scored: list[SentenceCues], kinds: set[str], commitments: tuple[Commitment, ...]
) -> bool:
    """A means, or a firm statement of what will be done ("Oui. Je voterai ce texte.",
    "Yes. The cap will be voted at the first council"): the yes is then checkable."""
    text = " ".join(sc.sentence.text for sc in scored)
    firm = any(_firm(sc.sentence.text) for sc in scored)
    return bool(commitments) or "commit" in kinds or has_means(text) or firm


def _firm(text: str) -> bool:
    """What will be done, not only whom the campaign will support (« nous soutiendrons les
    projets », with no amount, answers a demand to fund with a rather yes)."""
    return bool(_FIRM_FUTURE.search(text)) and not _SUPPORT_VERB.search(text)


def _position_only(scored: list[SentenceCues]) -> bool:
    """« Favorable. », « Je suis pour. »: a position, not a yes to the demand as asked."""
    return any(c.label == "position" for sc in scored for c in sc.cues)


def _bare(scored: list[SentenceCues], kinds: set[str]) -> bool:
    """A yes of a few words that says nothing else ("Oui, sans hésitation.")."""
    words = sum(len(sc.sentence.text.split()) for sc in scored)
    return words <= _BARE_WORDS and not kinds & _POSITIONS


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
    kinds = {c.kind for c in sc.cues}
    strongest = next((k for k in ("caveat", "refusal") if k in kinds), None)
    if strongest:
        return strongest
    positives = _of_kind(sc.cues, "commit", "support")
    hedges = _of_kind(sc.cues, "hedge")
    if not positives:
        return "hedge" if hedges else None
    if _governed(positives[0], hedges):
        return "hedge"
    return "commit" if any(c.kind == "commit" for c in positives) else "support"


def _of_kind(cues: Sequence[Cue], *kinds: str) -> list[Cue]:
    return [c for c in cues if c.kind in kinds]


def _governed(positive: Cue, hedges: list[Cue]) -> bool:
    """A hedge before the support, or just after it ("favorables, sous réserve d'étude")."""
    return any(
        h.span.start < positive.span.start
        or (h.label != "modal" and 0 <= h.span.start - positive.span.end <= _HEDGE_REACH)
        for h in hedges
    )


def _decisive_has(scored: list[SentenceCues], kind: str) -> bool:
    return any(_sentence_stance(sc) == kind for sc in scored)


def _alternative_after(cues: list[Cue]) -> bool:
    """An offer marker ("en revanche", ", but") after the first refusal."""
    refusals = [c.span.start for c in cues if c.kind == "refusal"]
    return bool(refusals) and any(
        c.kind == "alternative" and c.span.start > min(refusals) for c in cues
    )


@dataclass(frozen=True, slots=True)
class _Reading:
    """What the decisive sentences say, as the steps of ``_from_stances`` need it."""

    stances: list[_Stance]
    decisive: list[_Stance]
    primary: str
    present: set[str]
    mixed: bool
    qualified: bool
    offer_marker: bool


def _decisive(stances: list[_Stance]) -> list[_Stance]:
    """The sentences that speak most of the demand; a refusal needs to name less of it."""
    top = max(s.relevance for s in stances)
    return [
        s
        for s in stances
        if s.relevance >= _DECISIVE_SHARE * top
        or (s.kind == "refusal" and s.relevance >= _REFUSAL_SHARE * top)
    ] or stances


def _read(stances: list[_Stance], cues: list[Cue]) -> _Reading:
    decisive = _decisive(stances)
    present = {s.kind for s in decisive}
    return _Reading(
        stances=stances,
        decisive=decisive,
        primary=_primary(decisive),
        present=present,
        mixed=len(present) > 1,
        qualified=bool({c.kind for c in cues} & _QUALIFIERS),
        offer_marker=_alternative_after(cues),
    )


def _from_stances(
    stances: list[_Stance], cues: list[Cue], commitments: tuple[Commitment, ...]
) -> Verdict:
    reading = _read(stances, cues)
    if _refuses(reading):
        return _refusal(reading)
    if reading.primary == "hedge":
        return _study(reading)
    if reading.primary == "commit":
        return _commitment(reading)
    return _support(reading, commitments)


def _refuses(reading: _Reading) -> bool:
    """A refusal decides when it speaks most of the demand, or when it comes first or is
    followed by an offer of something else."""
    if reading.primary == "refusal":
        return True
    first = min(reading.decisive, key=lambda s: s.position).kind
    return "refusal" in reading.present and (first == "refusal" or reading.offer_marker)


def _refusal(reading: _Reading) -> Verdict:
    refused_at = min(s.position for s in reading.stances if s.kind == "refusal")
    offers = any(s.kind != "refusal" and s.position >= refused_at for s in reading.stances)
    return REFUSAL_OFFER if offers or reading.offer_marker else REFUSAL


def _study(reading: _Reading) -> Verdict:
    if "commit" in reading.present and not reading.qualified:
        return PARTIAL_COMMIT
    return STUDY_MIXED if reading.mixed else STUDY


def _commitment(reading: _Reading) -> Verdict:
    if reading.qualified or "hedge" in reading.present:
        return COMMIT_QUALIFIED
    return COMMIT_MIXED if reading.mixed else COMMIT


def _support(reading: _Reading, commitments: tuple[Commitment, ...]) -> Verdict:
    concrete = any(c.quantity is not None or c.budget or c.deadline for c in commitments)
    if concrete and not reading.qualified and "hedge" not in reading.present:
        return SUPPORT_MEANS
    return SUPPORT_MIXED if reading.mixed else SUPPORT


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
