"""Journey: a member's phone in someone else's hands (issue 14, items 1 and 2).

Rosa, on her phone, reports an attack, reads her report, checks a number and opens her
data page; after each step she presses Back, and what she typed or read is not there. Then
she leaves with the quick-exit button: her session is ended on the server (a copy of her
cookie opens nothing), the site's cookies and storage are gone, and pressing Back again and
again only ever shows the neutral site. The button covers no field of the report form on a
360×740 screen, and the quick-exit and skip links sit inside landmarks (axe-core).

The neutral site is a plain page on 127.0.0.1 (``VEILLEUSE_QUICK_EXIT_URL``), where the tab
starts too.
"""

from __future__ import annotations

import http.server
import re
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, member_sign_in
from tests.browser.test_published_site import AXE, UNDER_CI, axe_violations

STORY = "Il m'a frappée dans l'escalier (fictif, test du bouton Retour)."
PLACE = "Derrière la station de métro (fictif)"
NUMBER = "06 12 34 56 78"
NEUTRAL_TEXT = "Prévisions du jour"


class NeutralPage(http.server.BaseHTTPRequestHandler):
    """Any address answers the same ordinary page."""

    def do_GET(self) -> None:
        body = f"<!doctype html><title>Météo</title><p>{NEUTRAL_TEXT}</p>".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def neutral_site(settings: Any) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), NeutralPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    settings.VEILLEUSE_QUICK_EXIT_URL = url
    yield url
    server.shutdown()
    server.server_close()


def main_text(page: Any) -> str:
    """What the tab shows (a Chromium error page included), once it has settled: a page of
    ours may still replace itself (a restored page fetched again)."""
    for _attempt in range(5):
        page.wait_for_load_state()
        try:
            return str(page.evaluate("() => document.body ? document.body.innerText : ''"))
        except PlaywrightError as error:
            if "Execution context was destroyed" not in str(error):
                raise
    raise AssertionError(f"{page.url} kept navigating")


def back(page: Any) -> None:
    """Press Back. A POST answer that was not stored shows Chromium's own error page."""
    try:
        page.go_back()
    except PlaywrightError as error:
        if "ERR_CACHE_MISS" not in str(error):
            raise


def report_and_press_back(page: Any, base: Any, belleville: Any) -> None:
    page.goto(f"{base}/alertes/signaler/")
    page.locator("select[name=zone]").select_option(str(belleville.pk))
    page.locator("input[name=kinds][value=physical]").check()
    page.locator("input[name=place]").fill(PLACE)
    page.locator("textarea[name=description]").fill(STORY)
    page.locator("input[name=phone_1]").fill(NUMBER)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/alertes/signaler/merci/$"))

    back(page)
    expect(page).to_have_url(re.compile(r"/alertes/signaler/$"))
    expect(page.locator("textarea[name=description]")).to_have_value("")
    expect(page.locator("input[name=place]")).to_have_value("")
    expect(page.locator("input[name=phone_1]")).to_have_value("")
    expect(page.locator("input[name=kinds]:checked")).to_have_count(0)
    assert STORY not in main_text(page)


def read_the_report_then_check_a_number_and_press_back(page: Any, base: Any) -> None:
    page.goto(f"{base}/alertes/mes-signalements/")
    page.locator("main a[href*='/mes-signalements/']").first.click()
    expect(page.locator("main")).to_contain_text(STORY)
    page.goto(f"{base}/alertes/verifier/")
    page.locator("input[name=raw]").fill(NUMBER)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#check-result")).to_be_visible()
    page.locator("nav a[href$='/alertes/']").click()
    page.wait_for_url(re.compile(r"/alertes/$"))

    back(page)  # to the number's answer: a POST answer, never kept
    shown = main_text(page)
    assert NUMBER not in shown
    assert page.locator("#check-result").count() == 0
    if page.locator("input[name=raw]").count():
        expect(page.locator("input[name=raw]")).to_have_value("")
    back(page)  # to the empty check form
    expect(page.locator("input[name=raw]")).to_have_value("")
    back(page)  # to her report, read before: she is still signed in, it shows again
    expect(page.locator("main")).to_contain_text(STORY)


