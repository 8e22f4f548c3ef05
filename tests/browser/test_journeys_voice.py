"""Journeys by voice: Rosa tells what happened out loud and mona hears it; an alert is read
aloud by the phone.

Chromium records from its fake microphone (a generated tone: ``--use-fake-device-for-media-
stream`` in tests/browser/chromium.py). Headless Chromium has no audio output and no voices,
so the speech request is checked by instrumenting ``window.speechSynthesis`` before the page
loads: what the page asks the phone to say, in which language.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, member_sign_in
from tests.browser.test_csp import csp_violations
from tests.browser.test_journeys_answer import sign_in

pytestmark = pytest.mark.slow

SPANISH_TEXT = "Cuidado: un hombre con coche gris roba a las compañeras (ficticio)."

# What the phone is asked to say is kept in window.__spoken; the voices the phone "has" are
# given by the test (none, or one per language named).
SPEECH_PROBE = """
(() => {
  const voices = %s.map((lang) => ({ lang: lang, name: "test " + lang, voiceURI: "test-" + lang,
    localService: true, default: false }));
  window.__spoken = [];
  Object.defineProperty(window.speechSynthesis, "getVoices", { value: () => voices });
  window.speechSynthesis.speak = (utterance) => {
    window.__spoken.push({ text: utterance.text, lang: utterance.lang });
    setTimeout(() => utterance.dispatchEvent(new Event("end")), 0);
  };
})();
"""


def phone_context(browser: Any) -> Any:
    context = browser.new_context(viewport=PHONE, locale="es-ES")
    context.set_default_timeout(15_000)
    return context


def rosa_records_a_report(page: Any, base: str, belleville: Any) -> None:
    member_sign_in(page, base, "Rosa")
    page.goto(f"{base}/alertes/signaler/")
    page.locator("select[name=zone]").select_option(str(belleville.pk))
    page.locator("input[name=kinds][value=physical]").check()
    expect(page.locator("[data-voice-file]")).to_be_hidden()  # the recorder replaces it
    page.locator("[data-voice-start]").click()
    expect(page.locator("[data-voice-timer]")).to_be_visible()
    expect(page.locator("[data-voice-timer]")).to_contain_text("0:02 / 3:00")
    page.locator("[data-voice-stop]").click()
    expect(page.locator("[data-voice-preview]")).to_be_visible()
    expect(page.locator("[data-voice-again]")).to_be_visible()
    expect(page.locator("[data-voice-delete]")).to_be_visible()
    assert page.locator("input[name=voice]").evaluate("(input) => input.files.length") == 1
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/alertes/signaler/merci/$"))


def mona_plays_it(page: Any, base: str) -> float:
    sign_in(page, base, "mona")
    page.goto(f"{base}/reseau/demo/moderation/")
    page.locator("table a[href*='/moderation/signalements/']").first.click()
    player = page.locator("audio[data-voice-note]")
    expect(player).to_be_visible()
    duration: float = player.evaluate(
        """(audio) => new Promise((done, failed) => {
             if (audio.readyState >= 1) { done(audio.duration); return; }
             audio.addEventListener("loadedmetadata", () => done(audio.duration));
             audio.addEventListener("error", () => failed(new Error("the voice note failed")));
             audio.load();
           })"""
    )
    return duration


def test_a_member_records_a_voice_report_and_a_moderator_plays_it(
    browser: Any, live_server: Any, live_network: Any
) -> None:
    from veilleuse.alerts.models import VoiceNote

    base, belleville = live_server.url, live_network.zones["belleville"]
    rosa_context, mona_context = phone_context(browser), browser.new_context(locale="fr-FR")
    try:
        rosa = rosa_context.new_page()
        violations = csp_violations(rosa)
        rosa_records_a_report(rosa, base, belleville)
        assert violations == []
        note = VoiceNote.objects.get()
        assert note.duration_ms >= 1500
        mona_context.set_default_timeout(15_000)
        duration = mona_plays_it(mona_context.new_page(), base)
        assert 1.5 <= duration < 60  # finite: the length was written into the recording
    finally:
        rosa_context.close()
        mona_context.close()


def spanish_alert(network: Any) -> Any:
    from veilleuse.alerts.tests.reporting import alert_from, member_report

    report = member_report(network.rosa, zone=network.zones["belleville"])
    return alert_from(report, texts={"es": SPANISH_TEXT, "fr": "Attention (fictif)."})


def test_an_alert_is_read_aloud_in_the_members_language(
    browser: Any, live_server: Any, live_network: Any
) -> None:
    alert = spanish_alert(live_network)
    context = phone_context(browser)
    try:
        context.add_init_script(SPEECH_PROBE % '["fr-FR", "es-ES"]')
        page = context.new_page()
        member_sign_in(page, live_server.url, "Rosa")
        page.goto(f"{live_server.url}/alertes/alerte/{alert.pk}/")
        page.get_by_role("button", name="Escuchar").click()
        page.wait_for_function("window.__spoken.length === 2")
        title, body = page.evaluate("window.__spoken")
        assert title["lang"] == body["lang"] == "es-ES"
        assert body["text"] == SPANISH_TEXT
        assert "Peligro" in title["text"]
        expect(page.locator("[data-listen-status]")).to_have_text("")
    finally:
        context.close()


def test_a_phone_without_a_voice_for_her_language_says_so_and_reads_nothing(
    browser: Any, live_server: Any, live_network: Any
) -> None:
    spanish_alert(live_network)
    context = phone_context(browser)
    try:
        context.add_init_script(SPEECH_PROBE % '["fr-FR", "en-US"]')
        page = context.new_page()
        member_sign_in(page, live_server.url, "Rosa")
        page.get_by_role("button", name="Escuchar").first.click()
        expect(page.locator("[data-listen-status]").first).to_contain_text(
            "Este teléfono no tiene voz para este idioma"
        )
        assert page.evaluate("window.__spoken") == []
    finally:
        context.close()
