"""The engine's vocabulary: frozen dataclasses in, frozen dataclasses out."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal, TypedDict, TypeGuard, get_args

# What a cue says (lexicon.py describes each): the grading rules in grade.py know only these.
CueKind = Literal[
    "opening_yes",
    "opening_no",
    "commit",
    "support",
    "refusal",
    "hedge",
    "condition",
    "caveat",
    "alternative",
    "warmth",
    "deferral",
    "deflection",
    "generic",
    "anaphora",
]
CUE_KINDS: frozenset[str] = frozenset(get_args(CueKind))


def is_cue_kind(value: object) -> TypeGuard[CueKind]:
    """Whether ``value`` names a cue kind (for kinds read from outside, e.g. a model's reply)."""
    return value in CUE_KINDS


class Grade(StrEnum):
    """The grading scale of PRODUCT.md, stored as its English code.

    This is the scale's one definition: its codes, order, scores and labels. The apps' model
    choices, the published record's ``scale`` (publication.json) and the voter quiz derive
    from it (``scale()``)."""

    YES = "yes"
    RATHER_YES = "rather_yes"
    NONCOMMITTAL = "noncommittal"
    RATHER_NO = "rather_no"
    NO = "no"
    NO_ANSWER = "no_answer"

    @property
    def score(self) -> int | None:
        """+2 … −2; ``no_answer`` has no score and is never counted as 0."""
        return _SCORES[self]

    @property
    def label_fr(self) -> str:
        return _LABELS_FR[self]

    @property
    def label_en(self) -> str:
        return _LABELS_EN[self]


_SCORES: dict[Grade, int | None] = {
    Grade.YES: 2,
    Grade.RATHER_YES: 1,
    Grade.NONCOMMITTAL: 0,
    Grade.RATHER_NO: -1,
    Grade.NO: -2,
    Grade.NO_ANSWER: None,
}
_LABELS_FR = {
    Grade.YES: "Oui",
    Grade.RATHER_YES: "Plutôt oui",
    Grade.NONCOMMITTAL: "Flou / à l’étude",
    Grade.RATHER_NO: "Plutôt non",
    Grade.NO: "Non",
    Grade.NO_ANSWER: "Pas de réponse",
}
_LABELS_EN = {
    Grade.YES: "Yes",
    Grade.RATHER_YES: "Rather yes",
    Grade.NONCOMMITTAL: "Non-committal",
    Grade.RATHER_NO: "Rather no",
    Grade.NO: "No",
    Grade.NO_ANSWER: "No answer",
}


class ScaleStep(TypedDict):
    code: str
    label_fr: str
    label_en: str
    score: int | None


def scale() -> list[ScaleStep]:
    """The scale as the published record carries it, best grade first."""
    return [
        {"code": g.value, "label_fr": g.label_fr, "label_en": g.label_en, "score": g.score}
        for g in Grade
    ]


ORDINAL_GRADES = (Grade.YES, Grade.RATHER_YES, Grade.NONCOMMITTAL, Grade.RATHER_NO, Grade.NO)


@dataclass(frozen=True, slots=True)
class Span:
    """A verbatim quote: ``answer[start:end] == text``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Cue:
    """One piece of evidence: what kind of cue, which phrase family, where."""

    kind: CueKind
    label: str
    span: Span


@dataclass(frozen=True, slots=True)
class Commitment:
    """A concrete, checkable promise found in an answer."""

    what: str
    span: Span
    quantity: float | None = None
    unit: str = ""
    budget: str = ""
    deadline: str = ""


@dataclass(frozen=True, slots=True)
class PartGrading:
    """One part of a demand in several parts, graded on the sentences that speak of it."""

    text: str
    grade: Grade
    evidence: tuple[Cue, ...] = ()


@dataclass(frozen=True, slots=True)
class Grading:
    """The suggested grade of one answer, with everything that justifies it."""

    grade: Grade
    confidence: float
    rationale: str
    evidence: tuple[Cue, ...] = ()
    commitments: tuple[Commitment, ...] = ()
    rule: str = ""  # the decision step that set the grade (calibration is fitted per step)
    parts: tuple[PartGrading, ...] = ()  # the demand's parts, when it has several
    direction: str = ""  # what the demand asks: create, stop or change (grade.direction)

    def cues(self, kind: CueKind) -> tuple[Cue, ...]:
        return tuple(c for c in self.evidence if c.kind == kind)


@dataclass(frozen=True, slots=True)
class Question:
    """A question of a questionnaire. ``key`` is stable across renumbering (``q1``…)."""

    number: int
    text: str
    theme: str = ""
    demand: str = ""
    yes_means: str = ""
    key: str = ""


@dataclass(frozen=True, slots=True)
class Questionnaire:
    title: str
    questions: tuple[Question, ...]
    themes: tuple[str, ...] = ()

    def question(self, number: int) -> Question:
        for question in self.questions:
            if question.number == number:
                return question
        raise KeyError(number)


@dataclass(frozen=True, slots=True)
class Segment:
    """One question of a reply and the answer under it, as the reply wrote them."""

    number: int | None
    question: str
    answer: str
    theme: str = ""
    paragraphs: tuple[str, ...] = ()
    numbers: tuple[int, ...] = ()  # more than one when the reply merged questions ("4 et 5")


@dataclass(frozen=True, slots=True)
class Segmentation:
    title: str
    segments: tuple[Segment, ...]
    themes: tuple[str, ...] = ()
    respondent: str = ""
    preamble: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Alignment:
    """Which reply segments answer a question, and how sure the aligner is."""

    question: Question
    segments: tuple[Segment, ...]
    score: float
    method: str

    @property
    def answer(self) -> str:
        return "\n\n".join(s.answer for s in self.segments if s.answer)


@dataclass(frozen=True, slots=True)
class AnsweredQuestion:
    question: Question
    answer: str
    grading: Grading
    alignment_score: float = 1.0
    alignment_method: str = "number"


@dataclass(frozen=True, slots=True)
class Analysis:
    """The analysis of one reply document against a questionnaire."""

    questionnaire: Questionnaire
    answers: tuple[AnsweredQuestion, ...]
    source: str = ""
    source_format: str = ""
    respondent: str = ""
    warnings: tuple[str, ...] = field(default=())
