"""After the election: alice records the (fictitious) results, accepts the proposed
commitments, changes one status with evidence, publishes, and sees the public tracker page
and its feed carry the change (issue "Commitment tracking")."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.test_journeys_answer import sign_in

pytestmark = pytest.mark.django_db(transaction=True)
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def reviewed_world(transactional_db: None) -> Any:
    from veilleuse.demo import demo_load

    return demo_load(tracking=False)


def record_results(page: Any) -> None:
    page.get_by_role("link", name="Questionnaire TDS municipales Paris").click()
    page.get_by_role("link", name="Suivi").first.click()
    page.get_by_role("link", name="Enregistrer les résultats").click()
    page.locator("input[name=mandate_start]").fill("2026-03-22")
    page.locator("input[name=mandate_end]").fill("2032-03-21")
    page.get_by_label("Emmanuel Grégoire").check()
    page.locator("select[name=majority]").select_option(label="Emmanuel Grégoire")
    page.locator("input[name=hypothetical]").check()
    page.get_by_role("button", name="Enregistrer les résultats").click()
    expect(page.get_by_role("status")).to_contain_text("proposés")


def accept_every_proposal(page: Any) -> None:
    page.get_by_role("link", name="Suivi").first.click()
    page.get_by_role("link", name=re.compile("à trier")).click()
    accept = page.get_by_role("button", name="Accepter")
    count = accept.count()
    assert count >= 6, "the reviewed yes answers and the engine's commitments are proposed"
    for _ in range(count):  # bounded: one click per proposal on the page
        page.get_by_role("button", name="Accepter").first.click()
    expect(page.get_by_text("Aucune proposition à trier.")).to_be_visible()


def change_the_mutuelle_status(page: Any) -> None:
    page.get_by_role("link", name="Suivi").first.click()
    page.get_by_role(
        "link", name=re.compile("création d.une mutuelle", re.IGNORECASE)
    ).first.click()
    page.locator("select[name=status]").select_option("in_progress")
    page.locator("input[name=happened_on]").fill("2026-10-01")
    page.locator("input[name=url]").fill("https://example.org/deliberation-demo")
    page.locator("input[name=url_title]").fill("Délibération (exemple)")
    page.get_by_role("button", name="Enregistrer le changement").click()
    expect(page.locator("main")).to_contain_text("Délibération (exemple)")


def test_results_proposals_a_status_change_and_the_public_tracker(
    reviewed_world: Any, live_server: Any, laptop: Any, tmp_path: Path
) -> None:
    sign_in(laptop, live_server.url, "alice")
    record_results(laptop)
    accept_every_proposal(laptop)
    change_the_mutuelle_status(laptop)

    from veilleuse.publishing.build import build_site
    from veilleuse.publishing.selectors import publication_data

    site = build_site(publication_data(reviewed_world.campaign), tmp_path / "site")
    laptop.goto((site.out_dir / "fr" / "tracker" / "index.html").as_uri())
    expect(laptop.locator("body")).to_contain_text("Résultats fictifs")
    laptop.get_by_role(
        "link", name=re.compile("création d.une mutuelle", re.IGNORECASE)
    ).first.click()
    expect(laptop.locator("main")).to_contain_text("Délibération (exemple)")
    expect(laptop.locator("main")).to_contain_text("En cours")

    feed = ET.parse(site.out_dir / "fr" / "tracker" / "feed.xml").getroot()
    titles = [e.findtext(f"{ATOM}title", "") for e in feed.iter(f"{ATOM}entry")]
    assert any("mutuelle" in t.lower() for t in titles), titles
