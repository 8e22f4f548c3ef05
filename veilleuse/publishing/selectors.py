"""What the public may see of a campaign, as one plain dictionary: the open data.

``publication_data(campaign)`` is the single source of the static site, the CSV/JSON open
data, the share images, the PDF report and the quiz: they all render this dictionary, so
they cannot disagree, and nothing unreviewed can leak into one of them. Its shape is the
JSON Schema in ``schema.py`` (``veilleuse.publication/1``).

What is published, and what is not:
- a grade only when a person decided it (and a second one confirmed it under four-eyes);
  the answer's text and evidence only with it; an answer awaiting review is "pending";
- every list, including those that never answered, with the dates they were contacted —
  the kind and date of each contact, never the staff's notes;
- how many people reviewed, and when — never their names;
- after the election, ``tracker``: tracked commitments and published status changes only,
  never who made them (tracker.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, Literal, cast

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import slugify

from veilleuse.analysis.model import ORDINAL_GRADES, scale
from veilleuse.core.figures import public_figures
from veilleuse.publishing.record import (
    AnswerRecord,
    CampaignRecord,
    CandidateRecord,
    CommitmentRecord,
    DocumentRecord,
    Publication,
    QuestionRecord,
    Reviewed,
    Reviews,
    Span,
)
from veilleuse.publishing.tracker import tracker_record
from veilleuse.questionnaires.models import (
    Answer,
    Campaign,
    Candidate,
    CandidateReply,
    ContactAttempt,
    Decision,
    Question,
    Response,
)
from veilleuse.questionnaires.selectors.reviews import confirmation_of, current_decision

SCHEMA_ID = "veilleuse.publication/1"
# The scale is the engine's (veilleuse.analysis.model.Grade): one definition for all.
SCORES = {g.value: g.score for g in ORDINAL_GRADES}


def candidate_slug(candidate: Candidate) -> str:
    """Stable and unique: the name for people, the id for uniqueness."""
    return f"{slugify(candidate.name)[:60] or 'liste'}-{candidate.pk}"


def publication_data(campaign: Campaign, *, now: datetime | None = None) -> Publication:
    """The public record of a campaign (see the module docstring)."""
    questions = list(campaign.questions.select_related("theme").order_by("number"))
    candidates = list(_candidates(campaign))
    answers = list(_answers(campaign))
    published, reviews = _published_answers(campaign, answers)
    return {
        "schema": SCHEMA_ID,
        "generated_at": (now or timezone.now()).isoformat(),
        "campaign": _campaign(campaign),
        "scale": scale(),
        "themes": [
            {"id": t.pk, "title": t.title, "position": t.position}
            for t in campaign.themes.order_by("position", "pk")
        ],
        "questions": [_question(q) for q in questions],
        "candidates": [_candidate(c) for c in candidates],
        "answers": published,
        "reviews": reviews,
        # After the election: the public tracker (tracker.py); None before results.
        "tracker": tracker_record(campaign, candidate_slug),
        # Figures the association's other work published, e.g. the alert network's
        # statistics (veilleuse/core/figures.py); already suppressed, never raw rows.
        "figures": public_figures(campaign.association_id),
    }


def _campaign(campaign: Campaign) -> CampaignRecord:
    election = campaign.election
    return {
        "slug": campaign.slug,
        "title": campaign.title,
        "introduction": campaign.introduction,
        "association": campaign.association.name,
        "election": {
            "name": election.name,
            "territory": election.territory,
            "first_round": election.first_round.isoformat() if election.first_round else None,
            "second_round": election.second_round.isoformat() if election.second_round else None,
        },
        "deadline": campaign.deadline.isoformat() if campaign.deadline else None,
        "four_eyes": campaign.four_eyes,
        "right_of_reply": campaign.right_of_reply,
        "questionnaire_version": campaign.questionnaire_version,
    }


def _question(question: Question) -> QuestionRecord:
    return {
        "number": question.number,
        "key": f"q{question.number}",
        "theme": question.theme.title if question.theme else "",
        "text": question.text,
        "demand": question.demand,
        "yes_means": question.yes_means,
        "position": question.position_statement,
    }


def _candidates(campaign: Campaign) -> Iterable[Candidate]:
    return (
        Candidate.objects.filter(campaign=campaign)
        .select_related("invitation", "response")
        .prefetch_related(Prefetch("contacts", queryset=ContactAttempt.objects.order_by("at")))
        .order_by("name", "pk")
    )


def _candidate(candidate: Candidate) -> CandidateRecord:
    response: Response | None = getattr(candidate, "response", None)
    invitation = getattr(candidate, "invitation", None)
    answered = response if response is not None and response.status == "submitted" else None
    status: Literal["answered", "invited", "not_invited"] = (
        "answered"
        if answered
        else ("invited" if invitation or candidate.contacts.all() else "not_invited")
    )
    document: DocumentRecord | None = None
    if answered and answered.document:
        name = answered.document.name or ""
        document = {
            "path": f"documents/{candidate_slug(candidate)}.{name.rsplit('.', 1)[-1].lower()}",
            "source": name,
            "name": answered.document_name,
        }
    return {
        "id": candidate.pk,
        "slug": candidate_slug(candidate),
        "name": candidate.name,
        "party": candidate.party,
        "head_of_list": candidate.head_of_list,
        "territory": candidate.territory,
        "status": status,
        "submitted_at": answered.submitted_at.isoformat()
        if answered and answered.submitted_at
        else None,
        "source": answered.source if answered else None,
        "document": document,
        "contacts": [{"kind": c.kind, "at": c.at.isoformat()} for c in candidate.contacts.all()],
    }


def _answers(campaign: Campaign) -> Iterable[Answer]:
    return (
        Answer.objects.filter(response__candidate__campaign=campaign, response__status="submitted")
        .select_related("question", "response__candidate")
        .prefetch_related(
            Prefetch("decisions", queryset=Decision.objects.order_by("created", "pk")),
            Prefetch("replies", queryset=CandidateReply.objects.order_by("created")),
        )
        .order_by("response__candidate__name", "response__candidate_id", "question__number")
    )


def _published_answers(
    campaign: Campaign, answers: list[Answer]
) -> tuple[list[AnswerRecord], Reviews]:
    published: list[AnswerRecord] = []
    reviewers: set[int] = set()
    dates = []
    for answer in answers:
        decision = current_decision(answer)
        confirmation = confirmation_of(answer, decision) if decision else None
        confirmed = not campaign.four_eyes or confirmation is not None
        final = decision is not None and confirmed
        entry: AnswerRecord = {
            "candidate": candidate_slug(answer.response.candidate),
            "question": answer.question.number,
            "status": "reviewed" if final else "pending",
        }
        if decision is not None and confirmed:
            entry = {**entry, **_reviewed(answer, decision, confirmation)}
            reviewers.update(d.reviewer_id for d in (decision, confirmation) if d is not None)
            dates.append((confirmation or decision).created)
        published.append(entry)
    reviews: Reviews = {
        "reviewers": len(reviewers),
        "first": min(dates).isoformat() if dates else None,
        "last": max(dates).isoformat() if dates else None,
    }
    return published, reviews


def _reviewed(answer: Answer, decision: Decision, confirmation: Decision | None) -> Reviewed:
    analysis = answer.analysis or {}
    return {
        "text": answer.text,
        "grade": decision.grade,
        "score": SCORES.get(decision.grade),
        "suggested_grade": answer.suggested_grade or None,
        "reviewed_at": (confirmation or decision).created.isoformat(),
        "confirmed": confirmation is not None,
        "evidence": [_span(c) for c in analysis.get("evidence", [])],
        "deflections": [
            {"authority": d.get("authority", ""), **_span(d)}
            for d in analysis.get("deflections", [])
        ],
        "commitments": [_commitment(c) for c in analysis.get("commitments", [])],
        "replies": [{"text": r.text, "at": r.created.isoformat()} for r in answer.replies.all()],
    }


def _commitment(found: Mapping[str, Any]) -> CommitmentRecord:
    """A commitment the analysis read (stored as JSON on the answer), every key present."""
    return {
        "what": found.get("what"),
        "quantity": found.get("quantity"),
        "unit": found.get("unit"),
        "budget": found.get("budget"),
        "deadline": found.get("deadline"),
        "start": found.get("start"),
        "end": found.get("end"),
        "text": found.get("text"),
    }


def _span(cue: Mapping[str, Any]) -> Span:
    # The analysis' own cue (veilleuse.analysis), stored as JSON on the answer: only these keys.
    span = {key: cue[key] for key in ("kind", "label", "start", "end", "text") if key in cue}
    return cast(Span, span)
