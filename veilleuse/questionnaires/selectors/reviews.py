"""Reads for the review pages, the exports and the right of reply.

Decisions are prefetched once per page, and every helper below works on the prefetched
list, so a page costs the same number of queries whatever the number of answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from veilleuse.questionnaires.models import (
    Answer,
    Campaign,
    Candidate,
    CandidateReply,
    Decision,
    Grade,
    Import,
)


def _decisions(answer: Answer) -> list[Decision]:
    return sorted(answer.decisions.all(), key=lambda d: (d.created, d.pk))


def latest_decision(answer: Answer) -> Decision | None:
    """The latest decision of any kind: what a reviewer must have seen before deciding."""
    decisions = _decisions(answer)
    return decisions[-1] if decisions else None


def current_decision(answer: Answer) -> Decision | None:
    """The latest grading decision (confirmations left aside)."""
    grading = [d for d in _decisions(answer) if d.confirms_id is None]
    return grading[-1] if grading else None


def confirmation_of(answer: Answer, decision: Decision) -> Decision | None:
    return next(
        (
            d
            for d in _decisions(answer)
            if d.confirms_id == decision.pk and d.reviewer_id != decision.reviewer_id
        ),
        None,
    )


def final_grade(answer: Answer) -> str | None:
    """The grade ready for publication: the latest decision, confirmed by a second reviewer
    if the campaign asks for four-eyes review; None while there is none."""
    decision = current_decision(answer)
    if decision is None:
        return None
    if answer.response.candidate.campaign.four_eyes and confirmation_of(answer, decision) is None:
        return None
    return decision.grade


def answers_for_review(campaign: Campaign) -> QuerySet[Answer]:
    return (
        Answer.objects.filter(response__candidate__campaign=campaign)
        .select_related("question", "response__candidate__campaign")
        .prefetch_related(
            Prefetch("decisions", queryset=Decision.objects.select_related("reviewer"))
        )
        .order_by("response__candidate__name", "response__candidate_id", "question__number")
    )


@dataclass(frozen=True)
class ReviewRow:
    answer: Answer
    decision: Decision | None
    final: str | None

    @property
    def awaiting_confirmation(self) -> bool:
        return self.decision is not None and self.final is None

    @property
    def final_label(self) -> str:
        return str(Grade(self.final).label) if self.final else ""


@dataclass(frozen=True)
class CandidateGroup:
    candidate: Candidate
    rows: list[ReviewRow]


def review_groups(
    campaign: Campaign,
    *,
    unreviewed_only: bool = False,
    least_sure_first: bool = False,
    answers: list[Answer] | None = None,
) -> list[CandidateGroup]:
    """Every answer of the campaign, grouped by candidate, in question order; or, least sure
    first, each group's answers by rising confidence and the groups by their least sure.
    ``answers``: the campaign's ``answers_for_review``, when the caller already loaded them."""
    groups: dict[int, CandidateGroup] = {}
    for answer in answers if answers is not None else answers_for_review(campaign):
        row = ReviewRow(answer, current_decision(answer), final_grade(answer))
        if unreviewed_only and row.final is not None:
            continue
        candidate = answer.response.candidate
        groups.setdefault(candidate.pk, CandidateGroup(candidate, [])).rows.append(row)
    result = list(groups.values())
    if least_sure_first:
        for group in result:
            group.rows.sort(key=_sureness)
        result.sort(key=lambda g: _sureness(g.rows[0]))
    return result


def _sureness(row: ReviewRow) -> float:
    # An answer not analysed yet has no confidence: it needs a reader most of all.
    confidence = row.answer.confidence
    return -1.0 if confidence is None else float(confidence)


@dataclass(frozen=True)
class Confirmation:
    """How often reviewers kept the engine's own grade, for one suggested grade."""

    grade: str
    label: str
    confirmed: int
    decided: int

    @property
    def percent(self) -> int:
        return round(100 * self.confirmed / self.decided)


