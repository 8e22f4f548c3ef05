"""Journey: a report in Spanish becomes an alert that reaches the right members only.

Rosa (Spanish, Belleville) reports, on her phone, a client who hit her, with his phone
number. mona, a moderator, opens the report on her laptop, composes the alert for Belleville
in every language, without showing the number, and approves it. Lin (Chinese, Belleville)
opens Veilleuse and finds the alert in Chinese in her feed; Ana (Portuguese, Bois de
Boulogne) does not see it, because it was not aimed at her zone.
"""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import PHONE, member_sign_in, screenshot
from tests.browser.test_journeys_answer import sign_in

CJK = re.compile(r"[\u4e00-\u9fff]")
STORY = "Un cliente me golpeó y se fue sin pagar (ficticio)."


def rosa_reports(page: Any, base_url: str, belleville: Any) -> None:
    member_sign_in(page, base_url, "Rosa")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.goto(f"{base_url}/alertes/signaler/")
    page.locator("select[name=zone]").select_option(str(belleville.pk))
    page.locator("input[name=kinds][value=physical]").check()
    page.locator("input[name=kinds][value=non_payment]").check()
    page.locator("textarea[name=description]").fill(STORY)
    page.locator("input[name=phone_1]").fill("06 12 34 56 78")
    page.locator("input[name=consent][value=alert]").check()
    screenshot(page, "alerts-report-es")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/alertes/signaler/merci/$"))


def mona_publishes(page: Any, base_url: str, belleville: Any) -> None:
    sign_in(page, base_url, "mona")
    moderator_approves_the_report(page, base_url, belleville)


def moderator_approves_the_report(
    page: Any, base_url: str, belleville: Any, *, show_identifiers: bool = False
) -> str:
    """A signed-in moderator composes the alert from the first report and approves it;
    returns the alert's address (a second moderator approves there when identifiers show)."""
    page.goto(f"{base_url}/reseau/demo/moderation/")
    page.locator("table a[href*='/moderation/signalements/']").first.click()
    expect(page.get_by_text(STORY).first).to_be_visible()
    compose = page.locator("form#compose")
    compose.locator("input[name=compose-kinds][value=physical]").check()
    compose.locator("select[name=compose-severity]").select_option("3")
    compose.locator(f"input[name=compose-zones][value='{belleville.pk}']").check()
    for code in ("fr", "en", "es", "zh-hans", "ro", "pt"):
        compose.locator(f"input[name=compose-languages][value={code}]").check()
    if show_identifiers:
        compose.locator("input[name=compose-show_identifiers]").check()
    compose.locator("button[name=save]").click()
    page.wait_for_url(re.compile(r"/moderation/alertes/\d+/$"))
    alert_url: str = page.url
    page.locator("form[action$='/approve/'] button").click()
    expect(page.locator(".msg.success")).to_be_visible()
    return alert_url


def test_an_approved_alert_reaches_belleville_in_chinese_and_not_the_bois(
    browser: Any, live_server: Any, live_network: Any
) -> None:
    base = live_server.url
    belleville = live_network.zones["belleville"]
    contexts = []
    try:
        pages = {}
        for who in ("rosa", "mona", "lin", "ana"):
            context = browser.new_context(viewport=PHONE, locale="fr-FR")
            context.set_default_timeout(15_000)
            contexts.append(context)
            pages[who] = context.new_page()

        rosa_reports(pages["rosa"], base, belleville)
        mona_publishes(pages["mona"], base, belleville)

        lin = pages["lin"]
        member_sign_in(lin, base, "Lin")
        expect(lin.locator("html")).to_have_attribute("lang", "zh-hans")
        alert = lin.locator("article.alert")
        expect(alert).to_have_count(1)
        body = alert.locator(".body[lang=zh-hans]")
        expect(body).to_be_visible()
        assert CJK.search(body.inner_text()), body.inner_text()
        assert "56 78" not in alert.inner_text()  # the number was not shown
        screenshot(lin, "alerts-feed-zh")

        ana = pages["ana"]
        member_sign_in(ana, base, "Ana")
        expect(ana.locator("article.alert")).to_have_count(0)
    finally:
        for context in contexts:
            context.close()
