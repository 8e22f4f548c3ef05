"""Who may open which tracking page: every view × anonymous, viewer, reviewer, admin and
another association's admin. Missing and forbidden look the same (404)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from veilleuse.commitments.services.statuses import commitment_status_change
from veilleuse.commitments.tests.world import fact, results, tracked

pytestmark = pytest.mark.django_db

PEOPLE = ("anonymous", "viewer", "reviewer", "admin", "outsider")
# Lowest role that may use the page; GET pages answer 200, POST-only pages are sent back (302)
# or refused (400) once allowed, which is enough to show the gate let the person through.
PAGES = [
    ("results", "GET", "admin"),
    ("propose", "POST", "admin"),
    ("official_remove", "POST", "admin"),
    ("tracking", "GET", "viewer"),
    ("proposals", "GET", "reviewer"),
    ("commitment_add", "GET", "reviewer"),
    ("triage", "POST", "reviewer"),
    ("commitment_detail", "GET", "viewer"),
    ("commitment_detail", "POST", "reviewer"),
    ("change_publish", "POST", "reviewer"),
    ("change_correct", "GET", "reviewer"),
]
RANK = {"anonymous": 0, "outsider": 0, "viewer": 1, "reviewer": 2, "admin": 3}


@pytest.fixture
def world(cast: Any) -> dict[str, Any]:
    result = results(cast)
    official = result.officials.create(name="Camille Démo", role="Maire")
    commitment = tracked(cast)
    change = commitment_status_change(
        actor=cast.reviewer, commitment=commitment, fact=fact(), seen_version=1
    )
    slug = cast.campaign.slug
    return {
        "results": {"slug": slug},
        "propose": {"slug": slug},
        "official_remove": {"slug": slug, "official_id": official.pk},
        "tracking": {"slug": slug},
        "proposals": {"slug": slug},
        "commitment_add": {"slug": slug},
        "triage": {"pk": commitment.pk},
        "commitment_detail": {"pk": commitment.pk},
        "change_publish": {"pk": change.pk},
        "change_correct": {"pk": change.pk},
    }


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize(("name", "method", "lowest"), PAGES)
def test_access_matrix(
    cast: Any,
    client: Any,
    world: dict[str, Any],
    person: str,
    name: str,
    method: str,
    lowest: str,
) -> None:
    url = reverse(f"commitments:{name}", kwargs=world[name])
    if person != "anonymous":
        client.force_login(getattr(cast, person))

    response = client.get(url) if method == "GET" else client.post(url, {})

    if person == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    elif RANK[person] < RANK[lowest]:
        assert response.status_code == 404
    else:
        assert response.status_code in ((200,) if method == "GET" else (302, 400))