def sign_out_from_the_data_page_and_press_back(page: Any, base: Any, neutral: str) -> None:
    page.goto(f"{base}/alertes/mes-donnees/")
    expect(page.locator("main")).to_contain_text(PLACE)
    page.locator("header form[action$='/deconnexion/'] button").click()
    page.wait_for_url(re.compile(r"/alertes/connexion/"))

    back(page)  # her data page, signed out: the neutral site replaces it at once
    page.wait_for_url(neutral)
    shown = main_text(page)
    assert PLACE not in shown
    assert STORY not in shown
    assert "Rosa" not in shown


def test_back_after_each_sensitive_step_shows_nothing_sensitive(
    live_server: Any, live_network: Any, phone: Any, neutral_site: str
) -> None:
    base = live_server.url
    phone.goto(neutral_site)
    member_sign_in(phone, base, "Rosa")

    report_and_press_back(phone, base, live_network.zones["belleville"])
    read_the_report_then_check_a_number_and_press_back(phone, base)
    sign_out_from_the_data_page_and_press_back(phone, base, neutral_site)


def our_documents(page: Any, base: str) -> list[str]:
    """The address of every page of ours the tab receives from now on, redirects followed
    (their texts cannot be read: the pages replace themselves at once)."""
    addresses: list[str] = []

    def received(response: Any) -> None:
        request = response.request
        ours = response.url.startswith(base) and request.resource_type == "document"
        if ours and not 300 <= response.status < 400:
            addresses.append(response.url)

    page.on("response", received)
    return addresses


def site_storage(page: Any, base: str) -> dict[str, Any]:
    """What the browser keeps for the site: cookies, and what a page of it can read."""
    return {
        "cookies": page.context.cookies(base),
        "storage": page.evaluate(
            """async () => ({
                local: localStorage.length,
                session: sessionStorage.length,
                caches: (await caches.keys()).length,
                databases: (await indexedDB.databases()).length,
                workers: (await navigator.serviceWorker.getRegistrations()).length,
            })"""
        ),
    }


def test_quick_exit_ends_the_session_and_back_shows_nothing_of_ours(
    live_server: Any, live_network: Any, phone: Any, neutral_site: str, browser: Any
) -> None:
    base = live_server.url
    phone.goto(neutral_site)
    member_sign_in(phone, base, "Rosa")
    phone.goto(f"{base}/alertes/signaler/")
    phone.locator("textarea[name=description]").fill(STORY)
    phone.evaluate("() => { localStorage.setItem('a', 'x'); sessionStorage.setItem('b', 'y'); }")
    entries = phone.evaluate("() => history.length")
    cookies_before = phone.context.cookies(base)
    assert {cookie["name"] for cookie in cookies_before} >= {"sessionid", "django_language"}
    received = our_documents(phone, base)

    phone.locator("[data-quick-exit]").click()
    phone.wait_for_url(neutral_site)

    # Back, as far as the history goes (its first entry is the new tab's blank page): only
    # the neutral site shows, and the server answered nothing but its sign-in page.
    for _entry in range(entries - 2):
        back(phone)
        phone.wait_for_url(neutral_site)
        assert NEUTRAL_TEXT in main_text(phone)
    assert received
    assert all("/alertes/connexion/" in url for url in received), received
    # Nothing of the site is left in the browser (read from a file of ours, in the same tab).
    phone.goto(f"{base}/static/alerts/member.css")
    assert site_storage(phone, base) == {
        "cookies": [],
        "storage": {"local": 0, "session": 0, "caches": 0, "databases": 0, "workers": 0},
    }
    # The session is over on the server: a copy of the cookie taken before opens nothing.
    other = browser.new_context(viewport=PHONE)
    other.add_cookies(cookies_before)
    answer = other.new_page().goto(f"{base}/alertes/")
    assert answer is not None
    assert "/alertes/connexion/" in answer.url
    other.close()


