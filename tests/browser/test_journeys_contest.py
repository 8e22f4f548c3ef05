"""Journey (issue 20): a person named in an alert contests it, and the alert is withdrawn.

On a phone, someone sends the contest form twice, once with a number a published alert
names and once with a number nobody reported: the page after each is the same. On a
laptop, alice (the association's admin) finds both requests in the data-protection queue
with their one-month deadline, and sees that the first matches. mona asks to withdraw the
alert, marc confirms (four eyes), and Rosa, on her phone, sees it "withdrawn after review".
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import member_sign_in
from veilleuse.alerts.models.contest import one_month_after
from veilleuse.alerts.tests.moderation_helpers import PHONE
from veilleuse.alerts.tests.test_review import published
from veilleuse.demo import CAST_PASSWORD

UNKNOWN = "07 98 76 54 32"


def contest(page: Any, base_url: str, number: str) -> str:
    page.goto(f"{base_url}/alertes/avis/demo/contester/")
    page.locator("input[name=raw]").fill(number)
    page.locator("input[name=reach]").fill("moi@example.org")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/contester/recu/")
    return page.locator("main").inner_html()


def staff_sign_in(page: Any, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(CAST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def test_a_contest_leads_to_a_withdrawal_members_see(
    live_server: Any, live_network: Any, phone: Any, laptop: Any, browser: Any
) -> None:
    base = live_server.url
    alert = published(live_network)
    known_page = contest(phone, base, PHONE)
    assert contest(phone, base, UNKNOWN) == known_page  # the same screen, known or not

    staff_sign_in(laptop, base, "alice")
    laptop.goto(f"{base}/reseau/demo/donnees/")
    due = one_month_after(timezone.localdate()).isoformat()
    expect(laptop.locator(f"[data-contests] td[data-due='{due}']")).to_have_count(2)
    laptop.locator("[data-contests] a").first.click()
    expect(laptop.locator("[data-matches]")).to_have_attribute("data-matches", "yes")

    mona = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR").new_page()
    staff_sign_in(mona, base, "mona")
    mona.goto(f"{base}/reseau/demo/moderation/alertes/{alert.pk}/")
    mona.locator("[data-review] select[name=action]").select_option("withdraw")
    mona.locator("[data-review] input[name=reason]").fill(
        "Retirée après examen d'une contestation."
    )
    mona.locator("[data-review] button[type=submit]").click()
    marc = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR").new_page()
    staff_sign_in(marc, base, "marc")
    marc.goto(f"{base}/reseau/demo/moderation/alertes/{alert.pk}/")
    marc.locator("[data-review] button[type=submit]").click()
    expect(marc.locator("h1 .badge")).to_have_text("retirée")

    member_sign_in(phone, base, "rosa")
    expect(phone.locator("[data-withdrawn]")).to_contain_text("Retirée après examen")
