"""The analysis bridge: a campaign's questions go to the engine, its suggestions come back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from veilleuse.analysis import read_document, segment
from veilleuse.questionnaires.models import Answer, Response, ResponseStatus
from veilleuse.questionnaires.services.analysis import campaign_questionnaire
from veilleuse.questionnaires.tasks import response_analyse

pytestmark = pytest.mark.django_db
# The seed the cast's campaign is built from (veilleuse/demo.py).
SEED = Path(__file__).resolve().parents[3] / "demo" / "questionnaire-tds-paris-2026-gregoire.txt"


def seed_answers() -> dict[int, str]:
    """The seed campaign's answers, by question number, as the engine reads them."""
    return {s.number or 0: s.answer for s in segment(read_document(SEED)).segments}


def submitted_response(candidate: Any, texts: dict[int, str]) -> Response:
    response = Response.objects.create(candidate=candidate, status=ResponseStatus.SUBMITTED)
    for question in candidate.campaign.questions.all():
        Answer.objects.create(
            response=response, question=question, text=texts.get(question.number, "")
        )
    return response


def test_the_campaign_questionnaire_keeps_numbers_texts_and_themes(cast: Any) -> None:
    questionnaire = campaign_questionnaire(campaign=cast.campaign)

    assert [q.number for q in questionnaire.questions] == list(range(1, 11))
    assert questionnaire.questions[0].text.startswith("Seriez-vous favorable")
    assert len(questionnaire.themes) == 4
    assert all(q.theme in questionnaire.themes for q in questionnaire.questions)


def test_the_task_grades_every_answer_of_a_submitted_response(
    cast: Any, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    response = submitted_response(cast.list_a, seed_answers())

    with django_capture_on_commit_callbacks(execute=True):
        response_analyse(response_id=response.pk)

    grades = dict(response.answers.values_list("question__number", "suggested_grade"))
    assert grades[2] == "yes"
    assert grades[9] == "rather_no"
    answer = response.answers.get(question__number=9)
    assert answer.confidence is not None
    assert answer.analysis["rationale"]
    for cue in answer.analysis["evidence"]:
        assert answer.text[cue["start"] : cue["end"]] == cue["text"]


def test_running_the_task_twice_gives_the_same_result(cast: Any) -> None:
    response = submitted_response(cast.list_a, seed_answers())

    response_analyse(response_id=response.pk)
    first = list(response.answers.values_list("suggested_grade", "confidence", "analysis"))
    response_analyse(response_id=response.pk)
    second = list(response.answers.values_list("suggested_grade", "confidence", "analysis"))

    assert first == second


def test_an_empty_answer_is_suggested_no_answer(cast: Any) -> None:
    response = submitted_response(cast.list_b, {1: "Oui, avec un budget de 2 M€ dès 2027."})

    response_analyse(response_id=response.pk)

    assert response.answers.get(question__number=3).suggested_grade == "no_answer"


def test_the_task_ignores_a_response_that_no_longer_exists(cast: Any) -> None:
    response_analyse(response_id=999_999)  # deleted since it was enqueued: nothing to do
