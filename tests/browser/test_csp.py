"""The Content-Security-Policy holds in a real browser: the staff's main pages, a candidate's
answer form and the live preview of the published site load with no CSP violation (no inline
script, style or event handler left), and a violation would be seen."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import member_sign_in
from tests.browser.test_journeys_answer import sign_in

pytestmark = pytest.mark.slow


def csp_violations(page: Any) -> list[str]:
    """Chromium reports every refused inline script or style on the console."""
    seen: list[str] = []

    def console(message: Any) -> None:
        if "Content Security Policy" in message.text:
            seen.append(f"{message.text} ({page.url})")

    page.on("console", console)
    return seen


def answer_link(live_cast: Any) -> str:
    from veilleuse.questionnaires.selectors.invitations import invitation_token
    from veilleuse.questionnaires.services.invitations import invitation_create

    invitation = invitation_create(actor=live_cast.admin, candidate=live_cast.list_a)
    return f"/r/{invitation_token(invitation)}/"


def test_the_main_pages_load_without_any_csp_violation(
    live_server: Any, live_cast: Any, laptop: Any
) -> None:
    base = live_server.url
    seen = csp_violations(laptop)
    slug = live_cast.campaign.slug
    # The staff home is where signing in lands: it is checked by sign_in itself.
    pages = [
        f"/c/{slug}/",
        f"/c/{slug}/questionnaire/",
        f"/c/{slug}/candidates/",
        f"/c/{slug}/review/",
        f"/c/{slug}/tracking/",
        f"/c/{slug}/preview/fr/methodology.html",
        f"/c/{slug}/preview/fr/questions/1.html",
        "/accounts/",
    ]
    sign_in(laptop, base, "alice")
    for path in pages:
        response = laptop.goto(base + path)
        assert response is not None, path
        assert response.status == 200, path
        assert "unsafe-inline" not in (response.headers.get("content-security-policy") or "")
    # The preview's root page sends the browser on to the French index (meta refresh).
    laptop.goto(f"{base}/c/{slug}/preview/")
    laptop.wait_for_url(f"**/c/{slug}/preview/fr/index.html")
    laptop.wait_for_load_state()
    laptop.goto(base + "/accounts/two-factor/setup/")  # the QR code is an inline SVG
    laptop.context.clear_cookies()
    laptop.goto(base + answer_link(live_cast))  # the candidate's form, signed out

    assert seen == [], "\n".join(seen)


def test_a_members_pages_load_without_any_csp_violation(
    live_server: Any, live_network: Any, phone: Any
) -> None:
    base = live_server.url
    seen = csp_violations(phone)
    phone.goto(base + "/alertes/connexion/")
    member_sign_in(phone, base, "Rosa")
    for path in (
        "/alertes/",
        "/alertes/signaler/",
        "/alertes/mes-signalements/",
        "/alertes/notifications/",
        "/alertes/verifier/",
    ):
        response = phone.goto(base + path)
        assert response is not None
        assert response.status == 200, path

    assert seen == [], "\n".join(seen)


def test_an_injected_inline_style_is_refused_and_reported(
    live_server: Any, live_cast: Any, laptop: Any
) -> None:
    seen = csp_violations(laptop)
    laptop.goto(live_server.url + "/accounts/login/")

    laptop.evaluate(
        """() => { const box = document.createElement("div");
                   box.innerHTML = '<p style="color: red">injected</p>';
                   document.body.append(box); }"""
    )
    laptop.wait_for_timeout(200)

    assert any("style" in message for message in seen), seen
