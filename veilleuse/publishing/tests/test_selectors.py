"""The public record: only reviewed grades, every list, no private notes or names."""

from __future__ import annotations

from typing import Any

import pytest

from veilleuse.demo import demo_load
from veilleuse.publishing.selectors import publication_data
from veilleuse.questionnaires.models import Answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> Any:
    return demo_load()


def test_every_list_is_published_including_those_that_never_answered(world: Any) -> None:
    data = publication_data(world.campaign)
    statuses = {c["name"]: c["status"] for c in data["candidates"]}
    assert statuses == {
        "Emmanuel Grégoire": "answered",
        "Liste démo A": "invited",
        "Liste démo B": "invited",
    }
    contacted = next(c for c in data["candidates"] if c["name"] == "Liste démo A")
    assert [c["kind"] for c in contacted["contacts"]] == ["email", "reminder"]


def test_contacts_are_published_without_the_staff_notes(world: Any) -> None:
    text = str(publication_data(world.campaign))
    assert "Relance (démo)" not in text
    assert "bruno" not in text


def test_only_decided_grades_are_published(world: Any) -> None:
    answer = Answer.objects.get(response__candidate__name="Emmanuel Grégoire", question__number=9)
    answer.decisions.all().delete()
    data = publication_data(world.campaign)
    nine = next(a for a in data["answers"] if a["question"] == 9)
    assert nine == {"candidate": nine["candidate"], "question": 9, "status": "pending"}
    two = next(a for a in data["answers"] if a["question"] == 2)
    assert two["grade"] == "yes"
    assert two["text"].startswith("Oui.")


def test_under_four_eyes_a_grade_needs_a_second_reviewer(world: Any) -> None:
    world.campaign.four_eyes = True
    world.campaign.save(update_fields=["four_eyes", "updated"])
    data = publication_data(world.campaign)
    assert {a["status"] for a in data["answers"]} == {"pending"}
    assert data["reviews"]["reviewers"] == 0


def test_the_record_is_built_in_a_fixed_number_of_queries(
    world: Any, django_assert_max_num_queries: Any
) -> None:
    # 13: the last one reads the published figures (veilleuse/core/figures.py).
    with django_assert_max_num_queries(13):
        publication_data(world.campaign)
