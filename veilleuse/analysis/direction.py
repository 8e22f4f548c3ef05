"""What a demand asks, and the answer's stance toward it rather than toward its words.

A demand either asks to **create** something (create, fund, support, extend), to **stop**
something that exists (end, abolish, ban, repeal, withdraw, not renew), to **prevent** a
change (oppose, vote against, refuse), or to **change** a rule (lower, limit, replace). The
direction is read from the question's text and, where the author filled it, from the
questionnaire's "what counts as a yes" (docs/grading-guide.md, section 1).

The cue lexicon reads stances toward the words of a sentence: "nous nous opposerons" is a
refusal, "nous maintiendrons" a commitment. Toward a demand to stop or prevent something, the
same words mean the opposite, so ``reorient`` re-reads the cues of each sentence:

- opposing, voting against or ending the thing the demand wants stopped accepts the demand;
- a refusal to do something (« nous ne rouvrirons pas ») accepts a demand to prevent it or to
  stop it, unless what is refused is the stopping itself (« nous ne mettrons pas fin »);
- keeping, renewing or reopening what the demand wants stopped refuses it; keeping the state
  that a demand to prevent a change protects accepts it;
- « Au contraire » / « On the contrary » turns the sentence against the demand.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .model import Cue, CueKind, Span
from .text import Sentence, accent_tolerant, content_stems

CREATE, STOP, PREVENT, CHANGE = "create", "stop", "prevent", "change"


def _rx(source: str) -> re.Pattern[str]:
    return re.compile(accent_tolerant(source), re.IGNORECASE | re.UNICODE)


# In the question, the first of these verbs sets the direction. Verbs of support ("soutenir
# l'abrogation", "support repealing") carry the demand and set nothing.
_DEMAND_VERBS = (
    (
        PREVENT,
        _rx(
            r"\b(?:vous )?oppos\w*|\brefuse\w*|\bvoter contre|\bempêcher\b|\bbloquer\b"
            r"|\boppose\w*|\bvote against\b|\bblock\b|\bprevent\b|\breject\b"
        ),
    ),
    (
        STOP,
        _rx(
            r"\bmettre fin|\bmettrez(?:-vous)? fin|\babol\w+|\babrog\w+|\bsupprim\w+"
            r"|\bsuppression\b|\binterdi\w+|\barrêter\b|\bcesser\b|\bretir(?:er|erez|é|ée)\b"
            r"|\bretrait\b|\bdésarm\w+|\brenonc\w+|\bne (?:pas|plus) \w+|\bne plus\b"
            r"|\bsortir de\b|(?<!the )\bend(?:ing)?\b(?! of)|\babolish\w*|\bban(?:ning)?\b"
            r"|\bstop\w*|\brepeal\w*|\bscrap\w*|\bwithdraw\w*|\bphase out\b"
            r"|\bnot (?:to )?renew\b|\bno (?:new|more|longer)\b|\bdisarm\w*|\bhalt\b"
        ),
    ),
    (
        CHANGE,
        _rx(
            r"\bmodifi\w+|\bréform\w+|\bassoupl\w+|\babaiss\w+|\bréduir\w*|\blimiter\w*"
            r"|\bplafonn\w+|\bremplac\w+|\bchange\b|\breform\b|\blower\b|\bcut\b|\breduce\b"
            r"|\blimit\b|\bcap\b|\breplace\b|\brelax\b"
        ),
    ),
    (
        CREATE,
        _rx(
            r"\bcré(?:er|ation)\b|\bconstrui\w+|\bfinanc\w+|\bouvr(?:ir|iez)\b|\brecrut\w+"
            r"|\bimposer\b|\bréalis\w+|\bservir\b|\bétendre\b|\bgénéralis\w+|\bdéploy\w+"
            r"|\bcreat\w+|\bbuild\w*|\bfund\w*|\bopen\w*|\bhire\b|\brecruit\w*|\bimpose\b"
            r"|\boffer\b|\bextend\w*|\bprovide\b|\bintroduce\b|\bset up\b"
        ),
    ),
)

# In an answer: opposing (accepts a demand to stop or to prevent), stopping (accepts a demand
# to stop; refuses a demand to prevent a stopping), keeping (refuses a demand to stop; accepts
# a demand to prevent a change), and the reversal marker.
_OPPOSES = _rx(
    r"\bvot\w* contre\b|\bnous (?:nous )?oppos\w+|\boppos[ée]e?s? (?:à|au|aux)\b"
    r"|\bcontre (?:toute?|ce|cette|la|le|les)\b|\bvote\w* against\b|\boppos\w+"
    r"|\bagainst (?:the|any|this|it)\b|\bbloqu\w+|\bempêch\w+|\bblock\w*|\bprevent\w*"
)
_STOPS = _rx(
    r"\bmettr\w* (?:pas |jamais |plus )?fin\b|\bmis fin\b|\babrog\w+|\bsupprim\w+|\binterdi\w+"
    r"|\bretir(?:er|erons|é|ée|és|ées)\b|\bdésarm\w+|\bwill end\b|\bend(?:ing)? (?:the|this|it)\b"
    r"|\bending\b|\babolish\w*|\brepeal\w*|\bscrap\w*|\bwithdraw\w*|\bcancel\w*|\bban\b|\bdisarm\w*"
)
_STOP_NOUN = _rx(
    r"\bremise en cause\b|\babrogation\b|\bsuppression\b|\bfin (?:de|du|des)\b|\bretrait\b"
    r"|\brepeal\w*|\babolition\b|\bending\b|\bend of\b|\bwithdraw\w*|\bscrapping\b"
)
_KEEPS = _rx(
    r"\bmaint\w+|\bconserv\w+|\bgarder\w*|\bcontinu\w+|\bpoursuiv\w+|\brester\b"
    r"|\breste(?:ra|ront|nt)\b"
    r"|\bkeep(?! an eye| track| in mind| talking| listening)\b|\bkept\b|\bmaintain\w*"
    r"|\bretain\w*|\bstay\b|\bremain\b|\bpreserv\w+"
)
# Doing again or extending the thing: refuses a demand to stop it or to prevent it.
_DOES = _rx(
    r"\brenouvel\w+|\brelanc\w+|\brouvr\w+|\bréouvr\w+|\bassoupl\w+|\ben équip\w+"
    r"|\bprolong\w+|\brenew\w*|\breopen\w*|\bextend\w*|\brelax\w*"
)
# A present-tense position, not an act: support for the demand, not a commitment to it.
_POSITION = _rx(
    r"\b(?:sommes|suis|are|am|'re)\s+(?:\w+\s+)?(?:opposée?s?|hostiles?|contre|opposed|against)\b"
    r"|\bintention\b|\bintend\w*"
)
_CONTRARY = _rx(r"^\W*(?:au contraire|bien au contraire|on the contrary|quite the opposite)\b")
# A refusal of these verbs refuses the demand whatever its direction: "we won't commit".
_MODAL_REFUSAL = _rx(
    r"\bengag\w+|\bpouv\w+|\bpourr\w+|\bcommit\w*|\bpromise\b|\bcan\b|\bable\b|\bsouhait\w+"
    r"|\bsupport\w*|\bsoutien\w*|\bsoutiend\w+|\bfavou?r\w*|\bfavorables?\b"
)
_NEGATION_BEFORE = _rx(r"\b(?:not|never|n't|ne|n'|jamais|pas)\b")
# The stopping named as a thing, then argued against in the conditional.
_ARGUED_AGAINST = _rx(
    r"^\W*(?:an?|the|une?|l'|la|le)\s+(?:\w+\s+){0,2}(?:ban|interdiction|abrogation|suppression"
    r"|repeal|abolition|closure|fermeture)\b[^.;]*\b(?:would|could|serait|ferait|pourrait"
    r"|risquerait|seraient)\b"
)
_RATHER = _rx(r"\bplutôt\b|\brather\b|\bsomewhat\b")
_LIMITS = _rx(r"\bgel\b|\bfreeze\b|\bmoratoire\b|\bmoratorium\b|\bsans\b|\bwithout\b")
# How far after a refusal a stopping verb is its object ("nous ne mettrons pas fin").
_REFUSAL_REACH = 25
_HEDGED = frozenset({"hedge", "caveat"})


@dataclass(frozen=True, slots=True)
class Direction:
    kind: str  # create, stop, prevent, change
    verb: str  # the words of the question that set it ("" when none did)
    keeps: bool = False  # prevents a stopping: keeping the thing is what the demand wants
    target: frozenset[str] = frozenset()  # stems of what the demand wants stopped


def demand_direction(question: str, yes_means: str = "") -> Direction:
    """The direction of the demand: the earliest direction verb of "what counts as a yes"
    if the author wrote one, else of the question; create when none is found. A demand to
    prevent a stopping ("vous opposerez-vous à la suppression de…") keeps something."""
    for text in (yes_means, question):
        found = [
            (match.start(), kind, match)
            for kind, pattern in _DEMAND_VERBS
            if (match := pattern.search(text))
        ]
        if found:
            _, kind, match = min(found, key=lambda f: f[0])
            rest = text[match.end() : match.end() + 40]
            keeps = kind == PREVENT and bool(_STOP_NOUN.search(rest))
            target = frozenset(content_stems(text[match.end() : match.end() + 60])[:4])
            return Direction(kind, match.group(), keeps, target)
    return Direction(CREATE, "")


def reorient(cues: list[Cue], split: Sequence[Sentence], direction: Direction) -> list[Cue]:
    """The cues re-read as stances toward the demand (see the module's docstring)."""
    if direction.kind not in (STOP, PREVENT):
        return cues
    result: list[Cue] = []
    for sentence in split:
        inside = [c for c in cues if sentence.start <= c.span.start < sentence.end]
        result.extend(_sentence(sentence, inside, direction))
    placed = {id(c) for c in cues if any(s.start <= c.span.start < s.end for s in split)}
    result.extend(c for c in cues if id(c) not in placed)
    result.sort(key=lambda c: (c.span.start, c.span.end))
    return result


def _sentence(sentence: Sentence, cues: list[Cue], direction: Direction) -> list[Cue]:
    text = sentence.text
    cues = [_argued(c, sentence) for c in cues]
    if _CONTRARY.search(text):
        return [_flip(c, "refusal") if c.kind in ("commit", "support") else c for c in cues]
    if any(c.kind in _HEDGED for c in cues):
        return cues  # "poursuivre ces échanges", "keep talking": a study, not a position
    acted = _acting(sentence, cues, direction)
    if acted is not None:
        return acted
    if not any(c.kind == "refusal" for c in cues):
        kept = _keeping_or_doing(sentence, cues, direction)
        if kept is not None:
            return kept
    if direction.keeps:
        return cues  # "nous ne prolongerons pas" refuses a demand to keep
    return [_supports_target(_negated_action(c, sentence), sentence, direction) for c in cues]


def _argued(cue: Cue, sentence: Sentence) -> Cue:
    """« Ces armes sont dangereuses » answering a demand to disarm: an argument against the
    thing the demand would stop supports the demand, unless it argues against the stopping
    itself (« l'abrogation serait dangereuse »)."""
    if cue.kind != "refusal" or cue.label != "argued against":
        return cue
    if _STOP_NOUN.search(sentence.text) or _STOPS.search(sentence.text):
        return cue
    return _flip(cue, "support")


def _acting(sentence: Sentence, cues: list[Cue], direction: Direction) -> list[Cue] | None:
    """A sentence that opposes or stops something."""
    text = sentence.text
    opposes = _OPPOSES.search(text)
    if opposes and _STOP_NOUN.search(text, opposes.end(), opposes.end() + 40):
        return _keeping(sentence, cues, opposes, direction)  # opposes the stopping
    acting = opposes or _STOPS.search(text)
    if not acting:
        return None
    if _ARGUED_AGAINST.search(text):
        return _refusing(sentence, cues, acting)  # "une interdiction serait fragile"
    if direction.keeps and not opposes:
        return _refusing(sentence, cues, acting)  # stops what the demand would keep
    return _accepting(sentence, cues, acting)


def _keeping_or_doing(
    sentence: Sentence, cues: list[Cue], direction: Direction
) -> list[Cue] | None:
    """A sentence that keeps the thing, or does it again (renews, reopens, extends)."""
    does = _DOES.search(sentence.text)
    if does and not direction.keeps:
        return _refusing(sentence, cues, does)
    keeps = _KEEPS.search(sentence.text) or does
    return _keeping(sentence, cues, keeps, direction) if keeps else None


def _supports_target(cue: Cue, sentence: Sentence, direction: Direction) -> Cue:
    """« Nous soutenons ces arrêtés » answering a demand to repeal them: support for the
    thing the demand wants stopped refuses the demand."""
    if cue.kind != "support" or cue.label.startswith("toward"):
        return cue
    if _NEGATION_BEFORE.search(sentence.text) or _LIMITS.search(sentence.text):
        return cue  # "favorables à une police qui ne porte pas d'arme", "à un gel des…"
    offset = cue.span.end - sentence.start
    after = set(content_stems(sentence.text[offset : offset + 40]))
    return _flip(cue, "refusal") if after & direction.target else cue


def _keeping(
    sentence: Sentence, cues: list[Cue], match: re.Match[str], direction: Direction
) -> list[Cue]:
    if direction.kind == PREVENT:
        return _accepting(sentence, cues, match)
    return _refusing(sentence, cues, match)


def _refusing(sentence: Sentence, cues: list[Cue], match: re.Match[str]) -> list[Cue]:
    kept = [c for c in cues if c.kind not in ("commit", "support", "refusal")]
    return [*kept, _at(sentence, match, "refusal")]


def _accepting(sentence: Sentence, cues: list[Cue], acting: re.Match[str]) -> list[Cue]:
    """Opposing or stopping the thing: a refusal of the stopping is a refusal of the demand
    (its support for the thing too); otherwise the sentence supports the demand, firmly
    unless it states a position or says « plutôt »."""
    at = sentence.start + acting.start()
    if _NEGATION_BEFORE.search(sentence.text[max(0, acting.start() - 30) : acting.start()]):
        return _refusing(sentence, cues, acting)  # "will not call for its repeal"
    refusals = [c for c in cues if c.kind == "refusal" and c.label != "oppose"]
    if any(_governs(c, at) for c in refusals):
        return [_flip(c, "refusal") if c.kind in ("commit", "support") else c for c in cues]
    return _accepted(sentence, cues, acting)


def _accepted(sentence: Sentence, cues: list[Cue], acting: re.Match[str]) -> list[Cue]:
    kept = [_negated_action(c, sentence) for c in cues if not _opposition(c)]
    if any(c.kind in ("commit", "support") for c in kept):
        return kept
    return [*kept, _at(sentence, acting, "support" if _position(sentence) else "commit")]


def _opposition(cue: Cue) -> bool:
    return cue.kind == "refusal" and cue.label == "oppose"


def _position(sentence: Sentence) -> bool:
    """A present-tense position or a « plutôt »: support for the demand, not an act."""
    return bool(_POSITION.search(sentence.text) or _RATHER.search(sentence.text))


def _governs(refusal: Cue, at: int) -> bool:
    """The refusal bears on the stopping: an evaluative one anywhere in the sentence ("l'abrogation
    n'est pas envisageable"), a negated verb just before it ("nous ne mettrons pas fin")."""
    if refusal.label not in ("negated action", "will not"):
        return True
    near = refusal.span.start <= at <= refusal.span.end + _REFUSAL_REACH
    return near or _MODAL_REFUSAL.search(refusal.span.text) is not None


def _negated_action(cue: Cue, sentence: Sentence) -> Cue:
    """« Nous ne rouvrirons pas », « we will not sign any order reopening it »: a refusal to
    act against what a demand to stop or prevent protects accepts the demand."""
    if cue.kind != "refusal" or cue.label not in ("negated action", "will not"):
        return cue
    if _MODAL_REFUSAL.search(cue.span.text):
        return cue
    if not (_DOES.search(sentence.text) or _KEEPS.search(sentence.text)):
        return cue  # "nous ne sanctionnerons pas": a plain refusal of what was asked
    return _flip(cue, "support" if _POSITION.search(sentence.text) else "commit")


def _flip(cue: Cue, kind: CueKind) -> Cue:
    return replace(cue, kind=kind, label=f"toward the demand ({cue.label})")


def _at(sentence: Sentence, match: re.Match[str], kind: CueKind) -> Cue:
    start = sentence.start + match.start()
    return Cue(kind, "toward the demand", Span(start, start + len(match.group()), match.group()))
