"""Right of reply: with their invitation link, a candidate sees their grades and replies."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from veilleuse.questionnaires.models import CandidateReply
from veilleuse.questionnaires.selectors.invitations import invitation_token
from veilleuse.questionnaires.services.invitations import (
    invitation_create,
    invitation_revoke,
)
from veilleuse.questionnaires.services.reviews import decision_record
from veilleuse.questionnaires.tests.test_reviews import english, graded

pytestmark = pytest.mark.django_db


@pytest.fixture
def reply_campaign(cast: Any) -> Any:
    cast.campaign.right_of_reply = True
    cast.campaign.save()
    return cast


def grades_url(cast: Any, candidate: Any) -> str:
    invitation = invitation_create(actor=cast.admin, candidate=candidate)
    return reverse("questionnaires:reply_grades", kwargs={"token": invitation_token(invitation)})


def decide(cast: Any, answer: Any, grade: str) -> None:
    note = "" if grade == answer.suggested_grade else "Reviewed."
    decision_record(
        reviewer=cast.reviewer, answer=answer, grade=grade, note=note, seen_decision_id=None
    )


def test_a_candidate_sees_their_graded_answers_and_replies(
    reply_campaign: Any, client: Client
) -> None:
    cast = reply_campaign
    answers = graded(cast.list_a)
    decide(cast, answers[9], "no")
    url = grades_url(cast, cast.list_a)

    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert answers[9].question.text[:40] in html
    assert 'class="grade grade-no"' in html
    assert html.count('name="text"') == 1  # only the graded answer can be replied to

    client.post(url, {"answer": answers[9].pk, "text": "Nous soutenons la coopérative."})

    assert CandidateReply.objects.get().answer == answers[9]
    staff = english(Client(), cast.reviewer)
    review = staff.get(reverse("questionnaires:answer_review", kwargs={"pk": answers[9].pk}))
    assert "Nous soutenons la coopérative." in review.content.decode()


def test_a_candidate_cannot_reply_to_another_candidates_answer(
    reply_campaign: Any, client: Client
) -> None:
    cast = reply_campaign
    theirs = graded(cast.list_b)[2]
    decide(cast, theirs, theirs.suggested_grade)
    graded(cast.list_a)

    page = client.post(grades_url(cast, cast.list_a), {"answer": theirs.pk, "text": "Hijack."})

    assert page.status_code == 404
    assert not CandidateReply.objects.exists()


def test_a_reply_to_an_ungraded_answer_is_refused(reply_campaign: Any, client: Client) -> None:
    cast = reply_campaign
    answers = graded(cast.list_a)

    page = client.post(grades_url(cast, cast.list_a), {"answer": answers[1].pk, "text": "Hi."})

    assert page.status_code == 404
    assert not CandidateReply.objects.exists()


def test_without_right_of_reply_the_page_does_not_exist(cast: Any, client: Client) -> None:
    answer = graded(cast.list_a)[2]
    decide(cast, answer, answer.suggested_grade)

    assert client.get(grades_url(cast, cast.list_a)).status_code == 404


def test_a_wrong_or_revoked_link_opens_nothing(reply_campaign: Any, client: Client) -> None:
    cast = reply_campaign
    url = grades_url(cast, cast.list_a)
    forged = reverse("questionnaires:reply_grades", kwargs={"token": "1.forged"})

    assert client.get(forged).status_code == 404
    invitation_revoke(actor=cast.admin, candidate=cast.list_a)
    assert client.get(url).status_code == 404
