"""Staff create campaigns and the lists they question; who may see and do what."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.shortcuts import resolve_url
from django.test import Client
from django.utils import timezone, translation

from veilleuse.core.models import AuditEntry
from veilleuse.questionnaires.models import (
    Campaign,
    Candidate,
    Election,
    Response,
    ResponseStatus,
)
from veilleuse.questionnaires.services.campaigns import (
    CampaignDetails,
    CandidateDetails,
    campaign_create,
    campaign_update,
    candidate_create,
    candidate_delete,
    candidate_update,
)
from veilleuse.questionnaires.services.invitations import invitation_create


@pytest.fixture(autouse=True)
def _english(settings: Any) -> Iterator[None]:
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def new_campaign(cast: Any, **changes: Any) -> Campaign:
    fields = {
        "election_name": "Municipales Lyon 2026",
        "territory": "Lyon",
        "first_round": date(2026, 3, 15),
        "second_round": date(2026, 3, 22),
        "slug": "lyon-2026",
        "title": "Questionnaire Lyon",
        **changes,
    }
    details = CampaignDetails(**fields)
    return campaign_create(actor=cast.admin, association=cast.association, details=details)


def test_an_admin_creates_a_campaign_and_its_election(cast: Any) -> None:
    campaign = new_campaign(cast)

    assert campaign.election.name == "Municipales Lyon 2026"
    assert campaign.association == cast.association
    assert not campaign.questionnaire_frozen
    assert AuditEntry.objects.filter(action="campaign.create", actor=cast.admin).exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"slug": "paris-2026"}, "already exists"),
        ({"slug": "pas un identifiant"}, "slug"),
        ({"second_round": date(2026, 3, 1)}, "second round comes after"),
        ({"title": ""}, "cannot be blank"),
    ],
)
def test_a_wrong_campaign_is_refused_clearly_and_nothing_is_written(
    cast: Any, changes: dict[str, Any], message: str
) -> None:
    before = (Campaign.objects.count(), Election.objects.count(), AuditEntry.objects.count())

    with pytest.raises(ValidationError, match=message):
        new_campaign(cast, **changes)

    assert (Campaign.objects.count(), Election.objects.count(), AuditEntry.objects.count()) == (
        before
    )


def test_moving_the_deadline_moves_the_links_expiry(cast: Any) -> None:
    invitation = invitation_create(actor=cast.admin, candidate=cast.list_a)
    assert invitation.expires_at is None
    deadline = timezone.now()

    details = CampaignDetails(
        election_name="Municipales Paris 2026",
        slug="paris-2026",
        title="Questionnaire",
        deadline=deadline,
    )
    campaign_update(actor=cast.admin, campaign=cast.campaign, details=details)

    invitation.refresh_from_db()
    assert invitation.expires_at is not None
    assert invitation.expires_at > deadline


def test_lists_are_added_edited_and_removed(cast: Any) -> None:
    details = CandidateDetails(name="Liste démo C", party="Parti C")
    candidate = candidate_create(actor=cast.admin, campaign=cast.campaign, details=details)
    details = CandidateDetails(name="Liste C", territory="Paris 18e")
    candidate_update(actor=cast.admin, candidate=candidate, details=details)
    candidate.refresh_from_db()
    assert (candidate.name, candidate.party, candidate.territory) == ("Liste C", "", "Paris 18e")

    candidate_delete(actor=cast.admin, candidate=candidate)
    assert not Candidate.objects.filter(pk=candidate.pk).exists()
    assert AuditEntry.objects.filter(action="candidate.delete").exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": "liste démo a"}, "already has a list with this name"),
        ({"name": "Liste E", "email": "pas-une-adresse"}, "valid email"),
        ({"name": ""}, "cannot be blank"),
    ],
)
def test_a_wrong_list_is_refused_clearly_and_nothing_is_written(
    cast: Any, changes: dict[str, Any], message: str
) -> None:
    before = Candidate.objects.count()

    with pytest.raises(ValidationError, match=message):
        candidate_create(
            actor=cast.admin, campaign=cast.campaign, details=CandidateDetails(**changes)
        )

    assert Candidate.objects.count() == before


def test_a_list_that_answered_cannot_be_removed(cast: Any) -> None:
    Response.objects.create(candidate=cast.list_a, status=ResponseStatus.SUBMITTED)

    with pytest.raises(ValidationError, match="has answered"):
        candidate_delete(actor=cast.admin, candidate=cast.list_a)
    assert Candidate.objects.filter(pk=cast.list_a.pk).exists()


def test_home_shows_the_campaigns_of_my_associations_only(client: Client, cast: Any) -> None:
    details = CampaignDetails(
        election_name="Autre", slug="autre-2026", title="Campagne de l'autre association"
    )
    other = campaign_create(
        actor=cast.outsider, association=cast.other_association, details=details
    )
    client.force_login(cast.viewer)

    html = client.get("/").content.decode()

    assert cast.campaign.title in html
    assert other.title not in html
    assert "/campaigns/new/" not in html, "a viewer is offered to create a campaign"


def test_an_admin_creates_a_campaign_through_the_form(client: Client, cast: Any) -> None:
    client.force_login(cast.admin)

    page = client.post(
        "/campaigns/new/",
        {
            "association": cast.association.pk,
            "election_name": "Législatives",
            "slug": "legislatives",
            "title": "Questionnaire législatives",
            "four_eyes": "on",
        },
    )

    assert page.status_code == 302
    campaign = Campaign.objects.get(slug="legislatives")
    assert campaign.four_eyes
    assert page["Location"] == "/c/legislatives/"


def test_an_admin_cannot_create_a_campaign_for_another_association(
    client: Client, cast: Any
) -> None:
    client.force_login(cast.admin)

    page = client.post(
        "/campaigns/new/",
        {
            "association": cast.other_association.pk,
            "election_name": "X",
            "slug": "x",
            "title": "X",
        },
    )

    assert page.status_code == 400
    assert not Campaign.objects.filter(slug="x").exists()


# The access matrix: every staff page × every kind of visitor.

READ, ADMIN = "read", "admin"


def staff_pages(cast: Any) -> list[tuple[str, str, str]]:
    """(method, path, who may) for every staff page of campaigns, questionnaires and lists."""
    c = f"/c/{cast.campaign.slug}"
    question = cast.campaign.questions.first().pk
    theme = cast.campaign.themes.first().pk
    one = f"{c}/candidates/{cast.list_a.pk}"
    return [
        ("get", "/", "anyone signed in"),
        ("get", "/campaigns/new/", ADMIN),
        ("get", f"{c}/", READ),
        ("get", f"{c}/edit/", ADMIN),
        ("get", f"{c}/questionnaire/", READ),
        ("get", f"{c}/questionnaire/import/", ADMIN),
        ("get", f"{c}/questionnaire/themes/new/", ADMIN),
        ("get", f"{c}/questionnaire/themes/{theme}/", ADMIN),
        ("get", f"{c}/questionnaire/themes/{theme}/delete/", ADMIN),
        ("get", f"{c}/questionnaire/questions/new/", ADMIN),
        ("get", f"{c}/questionnaire/questions/{question}/", ADMIN),
        ("get", f"{c}/questionnaire/questions/{question}/delete/", ADMIN),
        ("get", f"{c}/candidates/", READ),
        ("get", f"{c}/candidates/new/", ADMIN),
        ("post", f"{c}/candidates/remind/", ADMIN),
        ("get", f"{one}/", READ),
        ("get", f"{one}/edit/", ADMIN),
        ("get", f"{one}/delete/", ADMIN),
        ("post", f"{one}/invitation/", ADMIN),
        ("post", f"{one}/invitation/send/", ADMIN),
        ("post", f"{one}/invitation/remind/", ADMIN),
        ("post", f"{one}/invitation/revoke/", ADMIN),
        ("post", f"{one}/contacts/", ADMIN),
    ]


def allowed(role: str, needs: str) -> bool:
    if needs == "anyone signed in":
        return True
    if needs == READ:
        return role in {"viewer", "reviewer", "admin"}
    return role == "admin"


@pytest.mark.parametrize("role", ["anonymous", "viewer", "reviewer", "admin", "outsider"])
def test_the_access_matrix_of_every_staff_page(client: Client, cast: Any, role: str) -> None:
    if role != "anonymous":
        client.force_login(getattr(cast, role))
    login = resolve_url(django_settings.LOGIN_URL)
    pages = staff_pages(cast)
    # Creating a campaign needs an association to create it in: the outsider has one.
    expectations = {path: allowed(role, needs) for _, path, needs in pages}
    expectations["/campaigns/new/"] = role in {"admin", "outsider"}

    for method, path, _needs in pages:
        page = getattr(client, method)(path)
        if role == "anonymous":
            assert page.status_code == 302, path
            assert page["Location"].startswith(login), path
        elif expectations[path]:
            assert page.status_code in {200, 302}, (role, path, page.status_code)
        else:
            assert page.status_code == 404, (role, path, page.status_code)
