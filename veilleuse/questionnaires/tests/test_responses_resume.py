"""A response whose grading task was lost with a killed worker is graded later, once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from veilleuse.questionnaires.models import Answer, Response, ResponseStatus
from veilleuse.questionnaires.services.analysis import responses_resume


def submitted(candidate: Any, *, minutes_ago: int) -> Response:
    response = Response.objects.create(
        candidate=candidate,
        status=ResponseStatus.SUBMITTED,
        submitted_at=timezone.now() - timedelta(minutes=minutes_ago),
    )
    for question in candidate.campaign.questions.all()[:2]:
        Answer.objects.create(response=response, question=question, text="Oui, nous le ferons.")
    return response


def test_only_stale_ungraded_responses_are_graded_again_and_only_once(
    cast: Any, django_capture_on_commit_callbacks: Any
) -> None:
    stale = submitted(cast.list_a, minutes_ago=30)
    recent = submitted(cast.list_b, minutes_ago=1)

    with django_capture_on_commit_callbacks(execute=True):
        assert responses_resume() == 1

    assert all(answer.suggested_grade for answer in stale.answers.all())
    assert not any(answer.suggested_grade for answer in recent.answers.all())
    with django_capture_on_commit_callbacks(execute=True):
        assert responses_resume() == 0
