"""The shape of the public record (``publication_data``), for the type checker.

One ``TypedDict`` per object of the JSON Schema in ``schema.py`` (``veilleuse.publication/1``),
with the same keys: the schema is what the record promises to the outside, these types are
how the code that builds and renders it is held to that promise. A key that the schema marks
optional is ``NotRequired`` here. The published figures' shape belongs to
``veilleuse.core.figures`` (the alert network publishes them without importing publishing).
"""

from __future__ import annotations

from typing import Literal, NotRequired, TypedDict

from veilleuse.analysis.model import ScaleStep
from veilleuse.core.figures import Figure

GradeCode = Literal["yes", "rather_yes", "noncommittal", "rather_no", "no", "no_answer"]


class Election(TypedDict):
    name: str
    territory: str
    first_round: str | None
    second_round: str | None


class CampaignRecord(TypedDict):
    slug: str
    title: str
    introduction: str
    association: str
    election: Election
    deadline: str | None
    four_eyes: bool
    right_of_reply: bool
    questionnaire_version: int


# One definition of the scale, the engine's (issue 15): the record carries it as it is.
ScaleEntry = ScaleStep


class ThemeRecord(TypedDict):
    id: int
    title: str
    position: int


class QuestionRecord(TypedDict):
    number: int
    key: str
    theme: str
    text: str
    demand: str
    yes_means: str
    position: str


class DocumentRecord(TypedDict):
    path: str
    source: str
    name: str


class Contact(TypedDict):
    kind: str
    at: str


class CandidateRecord(TypedDict):
    id: int
    slug: str
    name: str
    party: str
    head_of_list: str
    territory: str
    status: Literal["answered", "invited", "not_invited"]
    submitted_at: str | None
    source: str | None
    document: DocumentRecord | None
    contacts: list[Contact]


class Span(TypedDict):
    """A cue the analysis found in an answer (evidence or deflection), by character offsets."""

    start: int
    end: int
    text: str
    kind: NotRequired[str]
    label: NotRequired[str]
    authority: NotRequired[str]


class CommitmentRecord(TypedDict):
    """A commitment the analysis read in an answer (before the election)."""

    what: str | None
    quantity: str | float | None
    unit: str | None
    budget: str | float | None
    deadline: str | None
    start: str | None
    end: str | None
    text: str | None


class Reply(TypedDict):
    text: str
    at: str


class Reviewed(TypedDict):
    """What a reviewed answer adds to its ``AnswerRecord``."""

    text: str
    grade: str
    score: int | None
    suggested_grade: str | None
    reviewed_at: str
    confirmed: bool
    evidence: list[Span]
    deflections: list[Span]
    commitments: list[CommitmentRecord]
    replies: list[Reply]


class AnswerRecord(TypedDict):
    """One list's answer to one question; everything but the first three only once reviewed
    (the keys of ``Reviewed``)."""

    candidate: str
    question: int
    status: Literal["reviewed", "pending"]
    text: NotRequired[str]
    grade: NotRequired[str]
    score: NotRequired[int | None]
    suggested_grade: NotRequired[str | None]
    reviewed_at: NotRequired[str]
    confirmed: NotRequired[bool]
    evidence: NotRequired[list[Span]]
    deflections: NotRequired[list[Span]]
    commitments: NotRequired[list[CommitmentRecord]]
    replies: NotRequired[list[Reply]]


class Reviews(TypedDict):
    reviewers: int
    first: str | None
    last: str | None


# --- the tracker (tracker.py): None until results are recorded ----------------------------


class Mandate(TypedDict):
    start: str | None
    end: str | None
    hypothetical: bool


class OfficialRecord(TypedDict):
    id: int
    name: str
    role: str
    portfolio: str
    list: str | None


class EvidenceDocument(TypedDict):
    path: str
    source: str


class EvidenceRecord(TypedDict):
    kind: Literal["link", "document", "note"]
    title: str
    url: str
    document: EvidenceDocument | None
    dated: str | None
    note: str


class OfficialActRecord(TypedDict):
    """The city's act a change rests on (confirmed from the watch, docs/tracking.md § 7)."""

    kind: Literal["deliberation", "subsidy", "order"]
    reference: str
    title: str
    date: str | None
    url: str
    quote: str


class ChangeRecord(TypedDict):
    id: int
    status: str
    happened_on: str | None
    reason: str
    reason_note: str
    note: str
    published_at: str | None
    evidence: list[EvidenceRecord]
    corrects: int | None
    correction_reason: str
    corrected_by: int | None
    act: OfficialActRecord | None


class TrackedRecord(TypedDict):
    id: int
    slug: str
    list: str
    official: int | None
    question: int | None
    theme: str
    title: str
    quote: str
    expected_label: str
    source: str
    expected_by: str | None
    status: str
    changes: list[ChangeRecord]


class TrackerRecord(TypedDict):
    mandate: Mandate
    officials: list[OfficialRecord]
    commitments: list[TrackedRecord]


class Publication(TypedDict):
    """``publication_data(campaign)``: the single source of every published file."""

    schema: str
    generated_at: str
    campaign: CampaignRecord
    scale: list[ScaleEntry]
    themes: list[ThemeRecord]
    questions: list[QuestionRecord]
    candidates: list[CandidateRecord]
    answers: list[AnswerRecord]
    reviews: Reviews
    # Records older than the tracker (or the figures) have none.
    tracker: NotRequired[TrackerRecord | None]
    figures: NotRequired[list[Figure]]
