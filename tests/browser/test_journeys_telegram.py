"""Journey: a member links Telegram with a code and receives an alert there.

Rosa (Spanish, Belleville), on her phone (360×740), opens her notification settings, asks
for a Telegram code and gets the bot's deep link; Back from the next page never shows the
code again. Telegram — here the fake Bot API on 127.0.0.1
(veilleuse/alerts/tests/messaging_servers.py) — calls the site's webhook with her
``/start <code>``, as it does when she presses Start; the bot answers her in Spanish. Her page
now says the account is linked. Then she reports a violent client, mona approves the alert
for Belleville, and the fake Bot API records one ``sendMessage`` to her chat: the notice in
Spanish, nothing of the alert itself.
"""

from __future__ import annotations

import re
import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, member_sign_in, screenshot
from tests.browser.test_journeys_alerts import STORY, mona_publishes, rosa_reports
from tests.browser.test_journeys_duress import back, main_text
from veilleuse.alerts.channels import notice_text
from veilleuse.alerts.tests.messaging_servers import FakeTelegram, serving
from veilleuse.alerts.tests.messaging_world import TELEGRAM_SECRET, configure

CHAT = 7700123


def fits_the_phone(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide"


def rosa_asks_for_a_code(page: Any, base: str) -> str:
    member_sign_in(page, base, "Rosa")
    page.goto(f"{base}/alertes/notifications/")
    page.locator("a[href$='/notifications/messageries/']").click()
    telegram = page.locator("section[data-service=telegram]")
    fits_the_phone(page)
    telegram.locator("button[type=submit]").click()
    link = page.locator("#link-open")
    expect(link).to_be_visible()
    fits_the_phone(page)
    screenshot(page, "alerts-telegram-code-es")
    href = link.get_attribute("href") or ""
    assert href.startswith("https://t.me/VeilleuseTestBot?start=")
    code = parse_qs(urlsplit(href).query)["start"][0]
    expect(page.locator("#link-code")).to_contain_text(code)
    # The code was a POST answer, never kept: Back does not show it again.
    page.locator("nav a[href$='/alertes/']").click()
    page.wait_for_url(re.compile(r"/alertes/$"))
    back(page)
    assert code not in main_text(page)
    return code


def telegram_calls_the_webhook(bot: FakeTelegram, base: str, code: str) -> None:
    """She presses Start in Telegram: Telegram posts her ``/start <code>`` to the webhook,
    and the bot's answer (in the webhook's response) says linked, in Spanish."""
    webhook = f"{base}/alertes/webhooks/telegram/"
    status, answer = bot.user_sends(webhook, TELEGRAM_SECRET, CHAT, f"/start {code}")
    assert status == 200
    with translation.override("es"):
        linked = gettext("Veilleuse: this account is linked. New alerts will be announced here.")
    assert answer == {"method": "sendMessage", "chat_id": CHAT, "text": linked}


def wait_for_messages(bot: FakeTelegram, count: int) -> None:
    deadline = time.monotonic() + 30
    while len(bot.sent) < count and time.monotonic() < deadline:
        time.sleep(0.1)


def test_a_member_links_telegram_with_a_code_and_receives_the_alert_there(
    browser: Any, live_server: Any, live_network: Any, settings: Any
) -> None:
    base, belleville = live_server.url, live_network.zones["belleville"]
    contexts = []
    with serving(FakeTelegram()) as bot:
        configure(settings, telegram=bot.url)
        try:
            pages = {}
            for who in ("rosa", "mona"):
                context = browser.new_context(viewport=PHONE, locale="fr-FR")
                context.set_default_timeout(15_000)
                contexts.append(context)
                pages[who] = context.new_page()
            rosa = pages["rosa"]
            code = rosa_asks_for_a_code(rosa, base)

            telegram_calls_the_webhook(bot, base, code)
            rosa.goto(f"{base}/alertes/notifications/messageries/")
            expect(rosa.locator("section[data-service=telegram] .linked")).to_be_visible()
            fits_the_phone(rosa)

            rosa_reports(rosa, base, belleville)
            mona_publishes(pages["mona"], base, belleville)
            wait_for_messages(bot, 1)
        finally:
            for context in contexts:
                context.close()
    (message,) = bot.sent
    assert message["chat_id"] == str(CHAT)
    assert message["text"].startswith(notice_text("es"))
    assert message["text"].endswith("/alertes/")
    assert STORY not in message["text"]
