"""The campaign dashboard: who was invited, who answered, by party and by territory —
counted in the database, in the same few queries for two lists or a thousand."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone, translation

from benchmarks.dashboard import populate
from veilleuse.questionnaires.models import Candidate, Response, ResponseStatus
from veilleuse.questionnaires.selectors.campaigns import campaign_dashboard, campaigns_for_user
from veilleuse.questionnaires.services.invitations import invitation_create, invitation_revoke

# session, user, campaign gate ×2 (read, admin links), 4 counts, the alert-network links,
# the authenticator check of a session force_login opened (issue 12, finding 11)
DASHBOARD_QUERIES = 12


@pytest.fixture(autouse=True)
def _english(settings: Any) -> Iterator[None]:
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def lists(cast: Any) -> dict[str, Candidate]:
    """A: answered; B: draft; C: invited, nothing yet; D: link withdrawn; E: never invited."""
    cast.list_a.territory = cast.list_b.territory = "Paris 18e"
    cast.list_a.save()
    cast.list_b.save()
    more = {
        name: Candidate.objects.create(
            campaign=cast.campaign, name=f"Liste {name}", party="Parti démo A", territory=""
        )
        for name in "CDE"
    }
    for candidate in (cast.list_a, cast.list_b, more["C"], more["D"]):
        invitation_create(actor=cast.admin, candidate=candidate)
    invitation_revoke(actor=cast.admin, candidate=more["D"])
    Response.objects.create(
        candidate=cast.list_a, status=ResponseStatus.SUBMITTED, submitted_at=timezone.now()
    )
    Response.objects.create(candidate=cast.list_b, status=ResponseStatus.DRAFT)
    return {"A": cast.list_a, "B": cast.list_b, **more}


def test_the_dashboard_counts_every_state(cast: Any, lists: dict[str, Candidate]) -> None:
    overall = campaign_dashboard(cast.campaign).overall

    assert (overall.total, overall.invited, overall.answered, overall.draft) == (5, 3, 1, 1)
    assert overall.not_answered == 3
    assert overall.rate == 20


def test_response_rates_per_party_and_per_territory(cast: Any, lists: dict[str, Candidate]) -> None:
    dashboard = campaign_dashboard(cast.campaign)

    by_party = {row.label: (row.total, row.answered, row.rate) for row in dashboard.by_party}
    by_territory = {row.label: (row.total, row.answered) for row in dashboard.by_territory}
    assert by_party == {"Parti démo A": (4, 1, 25), "Parti démo B": (1, 0, 0)}
    assert by_territory == {"": (3, 0), "Paris 18e": (2, 1)}


def test_the_page_shows_the_numbers_and_links(
    client: Client, cast: Any, lists: dict[str, Candidate]
) -> None:
    client.force_login(cast.viewer)

    html = client.get(f"/c/{cast.campaign.slug}/").content.decode()

    assert '<dd id="count-answered">1</dd>' in html
    assert '<dd id="count-none">3</dd>' in html
    assert "Parti démo B" in html
    assert "No territory" in html
    assert f"/c/{cast.campaign.slug}/candidates/" in html
    assert f"/c/{cast.campaign.slug}/review/" in html
    assert "/edit/" not in html, "a viewer is offered to edit the campaign"


def test_the_dashboard_costs_the_same_queries_for_many_lists(
    client: Client, cast: Any, django_assert_max_num_queries: Any
) -> None:
    client.force_login(cast.admin)
    url = f"/c/{cast.campaign.slug}/"
    # A session's first page stores its CSRF token (CSRF_USE_SESSIONS); a real sign-in
    # stores it already, force_login does not: not counted.
    client.get(url)
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        assert client.get(url).status_code == 200

    populate(cast.campaign, lists=120, questions=30)

    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        page = client.get(url)
    assert '<dd id="count-total">122</dd>' in page.content.decode()


def test_the_candidate_list_is_one_query_whatever_its_length(
    client: Client, cast: Any, django_assert_max_num_queries: Any
) -> None:
    populate(cast.campaign, lists=80, questions=3)
    client.force_login(cast.viewer)
    client.get(f"/c/{cast.campaign.slug}/")  # stores the session's CSRF token: not counted

    with django_assert_max_num_queries(9):  # +2: the header's network links; a session
        # force_login opened is checked for an authenticator (issue 12, finding 11)
        page = client.get(f"/c/{cast.campaign.slug}/candidates/")

    assert page.content.decode().count("/candidates/") > 80


def test_home_counts_answers_in_one_query(cast: Any, django_assert_num_queries: Any) -> None:
    populate(cast.campaign, lists=30, questions=2)

    with django_assert_num_queries(1):
        (campaign,) = list(campaigns_for_user(cast.viewer))

    assert campaign.candidate_count == 32
    assert campaign.answered_count == Response.objects.filter(status="submitted").count() > 0
