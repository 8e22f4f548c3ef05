"""Recording the results proposes the winners' commitments; officials; idempotency."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from veilleuse.commitments.models import ElectionResult, Official, Source, TrackedCommitment
from veilleuse.commitments.services.results import (
    commitments_propose,
    official_add,
    official_remove,
    result_record,
)
from veilleuse.commitments.tests.world import MANDATE, results
from veilleuse.core.models import AuditEntry
from veilleuse.demo import demo_load
from veilleuse.questionnaires.models import Candidate

pytestmark = pytest.mark.django_db


@dataclass
class Demo:
    world: Any
    gregoire: Candidate

    def __getattr__(self, name: str) -> Any:
        return getattr(self.world, name)


@pytest.fixture
def demo() -> Demo:
    world = demo_load(tracking=False)
    return Demo(world, Candidate.objects.get(campaign=world.campaign, name="Emmanuel Grégoire"))


def record_gregoire(world: Any) -> ElectionResult:
    return result_record(
        actor=world.admin,
        campaign=world.campaign,
        winners=[world.gregoire],
        majority=world.gregoire,
        **MANDATE,
    )


def test_recording_gregoires_win_proposes_his_yes_answers_and_engine_commitments(
    demo: Any,
) -> None:
    record_gregoire(demo)

    proposals = TrackedCommitment.objects.filter(campaign=demo.campaign, state="proposed")
    from_answers = proposals.filter(source=Source.ANSWER)
    assert sorted(from_answers.values_list("question__number", flat=True)) == [2, 6, 10]
    engine_titles = list(proposals.filter(source=Source.ENGINE).values_list("title", flat=True))
    assert "La création d'une mutuelle municipale" in engine_titles
    assert any("100 nouveaux lieux de soins" in title for title in engine_titles)
    assert any("Genève" in title for title in engine_titles)
    assert set(proposals.values_list("candidate__name", flat=True)) == {"Emmanuel Grégoire"}


def test_an_answer_proposal_quotes_the_sentence_where_the_candidate_commits(demo: Any) -> None:
    record_gregoire(demo)

    mutual = TrackedCommitment.objects.get(source=Source.ANSWER, question__number=2)
    assert mutual.quote.startswith("Oui")
    assert len(mutual.quote) < len(mutual.answer.text)
    assert mutual.title == mutual.question.text.strip()


def test_recording_the_results_again_proposes_nothing_new(demo: Any) -> None:
    record_gregoire(demo)
    count = TrackedCommitment.objects.count()

    record_gregoire(demo)
    assert commitments_propose(actor=demo.admin, campaign=demo.campaign) == 0

    assert TrackedCommitment.objects.count() == count


def test_a_dropped_proposal_is_not_proposed_again(demo: Any) -> None:
    from veilleuse.commitments.services.triage import commitment_drop

    record_gregoire(demo)
    proposal = TrackedCommitment.objects.filter(source=Source.ENGINE).first()
    commitment_drop(actor=demo.reviewer, commitment=proposal)

    assert commitments_propose(actor=demo.admin, campaign=demo.campaign) == 0


def test_lists_without_answers_win_without_proposals(cast: Any) -> None:
    results(cast, winners=[cast.list_a, cast.list_b])

    assert not TrackedCommitment.objects.exists()
    assert ElectionResult.objects.get().winners.count() == 2


def test_the_majority_must_be_among_the_winners_and_nothing_is_written(cast: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        result_record(
            actor=cast.admin,
            campaign=cast.campaign,
            winners=[cast.list_a],
            majority=cast.list_b,
            **MANDATE,
        )

    assert "majority" in refused.value.message_dict
    assert not ElectionResult.objects.exists()


def test_officials_are_added_and_removed_with_an_audit_trail(cast: Any) -> None:
    result = results(cast)

    official = official_add(
        actor=cast.admin,
        result=result,
        name="Camille Démo",
        role="Adjointe à la maire",
        portfolio="Santé",
        candidate=cast.list_a,
    )
    official_remove(actor=cast.admin, official=official)

    assert not Official.objects.exists()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"result.record", "official.add", "official.remove"} <= actions


def test_an_admin_records_results_through_the_page(cast: Any, client: Any) -> None:
    client.force_login(cast.admin)
    url = reverse("commitments:results", kwargs={"slug": cast.campaign.slug})
    data = {
        "form": "result",
        "mandate_start": "2026-03-22",
        "mandate_end": "2032-03-21",
        "winners": [cast.list_a.pk],
        "majority": cast.list_a.pk,
        "digest_silence_months": 6,
    }

    assert client.post(url, data).status_code == 302
    official = {"form": "official", "name": "Camille Démo", "role": "Maire"}
    assert client.post(url, official).status_code == 302

    assert Official.objects.get().result.campaign == cast.campaign
    page = client.get(url)
    assert "Camille Démo" in page.content.decode()


def test_a_mandate_that_ends_before_it_starts_is_refused_on_the_page(
    cast: Any, client: Any
) -> None:
    client.force_login(cast.admin)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    url = reverse("commitments:results", kwargs={"slug": cast.campaign.slug})
    data = {
        "form": "result",
        "mandate_start": "2032-03-22",
        "mandate_end": "2026-03-21",
        "winners": [cast.list_a.pk],
        "digest_silence_months": 6,
    }

    response = client.post(url, data)

    assert response.status_code == 400
    assert "The mandate must end after it starts." in response.content.decode()
    assert not ElectionResult.objects.exists()
