"""Finding cues in an answer: lexicon matches, negation, deflections, sentence relevance."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from . import lexicon
from .model import Cue, CueKind, Span
from .text import Sentence, content_stems, sentences

# When two cues overlap, the more specific kind wins: "nous ne pouvons pas nous engager" is a
# campaign caveat, not a refusal; "ne sommes pas favorables à" is a refusal, not support.
_PRIORITY: dict[CueKind, int] = {
    "caveat": 0,
    "refusal": 1,
    "condition": 2,
    "commit": 3,
    "hedge": 4,
    "support": 5,
    "alternative": 6,
    "warmth": 7,
    "generic": 8,
    "anaphora": 9,
}
STANCE_KINDS: tuple[CueKind, ...] = ("commit", "support", "refusal", "hedge", "caveat")
_FR_NEGATION_BEFORE = re.compile(r"\b(?:ne|n['’]|ni)\s*(?:\w+\s+){0,2}$", re.IGNORECASE)
_FR_NEGATION_AFTER = re.compile(r"^\W*(?:\w+\s+){0,1}(?:pas|plus|jamais|guère)\b", re.IGNORECASE)
_EN_NEGATION_BEFORE = re.compile(r"\b(?:not|never|n['’]t|no longer)\s+(?:\w+\s+){0,1}$", re.I)
# Words so common across an advocacy questionnaire that they say nothing about which demand an
# answer addresses; they still count, at a fraction of their weight.
_GENERIC_TOPIC_WORDS = frozenset(
    content_stems(
        "travailleur travailleuse travailleurs travail sexe sexuel personnes personne ville paris "
        "soutenir soutien soutiendriez favorable prêt mesure projet financièrement "
        "sex workers worker work city support fund project people willing favour"
    )
)


@dataclass(frozen=True, slots=True)
class SentenceCues:
    """A sentence of the answer, the cues inside it and how much it speaks of the demand."""

    sentence: Sentence
    cues: tuple[Cue, ...]
    relevance: float

    def has(self, kind: CueKind) -> bool:
        return any(c.kind == kind for c in self.cues)


def find_cues(answer: str) -> tuple[list[Cue], list[Sentence]]:
    """Every cue of the answer (opening, lexicon, deflections), overlaps resolved."""
    found: list[Cue] = []
    for pattern in lexicon.opening_patterns():
        match = pattern.regex.search(answer)
        if match:
            found.append(_cue(answer, pattern.kind, pattern.label, match.start(), match.end()))
    for pattern in lexicon.patterns():
        for match in pattern.regex.finditer(answer):
            kind = _negated_kind(answer, pattern.kind, match.start(), match.end())
            found.append(_cue(answer, kind, pattern.label, match.start(), match.end()))
    split = sentences(answer)
    found = [_instead_refusal(c, split) for c in found]
    kept = _resolve_overlaps(found)
    kept.extend(_deflections(answer, split, kept))
    kept.sort(key=lambda c: (c.span.start, c.span.end))
    return kept, split


def _cue(answer: str, kind: CueKind, label: str, start: int, end: int) -> Cue:
    # Strip the spaces a pattern may have eaten so the quote starts and ends on a word.
    while start < end and answer[start].isspace():
        start += 1
    while end > start and answer[end - 1].isspace():
        end -= 1
    return Cue(kind, label, Span(start, end, answer[start:end]))


def _negated_kind(answer: str, kind: CueKind, start: int, end: int) -> CueKind:
    """Support or commitment under a negation ("nous ne soutiendrons pas") is a refusal."""
    if kind not in ("support", "commit"):
        return kind
    before = answer[max(0, start - 30) : start]
    after = answer[end : end + 20]
    if _FR_NEGATION_BEFORE.search(before) and _FR_NEGATION_AFTER.search(after):
        return "refusal"
    if _EN_NEGATION_BEFORE.search(before):
        return "refusal"
    return kind


def _instead_refusal(cue: Cue, split: list[Sentence]) -> Cue:
    """A sentence that opens with "Plutôt que…" / "Rather than…" turns the demand down."""
    if (
        cue.kind == "alternative"
        and cue.label == "instead"
        and any(s.start == cue.span.start for s in split)
        and cue.span.text.lower().startswith(("plutôt", "plutot", "au lieu", "rather", "instead"))
    ):
        return Cue("refusal", "instead", cue.span)
    return cue


def _resolve_overlaps(cues: list[Cue]) -> list[Cue]:
    ordered = sorted(cues, key=lambda c: (_PRIORITY.get(c.kind, 5), c.span.start - c.span.end))
    kept: list[Cue] = []
    for cue in ordered:
        if not any(_overlaps(cue.span, other.span) for other in kept):
            kept.append(cue)
    return kept


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _deflections(answer: str, split: list[Sentence], cues: list[Cue]) -> list[Cue]:
    """An authority named in a sentence that attributes competence or limits the answer."""
    competence = lexicon.competence_pattern()
    result: list[Cue] = []
    for sentence in split:
        limiting = any(
            c.kind in ("refusal", "hedge", "caveat", "condition")
            and sentence.start <= c.span.start < sentence.end
            for c in cues
        )
        if not (limiting or competence.search(sentence.text)):
            continue
        seen: set[str] = set()
        for pattern in lexicon.authority_patterns():
            match = pattern.regex.search(sentence.text)
            if match and pattern.label not in seen:
                seen.add(pattern.label)
                start = sentence.start + match.start()
                result.append(
                    _cue(answer, "deflection", pattern.label, start, sentence.start + match.end())
                )
    return result


def topic_weights(question: str, context: Sequence[str] = ()) -> dict[str, float]:
    """Weight of each content word of the question: rarer across the questionnaire = heavier."""
    return _topic_weights(question, tuple(context))


@lru_cache(maxsize=4096)
def _stem_set(text: str) -> frozenset[str]:
    # Each question is the context of every other: stem it once, not once per pair.
    return frozenset(content_stems(text))


@lru_cache(maxsize=1024)
def _topic_weights(question: str, context: tuple[str, ...]) -> dict[str, float]:
    # Cached: a batch or a campaign grades many answers to the same few questions.
    documents = [_stem_set(q) for q in (question, *context)]
    frequency: Counter[str] = Counter(stem for doc in documents for stem in doc)
    total = len(documents)
    weights = {}
    for stem in documents[0]:
        weight = math.log((total + 1) / (frequency[stem] + 0.5)) + 0.3
        weights[stem] = weight * (0.3 if stem in _GENERIC_TOPIC_WORDS else 1.0)
    return weights


def _stem_in(stem: str, stems: set[str]) -> bool:
    """Exact stem, or one stem a prefix of the other: the stemmer leaves "polici" (policier)
    and "polic" (police) apart, and they are the same topic."""
    if stem in stems:
        return True
    if len(stem) < 4:
        return False
    return any(
        len(other) >= 4 and (other.startswith(stem) or stem.startswith(other)) for other in stems
    )


def sentence_cues(
    answer: str, cues: list[Cue], split: list[Sentence], weights: dict[str, float]
) -> list[SentenceCues]:
    """Group cues by sentence and score each sentence's relevance to the demand (0…1)."""
    total = sum(weights.values()) or 1.0
    raw = []
    for sentence in split:
        stems = set(content_stems(sentence.text))
        raw.append(sum(w for stem, w in weights.items() if _stem_in(stem, stems)) / total)
    top = max(raw, default=0.0)
    result = []
    for sentence, relevance in zip(split, raw, strict=True):
        inside = tuple(c for c in cues if sentence.start <= c.span.start < sentence.end)
        kinds = {c.kind for c in inside}
        if "anaphora" in kinds:
            relevance = max(relevance, 0.8 * top)
        if "generic" in kinds:
            relevance *= 0.4
        result.append(SentenceCues(sentence, inside, relevance))
    return result
