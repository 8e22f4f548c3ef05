"""A campaign's suggestions revised with what its reviewers decided, and only its own."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from veilleuse.accounts.models import Association
from veilleuse.analysis.learning import MIN_DECISIONS
from veilleuse.questionnaires.models import Answer, Campaign, Candidate, Election, Question
from veilleuse.questionnaires.services.analysis import response_grade
from veilleuse.questionnaires.services.reviews import decision_record
from veilleuse.questionnaires.tests.test_analysis_task import submitted_response

pytestmark = pytest.mark.django_db

# « Favorable. » is a position without means: the engine suggests rather yes. Here the
# reviewers of one campaign read it as a yes.
POSITION = "Favorable."


def answered(candidate: Candidate) -> list[Answer]:
    texts = {q.number: POSITION for q in candidate.campaign.questions.all()}
    response = submitted_response(candidate, texts)
    response_grade(response_id=response.pk)
    return list(response.answers.select_related("question").order_by("question__number"))


def decide_yes(cast: Any, answers: list[Answer]) -> None:
    for answer in answers:
        decision_record(
            reviewer=cast.reviewer,
            answer=answer,
            grade="yes",
            note="Un oui.",
            seen_decision_id=None,
        )


def other_campaign(cast: Any) -> Campaign:
    """The same questionnaire, run by another association."""
    other = Association.objects.get(slug="autre")
    election = Election.objects.create(association=other, name="Autre élection")
    campaign = Campaign.objects.create(
        association=other, election=election, title="Autre campagne", slug="autre-campagne"
    )
    for question in cast.campaign.questions.all():
        Question.objects.create(campaign=campaign, number=question.number, text=question.text)
    return campaign


def test_after_ten_decisions_the_undecided_suggestions_are_revised_in_that_campaign_only(
    cast: Any, client: Client
) -> None:
    elsewhere = answered(Candidate.objects.create(campaign=other_campaign(cast), name="X"))
    decided, undecided = answered(cast.list_a), answered(cast.list_b)
    assert {a.suggested_grade for a in undecided} == {"rather_yes"}
    for answer in decided[:MIN_DECISIONS]:
        decision_record(
            reviewer=cast.reviewer,
            answer=answer,
            grade="yes",
            note="Un oui.",
            seen_decision_id=None,
        )

    for answer in undecided:
        answer.refresh_from_db()
        assert answer.suggested_grade == "yes"
        assert answer.analysis["grade"] == "rather_yes"  # the engine's own stays
        assert answer.analysis["revision"]["decisions"] == MIN_DECISIONS
    for answer in elsewhere:  # another association's campaign learned nothing
        answer.refresh_from_db()
        assert answer.suggested_grade == "rather_yes"
        assert "revision" not in answer.analysis

    client.force_login(cast.viewer)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get(reverse("questionnaires:answer_review", kwargs={"pk": undecided[0].pk}))
    assert f"Suggestion revised after {MIN_DECISIONS} decisions" in page.content.decode()
    listing = client.get(reverse("questionnaires:review_list", kwargs={"slug": cast.campaign.slug}))
    assert f"0 of {MIN_DECISIONS} confirmed (0 %)" in listing.content.decode()


def test_before_ten_decisions_nothing_is_revised(cast: Any) -> None:
    decided, undecided = answered(cast.list_a), answered(cast.list_b)
    for answer in decided[: MIN_DECISIONS - 1]:
        decision_record(
            reviewer=cast.reviewer,
            answer=answer,
            grade="yes",
            note="Un oui.",
            seen_decision_id=None,
        )
    for answer in undecided:
        answer.refresh_from_db()
        assert answer.suggested_grade == "rather_yes"
        assert "revision" not in answer.analysis
