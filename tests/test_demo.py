"""The demo world a newcomer sees after ``veilleuse demo`` (veilleuse/demo.py)."""

from __future__ import annotations

import pytest

from veilleuse.demo import demo_load
from veilleuse.questionnaires.models import ContactAttempt, Invitation, Response

pytestmark = pytest.mark.django_db


def test_the_demo_holds_the_seed_reply_imported_and_graded() -> None:
    world = demo_load()
    response = Response.objects.get(
        candidate__campaign=world.campaign, candidate__name="Emmanuel Grégoire"
    )
    grades = {a.question.number: a.suggested_grade for a in response.answers.all()}
    assert len(grades) == 10
    assert grades[2] == "yes"
    assert grades[9] == "rather_no"
    assert response.source == "import"


def test_the_demo_lists_were_asked_and_reminded_but_did_not_answer() -> None:
    world = demo_load()
    for candidate in (world.list_a, world.list_b):
        kinds = list(
            ContactAttempt.objects.filter(candidate=candidate).values_list("kind", flat=True)
        )
        assert kinds == ["email", "reminder"]
        assert Invitation.objects.filter(candidate=candidate).exists()
        assert not Response.objects.filter(candidate=candidate).exists()


def test_loading_the_demo_twice_changes_nothing() -> None:
    demo_load()
    counts = (Response.objects.count(), ContactAttempt.objects.count(), Invitation.objects.count())
    demo_load()
    assert (
        Response.objects.count(),
        ContactAttempt.objects.count(),
        Invitation.objects.count(),
    ) == counts


def test_the_demo_tracks_the_answers_of_fictitious_winners_without_asserting_any_progress() -> None:
    from veilleuse.commitments.models import ElectionResult, TrackedCommitment

    world = demo_load()
    result = ElectionResult.objects.get(campaign=world.campaign)
    assert result.hypothetical
    gregoire = TrackedCommitment.objects.filter(candidate__name="Emmanuel Grégoire")
    assert gregoire.filter(state="tracked").count() >= 6
    assert set(gregoire.values_list("status", flat=True)) == {"not_started"}
    examples = TrackedCommitment.objects.filter(candidate=world.list_a)
    assert all("fictif" in c.title for c in examples)
    # the one with status changes; the other is the funding commitment the watch's demo
    # record concerns (proposals waiting, nothing confirmed)
    example = examples.get(title__startswith="Ouvrir une permanence")
    assert example.status == "stalled"
    assert [c.status for c in example.changes.all()] == ["in_progress", "stalled"]


def test_every_demand_of_the_questionnaire_is_followed_in_the_demo() -> None:
    from veilleuse.commitments.models import TrackedCommitment

    world = demo_load()
    numbers = set(
        TrackedCommitment.objects.filter(candidate__name="Emmanuel Grégoire", state="tracked")
        .exclude(question=None)
        .values_list("question__number", flat=True)
    )
    assert numbers == set(range(1, 11))
    assert world.campaign.questions.count() == 10