# Each field brought to the top of the screen, as scrolling a long form does.
COVERED_FIELDS = """() => {
    const exit = document.querySelector("[data-quick-exit]");
    const covered = [];
    const fields = document.querySelectorAll("main input, main select, main textarea, main button");
    for (const field of fields) {
        if (field.type === "hidden") continue;
        field.scrollIntoView({block: "start"});
        const a = field.getBoundingClientRect(), b = exit.getBoundingClientRect();
        if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) {
            covered.push(field.name || field.id || field.outerHTML.slice(0, 60));
        }
    }
    return covered;
}"""


def test_the_quick_exit_button_covers_no_field_of_the_report_form_on_a_phone(
    live_server: Any, live_network: Any, phone: Any
) -> None:
    member_sign_in(phone, live_server.url, "Rosa")
    phone.goto(f"{live_server.url}/alertes/signaler/")
    fields = phone.locator("main input:not([type=hidden]), main textarea, main select").count()
    assert fields > 10

    assert phone.evaluate(COVERED_FIELDS) == []


@pytest.fixture
def audit_phone(browser: Any) -> Iterator[Any]:
    """A phone whose pages accept axe-core (injected inline, which the CSP refuses)."""
    if not AXE.exists():
        message = f"axe-core is not installed at {AXE} (`make node` installs it)"
        if UNDER_CI:
            pytest.fail(message)
        pytest.skip(message)
    context = browser.new_context(viewport=PHONE, locale="fr-FR", bypass_csp=True)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def test_the_quick_exit_and_skip_links_are_inside_landmarks(
    live_server: Any, live_network: Any, audit_phone: Any
) -> None:
    page = audit_phone
    page.goto(f"{live_server.url}/alertes/connexion/")
    failures = {"login": axe_violations(page, also=("region",))}
    member_sign_in(page, live_server.url, "Rosa")
    for path in ("/alertes/", "/alertes/signaler/", "/alertes/verifier/"):
        page.goto(live_server.url + path)
        failures[path] = axe_violations(page, also=("region",))

    assert {path: found for path, found in failures.items() if found} == {}


def test_a_remote_sign_out_ends_the_session_held_by_another_browser(
    live_server: Any, live_network: Any, browser: Any
) -> None:
    """Rosa's phone was taken while signed in; on a friend's phone she signs out everywhere.
    The taken phone is signed out at once; her next sign-in asks for her passphrase again."""
    from veilleuse.alerts.cast import MEMBER_PASSPHRASE

    base = live_server.url
    taken, friend = (browser.new_context(viewport=PHONE, locale="fr-FR") for _ in range(2))
    try:
        held, hers = taken.new_page(), friend.new_page()
        member_sign_in(held, base, "Rosa")
        member_sign_in(hers, base, "Rosa")
        hers.goto(f"{base}/alertes/mes-donnees/")
        hers.locator("main a[href$='/deconnexion-partout/']").click()
        hers.locator("#sign-out-everywhere").click()
        expect(hers.locator("#signed-out-everywhere")).to_be_visible()

        held.reload()
        expect(held).to_have_url(re.compile(r"/alertes/connexion/"))
        held.goto(f"{base}/alertes/mes-signalements/")
        expect(held).to_have_url(re.compile(r"/alertes/connexion/"))

        hers.goto(f"{base}/alertes/connexion/")
        hers.locator("input[name=pseudonym]").fill("Rosa")
        hers.locator("input[name=passphrase]").fill(MEMBER_PASSPHRASE)
        hers.locator("main form button[type=submit]").click()
        expect(hers).to_have_url(re.compile(r"/alertes/connexion/confirmer/"))
        hers.locator("input[name=passphrase]").fill(MEMBER_PASSPHRASE)
        hers.locator("main form button[type=submit]").click()
        expect(hers).to_have_url(re.compile(r"/alertes/$"))
    finally:
        taken.close()
        friend.close()


