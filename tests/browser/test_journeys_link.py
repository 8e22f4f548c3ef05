"""Journey: an administrator copies a list's personal link with one button, and withdrawing
the link asks first, on a page that works without JavaScript (issue 14, item 8)."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.browser.test_journeys_answer import sign_in


def open_list_a(page: Any, base_url: str) -> None:
    sign_in(page, base_url, "alice")
    page.goto(f"{base_url}/c/paris-2026/candidates/")
    page.get_by_role("link", name="Liste démo A").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Liste démo A")


def test_the_link_is_copied_by_a_button_and_withdrawn_only_after_confirming(
    live_server: Any, live_cast: Any, browser: Any
) -> None:
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="fr-FR", permissions=[]
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    try:
        open_list_a(page, live_server.url)
        page.get_by_role("button", name="Créer le lien").click()
        link = page.locator("#invitation-link").input_value()
        assert re.search(r"/r/[^/]+/$", link), link

        page.get_by_role("button", name="Copier").click()
        expect(page.locator(".copy-status")).to_have_text("Lien copié.")
        assert page.evaluate("navigator.clipboard.readText()") == link

        # One tap on "Withdraw" only asks; "Cancel" leaves the link working.
        page.get_by_role("button", name="Retirer le lien").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Retirer le lien de")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Liste démo A")
        page.get_by_role("link", name="Annuler").click()
        expect(page.locator("#invitation-link")).to_have_value(link)
        assert page.request.get(re.sub(r"^https?://[^/]+", live_server.url, link)).ok

        page.get_by_role("button", name="Retirer le lien").click()
        page.get_by_role("button", name="Retirer le lien").click()
        expect(page.get_by_role("status")).to_contain_text("Le lien a été retiré")
        expect(page.locator("#invitation-link")).to_have_count(0)
    finally:
        context.close()


def test_without_javascript_the_copy_button_is_hidden_and_withdrawing_still_asks(
    live_server: Any, live_cast: Any, browser: Any
) -> None:
    from veilleuse.questionnaires.services.invitations import invitation_create

    invitation_create(actor=live_cast.admin, candidate=live_cast.list_a)
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    page = context.new_page()
    try:
        open_list_a(page, live_server.url)
        expect(page.locator("#invitation-link")).to_be_visible()
        expect(page.get_by_role("button", name="Copier")).to_be_hidden()
        page.get_by_role("button", name="Retirer le lien").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Retirer le lien")
        page.get_by_role("button", name="Retirer le lien").click()
        expect(page.get_by_role("status")).to_contain_text("Le lien a été retiré")
    finally:
        context.close()
