"""Journeys of the safe-date check-in, on a phone (360 × 740).

- Rosa records a date, then checks in: "You checked in", and Back shows nothing she wrote.
- Ana misses hers: her trusted contact and mona, on duty, are told; mona acknowledges on the
  duty page, and the contact's link then says someone is on it.
- Rosa checks in with her duress code: her screen is the one of a safe check-in, and the
  alarm went out.

The worker's passes are the services it runs (``checkins_advance``, ``messages_run``), called
here with a clock moved past the deadline, so that no test waits for a real deadline.
"""

from __future__ import annotations

import re
from datetime import time, timedelta
from typing import Any

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import member_sign_in, screenshot
from tests.browser.test_journeys_answer import sign_in
from tests.browser.test_journeys_duress import back, main_text

PLACE = "Hôtel du Canal, chambre 12 (fictif)"
LINK = re.compile(r"/alertes/veille/accuse/\d+/[0-9a-f]+/")


def record_a_date(page: Any, base: str) -> None:
    page.goto(f"{base}/alertes/veille/")
    later = timezone.localtime(timezone.now() + timedelta(hours=2)).strftime("%H:%M")
    page.locator("input[name=due_time]").fill(later)
    page.locator("input[name=place]").fill(PLACE)
    page.locator("#checkin-form button[type=submit]").click()
    expect(page.locator("#checkin-safe")).to_be_visible()


def fits_the_phone(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_check_in_kept(phone: Any, live_server: Any, live_network: Any) -> None:
    base = live_server.url
    member_sign_in(phone, base, "Rosa")
    record_a_date(phone, base)
    fits_the_phone(phone)
    screenshot(phone, "checkin-open-es")
    phone.locator("#checkin-safe").click()
    phone.wait_for_url(re.compile(r"/alertes/veille/fait/$"))
    expect(phone.locator("#checkin-done")).to_be_visible()

    back(phone)  # the page with the place was a POST's answer, never stored
    assert PLACE not in main_text(phone)
    assert live_network.rosa.checkins.get().state == "safe"


def ana_plans_and_misses(network: Any, admin: Any) -> None:
    from veilleuse.alerts.services.checkins import checkin_create, safety_plan_update
    from veilleuse.alerts.services.duty import duty_slot_add
    from veilleuse.alerts.services.escalation import checkins_advance, messages_run

    for weekday in range(7):
        duty_slot_add(
            actor=admin,
            association=network.association,
            weekday=weekday,
            starts=time(0, 0),
            ends=time(23, 59, 59),
            person=network.moderator,
            backup=network.second_moderator,
        )
    safety_plan_update(
        member=network.ana,
        remind_first=False,
        grace_minutes=10,
        notify_duty=True,
        contacts=[("email", "amie@example.org")],
    )
    due = timezone.now() + timedelta(minutes=30)
    checkin_create(member=network.ana, due_at=due, place=PLACE)
    assert checkins_advance(now=due + timedelta(seconds=1)) == 1
    messages_run()


def test_a_missed_check_in_reaches_the_contact_and_the_person_on_duty(
    browser: Any, phone: Any, live_server: Any, live_network: Any, live_cast: Any
) -> None:
    base = live_server.url
    ana_plans_and_misses(live_network, live_cast.admin)
    to_contact = next(m for m in mail.outbox if m.to == ["amie@example.org"])
    to_duty = next(m for m in mail.outbox if m.to == [live_network.moderator.email])
    assert "Ana" in to_contact.subject
    assert PLACE not in to_contact.body  # behind the link

    mona = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    try:
        page = mona.new_page()
        sign_in(page, base, "mona")
        page.goto(f"{base}/reseau/demo/veille/")
        row = page.locator("tr.duty-page")
        expect(row).to_contain_text(PLACE)
        row.locator("button[type=submit]").click()
        expect(page.locator("tr.duty-page")).to_have_count(0)
    finally:
        mona.close()

    phone.goto(base + LINK.search(to_contact.body).group(0))
    expect(phone.locator("#checkin-details")).to_contain_text(PLACE)
    expect(phone.locator("#ack-done")).to_be_visible()
    fits_the_phone(phone)
    assert LINK.search(to_duty.body)  # the person on duty got a link too
    assert live_network.ana.checkins.get().state == "acknowledged"


def test_a_duress_check_in_looks_like_a_safe_one_and_raises_the_alarm(
    phone: Any, live_server: Any, live_network: Any
) -> None:
    from veilleuse.alerts.services.checkins import safety_plan_update

    safety_plan_update(
        member=live_network.rosa,
        remind_first=True,
        grace_minutes=10,
        notify_duty=False,
        contacts=[("email", "amiga@example.org")],
    )
    base = live_server.url
    member_sign_in(phone, base, "Rosa")
    phone.goto(f"{base}/alertes/veille/mon-plan/")
    phone.locator("input[name=checkin_code]").fill("4821")
    phone.locator("input[name=duress_code]").fill("9173")
    phone.locator("input[name=codes]").locator("xpath=..").locator("button").click()
    expect(phone.locator("#codes-state")).to_have_attribute("data-codes", "yes")
    record_a_date(phone, base)
    phone.locator("input[name=code]").fill("9173")
    phone.locator("#checkin-safe").click()
    phone.wait_for_url(re.compile(r"/alertes/veille/fait/$"))
    expect(phone.locator("#checkin-done")).to_be_visible()

    checkin = live_network.rosa.checkins.get()
    assert (checkin.state, checkin.reason) == ("escalated", "duress")
    assert checkin.messages.filter(recipient="contact").count() == 1