def confirmation_rates(answers: list[Answer]) -> list[Confirmation]:
    """Per grade the engine suggested, how many decided answers reviewers graded the same:
    how far to trust the engine in this campaign (its own grade, before any revision).
    ``answers``: the campaign's ``answers_for_review``."""
    counts: dict[str, list[int]] = {}
    for answer in answers:
        decision = current_decision(answer)
        engine = answer.analysis.get("grade")
        if decision is None or engine not in Grade.values:
            continue
        seen = counts.setdefault(str(engine), [0, 0])
        seen[0] += decision.grade == engine
        seen[1] += 1
    return [
        Confirmation(g.value, str(g.label), *counts[g.value]) for g in Grade if g.value in counts
    ]


# The engine's cue kinds, shown as five families, each drawn its own way on the review page
# (not by colour alone, see app.css ``mark.cue-*``) and named in the page's language.
CUE_FAMILIES: dict[str, str] = {
    "commit": "commitment",
    "hedge": "hedge",
    "caveat": "hedge",
    "deferral": "hedge",
    "condition": "condition",
    "deflection": "deflection",
}
FAMILY_LABELS: dict[str, Promise] = {
    "evidence": _("evidence"),
    "hedge": _("hedge"),
    "condition": _("condition"),
    "deflection": _("deflection"),
    "commitment": _("commitment"),
}


@dataclass(frozen=True)
class Part:
    """A piece of an answer's text; ``family`` (one of ``FAMILY_LABELS``) is set on the pieces
    that are evidence, and ``label`` names it in the active language."""

    text: str
    family: str = ""

    @property
    def label(self) -> str:
        return str(FAMILY_LABELS[self.family]) if self.family else ""


def evidence_parts(text: str, cues: list[dict[str, Any]]) -> list[Part]:
    """The answer cut at each evidence span. Spans that no longer match the text (an answer
    edited after its analysis) or overlap an earlier one are left out."""
    parts: list[Part] = []
    position = 0
    spans = sorted(cues, key=lambda c: (c.get("start", 0), -c.get("end", 0)))
    for cue in spans:
        start, end = cue.get("start"), cue.get("end")
        if not isinstance(start, int) or not isinstance(end, int) or start < position:
            continue
        if end <= start or text[start:end] != cue.get("text"):
            continue
        if start > position:
            parts.append(Part(text[position:start]))
        parts.append(Part(text[start:end], CUE_FAMILIES.get(str(cue.get("kind")), "evidence")))
        position = end
    if position < len(text):
        parts.append(Part(text[position:]))
    return parts


@dataclass(frozen=True)
class DemandPart:
    """One part of a demand in several parts, as the engine graded it."""

    text: str
    grade: str
    grade_label: str
    quotes: list[str]


def demand_parts(analysis: dict[str, Any]) -> list[DemandPart]:
    valid = set(Grade.values)
    return [
        DemandPart(
            str(p.get("text", "")),
            str(p["grade"]),
            str(Grade(p["grade"]).label),
            [str(c.get("text", "")) for c in p.get("evidence", [])],
        )
        for p in analysis.get("parts", [])
        if isinstance(p, dict) and p.get("grade") in valid
    ]


@dataclass(frozen=True)
class ReviewPage:
    answer: Answer
    parts: list[Part]
    demand_parts: list[DemandPart]
    history: list[Decision]
    latest: Decision | None
    current: Decision | None
    final: str | None
    replies: list[CandidateReply]

    @property
    def families(self) -> list[tuple[str, str]]:
        """The legend of the highlights: every family with its name, when any is highlighted."""
        if not any(part.family for part in self.parts):
            return []
        return [(family, str(label)) for family, label in FAMILY_LABELS.items()]

    @property
    def confirmable(self) -> bool:
        campaign = self.answer.response.candidate.campaign
        return bool(campaign.four_eyes and self.current is not None and self.final is None)


