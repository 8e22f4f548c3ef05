"""Journey: checking a number before a meeting, and the legal service taking up a case.

Lin and Ana, two members, each reported the same client's phone number; the moderators
approved both, and Ana asked for legal support. Rosa signs in on her phone before meeting
a client: she checks his number and sees a graded answer (reported, how serious, by how
many, when) without anything anyone wrote; she checks another number, unknown, and sees
"no report". She keeps checking numbers until the day's quota is used up and is told so.
Meanwhile lea, the legal worker, opens a case from Ana's report on her laptop, reads the
draft complaint to the procureur de la République and downloads it as a PDF, and sees that
the same number appears in two independent reports. mona, a moderator, cannot open the case.

Assertions use the pages' data attributes and ids rather than their wording: Rosa reads
the site in Spanish, and these pages' translations come after this journey was written.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.browser.test_journeys_answer import sign_in
from veilleuse.alerts.cast import MEMBER_PASSPHRASE
from veilleuse.alerts.tests.test_checks import reported

REPORTED_NUMBER = "06 12 34 56 78"
UNKNOWN_NUMBER = "07 98 76 54 32"


@pytest.fixture
def live_network(live_network: Any) -> Any:
    """The shared live network (tests/browser/conftest.py), with Lin's and Ana's approved
    reports naming the same number (Ana's asks for legal support)."""
    network = live_network
    reported(network, author=network.lin, severity=2, occurred_on=date(2026, 9, 14))
    reported(
        network,
        author=network.ana,
        severity=3,
        occurred_on=date(2026, 11, 2),
        consent_legal=True,
        zone=network.zones["bois-de-boulogne"],
    )
    return network


def check(page: Any, number: str) -> None:
    page.locator("input[name=raw]").fill(number)
    page.locator("main form button[type=submit]").click()


def member_signs_in(page: Any, base_url: str, pseudonym: str) -> None:
    page.goto(f"{base_url}/alertes/verifier/")
    expect(page).to_have_url(re.compile(r"/alertes/connexion/"))
    page.locator("input[name=pseudonym]").fill(pseudonym)
    page.locator("input[name=passphrase]").fill(MEMBER_PASSPHRASE)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/alertes/verifier/$"))


def rosa_checks_numbers_up_to_her_quota(phone: Any, base_url: str, limit: int) -> None:
    """Rosa, on her phone, before a meeting: one reported number, one unknown, then her
    quota of checks for the day."""
    member_signs_in(phone, base_url, "Rosa")
    expect(phone.locator("#checks-remaining")).to_have_attribute("data-remaining", str(limit))
    check(phone, REPORTED_NUMBER)
    answer = phone.locator("#check-result")
    expect(answer).to_have_attribute("data-reported", "yes")
    expect(answer.locator("[data-severity]")).to_have_attribute("data-severity", "3")
    expect(answer.locator("[data-reports]")).to_have_attribute("data-reports", "2")
    expect(answer.locator("[data-month]")).to_have_attribute("data-month", "2026-11")
    expect(phone.locator("main")).not_to_contain_text("frapp")  # never the report's text
    screenshot(phone, "number-check-reported")

    check(phone, UNKNOWN_NUMBER)
    expect(phone.locator("#check-result")).to_have_attribute("data-reported", "no")
    expect(phone.locator("#checks-remaining")).to_have_attribute("data-remaining", str(limit - 2))

    for index in range(limit - 2):
        check(phone, f"06 55 00 00 {index:02d}")
        expect(phone.locator("#check-result")).to_be_visible()
    check(phone, "06 55 00 01 00")
    expect(phone.locator("#check-refused")).to_have_attribute("data-limit", str(limit))
    screenshot(phone, "number-check-quota")


def the_complaint_pdf_names_the_facts(lea: Any) -> None:
    with lea.expect_download() as download_info:
        lea.locator("#complaint-pdf").click()
    pdf = Path(download_info.value.path())
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Procureur de la République" in text
        assert "2 novembre 2026" in text


def lea_takes_up_the_case(browser: Any, base_url: str) -> str:
    """lea, the legal worker, on her laptop: opens a case from the match and gets the
    complaint letter. Returns the case's address."""
    laptop = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    lea = laptop.new_page()
    sign_in(lea, base_url, "lea")
    lea.goto(f"{base_url}/reseau/demo/juridique/")
    expect(lea.locator("#matches .legal-match")).to_have_count(1)
    expect(lea.locator("#matches .legal-match")).to_contain_text("+33 6 •• •• •• 78")
    lea.locator("#waiting button[type=submit]").click()
    expect(lea).to_have_url(re.compile(r"/reseau/demo/juridique/dossiers/\d+/$"))
    case_url: str = lea.url
    letter = lea.locator("textarea[name=complaint_text]")
    expect(letter).to_have_value(re.compile("Madame, Monsieur le Procureur de la République"))
    expect(letter).to_have_value(re.compile(r"Le 2 novembre 2026, à Bois de Boulogne"))
    expect(lea.locator("#case-match")).to_contain_text("+33 6 •• •• •• 78")
    screenshot(lea, "legal-case")
    the_complaint_pdf_names_the_facts(lea)
    laptop.close()
    return case_url


def test_a_member_checks_numbers_and_the_legal_service_takes_up_the_case(
    live_server: Any, live_network: Any, phone: Any, browser: Any, mailoutbox: list[Any]
) -> None:
    base_url = live_server.url
    rosa_checks_numbers_up_to_her_quota(phone, base_url, settings.VEILLEUSE_CHECKS_PER_DAY)
    # Rosa reached the alarm threshold: each moderator got one contentless e-mail.
    assert sorted(message.to[0] for message in mailoutbox) == [
        "marc@example.org",
        "mona@example.org",
    ]
    case_url = lea_takes_up_the_case(browser, base_url)

    # mona, a moderator, cannot open the case file.
    other = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    mona = other.new_page()
    sign_in(mona, base_url, "mona")
    assert mona.goto(case_url).status == 404
    assert mona.goto(f"{base_url}/reseau/demo/juridique/").status == 404
    other.close()
