"""Watching the city, on a phone: the watch reads a fixture source on loopback, a proposal
appears with its passage, alice confirms it on the confirmation page, and the public tracker
shows the new status with its act and quote (issue "Commitment tracking, part 2")."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, screenshot
from tests.browser.test_journeys_answer import sign_in
from veilleuse.commitments.tests.record_fixtures import DELIBERATIONS_CSV, loopback

pytestmark = pytest.mark.django_db(transaction=True)
QUOTE = "Création d'un centre de santé communautaire pour les travailleuses du sexe"


@pytest.fixture
def watched_world(transactional_db: None) -> Any:
    """Fictitious results, one fictitious commitment of "Liste démo A" (never a real
    candidate's), and the city's deliberations served on loopback."""
    from veilleuse.commitments.services.results import result_record
    from veilleuse.commitments.services.triage import commitment_add
    from veilleuse.demo import demo_load

    world = demo_load(tracking=False)
    result_record(
        actor=world.admin,
        campaign=world.campaign,
        mandate_start=date(2026, 3, 22),
        mandate_end=date(2032, 3, 21),
        winners=[world.list_a],
        majority=world.list_a,
        hypothetical=True,
    )
    commitment = commitment_add(
        actor=world.reviewer,
        campaign=world.campaign,
        candidate=world.list_a,
        title="Ouvrir un centre de santé communautaire pour les travailleuses du sexe (fictif)",
        source_note="Programme de la Liste démo A (fictif)",
    )
    return world, commitment


def fits_the_phone(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width}px wide on a 360px phone"


def read_the_source_now(page: Any, base_url: str, campaign: Any) -> None:
    """alice adds nothing by hand: the source is there; she has it read at once."""
    from veilleuse.commitments.models import WatchedSource

    routes = {"/deliberations.csv": (200, "text/csv", DELIBERATIONS_CSV.encode())}
    with loopback(routes) as city:
        WatchedSource.objects.create(
            campaign=campaign,
            importer="scdl-deliberations",
            name="Délibérations de la Ville Démo",
            address=city.url("/deliberations.csv"),
        )
        sign_in(page, base_url, "alice")
        page.goto(f"{base_url}/c/{campaign.slug}/tracking/watch/")
        expect(page.locator("main")).to_contain_text("Aucune proposition en attente.")
        page.get_by_role("button", name="Lire maintenant").click()
        assert city.requests == ["/deliberations.csv"]


def confirm_the_proposal(page: Any) -> None:
    page.reload()
    main = page.locator("main")
    expect(main).to_contain_text("2 lus, 2 nouveaux, 1 propositions")
    expect(main).to_contain_text("2027 DÉMO-DSP 14")
    expect(main).to_contain_text(QUOTE)
    fits_the_phone(page)
    screenshot(page, "watch-proposal")
    page.get_by_role("link", name="Confirmer").click()
    expect(page.locator("h1")).to_contain_text("Confirmer la proposition")
    fits_the_phone(page)
    page.get_by_role("button", name="Oui, enregistrer ce changement de statut").click()
    expect(page.get_by_role("status")).to_contain_text("Le changement de statut est enregistré")
    expect(page.locator("main")).to_contain_text("Aucune proposition en attente.")


def the_public_tracker_shows_the_act(page: Any, world: Any, commitment: Any, out: Path) -> None:
    from veilleuse.publishing.build import build_site
    from veilleuse.publishing.selectors import publication_data
    from veilleuse.publishing.tracker import commitment_slug

    site = build_site(publication_data(world.campaign), out)
    page.goto((site.out_dir / "fr" / "tracker" / f"{commitment_slug(commitment)}.html").as_uri())
    main = page.locator("main")
    expect(main).to_contain_text("En cours")
    expect(main).to_contain_text("Acte officiel")
    expect(main).to_contain_text("2027 DÉMO-DSP 14")
    expect(main).to_contain_text(QUOTE)
    link = page.get_by_role("link", name="lire l’acte")
    expect(link).to_have_attribute("href", "https://deliberations.example.org/2027-demo-dsp-14")
    fits_the_phone(page)


def test_the_watch_proposes_staff_confirm_and_the_tracker_shows_the_act(
    watched_world: Any, live_server: Any, phone: Any, tmp_path: Path
) -> None:
    world, commitment = watched_world
    read_the_source_now(phone, live_server.url, world.campaign)
    confirm_the_proposal(phone)
    the_public_tracker_shows_the_act(phone, world, commitment, tmp_path / "site")