def review_page(answer_id: int) -> ReviewPage:
    """Everything the review page shows for one answer (reached through ``access_answer``)."""
    answer = (
        Answer.objects.select_related("question", "response__candidate__campaign")
        .prefetch_related(
            Prefetch("decisions", queryset=Decision.objects.select_related("reviewer")),
            "replies",
        )
        .get(pk=answer_id)
    )
    return ReviewPage(
        answer=answer,
        parts=evidence_parts(answer.text, list(answer.analysis.get("evidence", []))),
        demand_parts=demand_parts(answer.analysis),
        history=_decisions(answer),
        latest=latest_decision(answer),
        current=current_decision(answer),
        final=final_grade(answer),
        replies=list(answer.replies.all()),
    )


def decisions_export(campaign: Campaign) -> list[dict[str, Any]]:
    """One record per answer with a final human grade (the gold for ``veilleuse eval``)."""
    return [
        {"id": a.pk, "question": a.question.text, "answer": a.text, "grade": grade}
        for a in answers_for_review(campaign)
        if (grade := final_grade(a)) is not None
    ]


def suggestions_export(campaign: Campaign) -> list[dict[str, Any]]:
    """One record per analysed answer with the engine's suggestion (the prediction)."""
    return [
        {"id": a.pk, "grade": a.suggested_grade}
        for a in answers_for_review(campaign)
        if a.suggested_grade
    ]


def reply_answers(candidate: Candidate) -> list[ReviewRow]:
    """A candidate's graded answers, with their current grade and replies (right of reply)."""
    answers = (
        Answer.objects.filter(response__candidate=candidate, decisions__isnull=False)
        .distinct()
        .select_related("question", "response__candidate__campaign")
        .prefetch_related("decisions", "replies")
        .order_by("question__number")
    )
    return [ReviewRow(a, current_decision(a), final_grade(a)) for a in answers]


def reply_answer(candidate: Candidate, answer_id: int) -> Answer:
    """One of the candidate's graded answers, or 404."""
    answer = (
        Answer.objects.filter(pk=answer_id, response__candidate=candidate, decisions__isnull=False)
        .distinct()
        .first()
    )
    if answer is None:
        raise Http404
    return answer


@dataclass(frozen=True)
class ParagraphRow:
    index: int
    text: str
    question: int | None
    question_text: str
    split_points: list[tuple[int, str]]
    last: bool


@dataclass(frozen=True)
class QuestionRow:
    number: int
    text: str
    paragraphs: int


def import_page(item: Import) -> tuple[list[QuestionRow], list[ParagraphRow]]:
    """The questionnaire (with how many paragraphs answer each question) and the reply's
    paragraphs, for the page where staff check an import."""
    from veilleuse.questionnaires.services.imports import split_points

    paragraphs = list(item.alignment.get("paragraphs", []))
    counts: dict[int, int] = {}
    for paragraph in paragraphs:
        if paragraph.get("question") is not None:
            counts[paragraph["question"]] = counts.get(paragraph["question"], 0) + 1
    questions = [
        QuestionRow(q.number, q.text, counts.get(q.number, 0))
        for q in item.candidate.campaign.questions.order_by("number")
    ]
    texts = {q.number: q.text for q in questions}
    rows = [
        ParagraphRow(
            index=i,
            text=p["text"],
            question=p.get("question"),
            question_text=texts.get(p.get("question"), ""),
            split_points=split_points(text=p["text"]),
            last=i == len(paragraphs) - 1,
        )
        for i, p in enumerate(paragraphs)
    ]
    return questions, rows


def candidate_imports(candidate: Candidate) -> QuerySet[Import]:
    return Import.objects.filter(candidate=candidate).order_by("-created")


def next_answer_id(answer: Answer) -> int | None:
    """The answer after ``answer`` in the review list's order (list by list, question by
    question), for the review page's "Next answer" link; None after the last one."""
    campaign_id = answer.response.candidate.campaign_id
    order = ("response__candidate_id", "question__number", "pk")
    ids = list(
        Answer.objects.filter(response__candidate__campaign_id=campaign_id)
        .order_by(*order)
        .values_list("pk", flat=True)
    )
    position = ids.index(answer.pk) if answer.pk in ids else len(ids)
    return ids[position + 1] if position + 1 < len(ids) else None