def test_the_duress_passphrase_opens_an_empty_account_on_a_phone(
    live_server: Any, live_network: Any, phone: Any
) -> None:
    """Rosa chooses a duress passphrase. Later, forced to open Veilleuse, she types it: the
    same pages open, under her pseudonym, with nothing of hers in them."""
    from veilleuse.alerts.cast import MEMBER_PASSPHRASE
    from veilleuse.alerts.tests.reporting import member_report

    duress = "parapluie jaune sous la pluie"
    member_report(live_network.rosa, description=STORY)
    base = live_server.url
    member_sign_in(phone, base, "Rosa")
    phone.goto(f"{base}/alertes/mes-donnees/")
    phone.locator("main a[href$='/phrase-de-secours/']").click()
    phone.locator("input[name=passphrase]").fill(MEMBER_PASSPHRASE)
    phone.locator("input[name=duress]").fill(duress)
    phone.locator("input[name=duress_again]").fill(duress)
    phone.locator("input[name=notify]").check()
    phone.locator("button[name=save]").click()
    expect(phone.locator("#duress-state")).to_have_attribute("data-set", "yes")
    phone.locator("header form[action$='/deconnexion/'] button").click()

    phone.goto(f"{base}/alertes/connexion/")
    phone.locator("input[name=pseudonym]").fill("Rosa")
    phone.locator("input[name=passphrase]").fill(duress)
    phone.locator("main form button[type=submit]").click()
    expect(phone).to_have_url(re.compile(r"/alertes/$"))
    expect(phone.locator("html")).to_have_attribute("lang", "es")
    expect(phone.locator("article.alert")).to_have_count(0)
    phone.goto(f"{base}/alertes/mes-signalements/")
    expect(phone.locator("main a[href*='/mes-signalements/']")).to_have_count(0)
    phone.goto(f"{base}/alertes/mes-donnees/")
    expect(phone.locator("main")).to_contain_text("Rosa")
    expect(phone.locator("main")).not_to_contain_text(STORY)
    phone.goto(f"{base}/alertes/phrase-de-secours/")
    expect(phone.locator("#duress-state")).to_have_attribute("data-set", "no")


KEPT_BY_THE_PHONE = """async () => {
    await navigator.serviceWorker.ready;
    const kept = [];
    for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys()) {
            kept.push(new URL(request.url).pathname);
        }
    }
    return kept;
}"""


def test_the_installable_app_keeps_no_page_and_quick_exit_leaves_nothing(
    live_server: Any, live_network: Any, phone: Any, neutral_site: str
) -> None:
    """Rosa picks "Weather" for the app; its worker keeps our style sheet and script, never a
    page she read; after the quick exit nothing of the site is left in the browser."""
    base = live_server.url
    member_sign_in(phone, base, "Rosa")
    phone.goto(f"{base}/alertes/application/")
    phone.locator("input[name=look][value=weather]").check()
    phone.locator("main form button[type=submit]").click()
    manifest = phone.locator("link[rel=manifest]").get_attribute("href")
    assert manifest == "/alertes/application/weather/es.webmanifest"
    named = phone.request.get(base + manifest).json()
    assert named["name"] == "Tiempo"
    for path in ("/alertes/", "/alertes/signaler/", "/alertes/mes-donnees/"):
        phone.goto(base + path)

    kept = phone.evaluate(KEPT_BY_THE_PHONE)
    assert kept
    assert all(path.startswith("/static/") for path in kept), kept

    phone.locator("[data-quick-exit]").click()
    phone.wait_for_url(neutral_site)
    phone.goto(f"{base}/static/alerts/member.css")
    assert site_storage(phone, base) == {
        "cookies": [],
        "storage": {"local": 0, "session": 0, "caches": 0, "databases": 0, "workers": 0},
    }
