"""The bridge between a campaign and the analysis engine (``veilleuse.analysis``).

The engine is plain Python: it knows questionnaires and answers as frozen dataclasses. This
module turns a campaign's questions into the engine's ``Questionnaire`` and stores the
engine's suggestion on each ``Answer`` (docs/analysis-json.md describes ``Answer.analysis``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import Any, TypedDict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from veilleuse import analysis as engine
from veilleuse.questionnaires.models import Answer, Campaign, Question, Response, ResponseStatus


def campaign_questionnaire(*, campaign: Campaign) -> engine.Questionnaire:
    """The campaign's questions as the engine sees them (numbers, texts, themes)."""
    questions = list(campaign.questions.select_related("theme").order_by("number"))
    return engine.Questionnaire(
        title=campaign.title,
        questions=tuple(_engine_question(q) for q in questions),
        themes=tuple(campaign.themes.values_list("title", flat=True)),
    )


def _engine_question(question: Question) -> engine.Question:
    return engine.Question(
        number=question.number,
        text=question.text,
        theme=question.theme.title if question.theme else "",
        demand=question.demand,
        yes_means=question.yes_means,
        key=f"q{question.number}",
    )


def _answer_analysis(answer: Answer, context: Sequence[str]) -> dict[str, Any]:
    """The engine's JSON for one answer; ``context`` holds the other questions' texts."""
    grading = engine.grade_answer(
        answer.question.text, answer.text, context=context, yes_means=answer.question.yes_means
    )
    return engine.grading_to_dict(grading)


def answers_grade(*, answers: Iterable[Answer], question_texts: Sequence[str]) -> None:
    """Store the engine's suggestion on each answer (callers hold the transaction)."""
    for answer in answers:
        context = [text for text in question_texts if text != answer.question.text]
        result = _answer_analysis(answer, context)
        answer.suggested_grade = result["grade"]
        answer.confidence = result["confidence"]
        answer.analysis = result
        answer.full_clean()
        answer.save(update_fields=["suggested_grade", "confidence", "analysis", "updated"])


def response_grade(*, response_id: int) -> Response | None:
    """Grade every answer of a response, in one transaction. Running it twice gives the
    same result (the engine is deterministic). ``None`` if the response is gone."""
    with transaction.atomic():
        response = (
            Response.objects.select_for_update()
            .select_related("candidate__campaign")
            .filter(pk=response_id)
            .first()
        )
        if response is None:
            return None
        campaign = response.candidate.campaign
        texts = list(campaign.questions.values_list("text", flat=True))
        answers_grade(answers=response.answers.select_related("question"), question_texts=texts)
    return response


# Longer than any grading takes: a response still ungraded after this lost its task.
RESUME_AFTER = timedelta(minutes=10)


def responses_resume(*, older_than: timedelta = RESUME_AFTER) -> int:
    """Queue the grading again for submitted responses with an answer still ungraded after
    ``older_than``: a worker killed mid-task loses the message (the queue hands each message
    out once). ``response_grade`` is deterministic, so grading twice changes nothing."""
    from veilleuse.core.tasks import enqueue
    from veilleuse.questionnaires import tasks

    cutoff = timezone.now() - older_than
    stale = (
        Response.objects.filter(
            status=ResponseStatus.SUBMITTED,
            submitted_at__lt=cutoff,
            answers__suggested_grade="",
        )
        .values_list("pk", flat=True)
        .distinct()
    )
    ids = list(stale)
    for response_id in ids:
        enqueue(tasks.response_analyse, response_id=response_id)
    return len(ids)


class AlignedParagraph(TypedDict):
    text: str
    question: int | None  # the number of the question it answers; None: none


class Alignment(TypedDict):
    """What an import's ``alignment`` (JSON) holds: reviewers move paragraphs between
    questions before accepting it."""

    paragraphs: list[AlignedParagraph]
    warnings: list[str]


def alignment_build(*, document: engine.Document, questionnaire: engine.Questionnaire) -> Alignment:
    """The import's alignment: each paragraph of the reply with the question it answers.

    Paragraphs of a segment go to the question the engine aligned that segment to; the
    preamble and segments that match no question go to none. A segment that answers several
    questions at once ("4 et 5") goes to the first of them, with a warning.
    """
    segmentation = engine.segment(document)
    owners: dict[int, list[int]] = {}
    warnings: list[str] = []
    for alignment in engine.align(questionnaire, segmentation):
        if not alignment.segments:
            warnings.append(
                _("Question %(n)s has no answer in the document.")
                % {"n": alignment.question.number}
            )
        for segment in alignment.segments:
            owners.setdefault(id(segment), []).append(alignment.question.number)
    paragraphs: list[AlignedParagraph] = [
        {"text": text, "question": None} for text in segmentation.preamble
    ]
    for segment in segmentation.segments:
        numbers = owners.get(id(segment), [])
        warnings.extend(_segment_warnings(segment, numbers))
        owner = numbers[0] if numbers else None
        paragraphs += [{"text": text, "question": owner} for text in segment.paragraphs]
    return {"paragraphs": paragraphs, "warnings": warnings}


def _segment_warnings(segment: engine.Segment, numbers: list[int]) -> list[str]:
    if not numbers:
        return [
            _(
                "“%(question)s” matches no question of the questionnaire: its answer is marked as "
                "not an answer."
            )
            % {"question": segment.question[:80]}
        ]
    if len(numbers) > 1:
        return [
            _(
                "Questions %(numbers)s are answered together; the answer is assigned to question "
                "%(first)s: split or move its paragraphs if needed."
            )
            % {"numbers": ", ".join(str(n) for n in numbers), "first": numbers[0]}
        ]
    return []
