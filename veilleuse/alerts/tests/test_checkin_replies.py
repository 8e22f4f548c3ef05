"""A missed check-in answered by replying on a messaging app: her check-in code closes it,
her duress code raises the alarm behind the same answer, a wrong code does nothing, and
codes cannot be guessed there."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext

from veilleuse.alerts.checkin_replies import MAX_WRONG_REPLIES
from veilleuse.alerts.models import Checkin
from veilleuse.alerts.services.checkins import checkin_create, safety_codes_set
from veilleuse.alerts.tests.messaging_world import TELEGRAM_SECRET, configure, link

CHAT = 4242


@pytest.fixture
def rosa_on_a_date(network, settings):
    configure(settings, telegram="http://127.0.0.1:9")
    settings.VEILLEUSE_SMS_BACKEND = ""
    cache.clear()
    rosa = network.rosa
    link(rosa, "telegram", str(CHAT))
    checkin = checkin_create(member=rosa, due_at=timezone.now() + timedelta(minutes=30)).checkin
    return rosa, checkin


def reply(text: str) -> str | None:
    update = {
        "update_id": 1,
        "message": {
            "message_id": 1,
            "chat": {"id": CHAT, "type": "private"},
            "date": 1700000000,
            "text": text,
        },
    }
    answer = Client().post(
        "/alertes/webhooks/telegram/",
        json.dumps(update),
        content_type="application/json",
        headers={"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET},
    )
    assert answer.status_code == 200
    return answer.json().get("text")


def spanish(message: str) -> str:
    with translation.override("es"):
        return gettext(message)


RECORDED = "Veilleuse: your answer is recorded."
NOT_UNDERSTOOD = "Veilleuse: this message was not understood. Open the app."


def test_her_check_in_code_sent_on_telegram_closes_the_check_in(rosa_on_a_date):
    rosa, checkin = rosa_on_a_date
    safety_codes_set(member=rosa, checkin_code="4821", duress_code="9173")
    assert reply("1111") == spanish(NOT_UNDERSTOOD)
    assert Checkin.objects.get(pk=checkin.pk).state == "open"
    assert reply(" 4821 ") == spanish(RECORDED)
    assert Checkin.objects.get(pk=checkin.pk).state == "safe"


def test_her_duress_code_gets_the_same_answer_and_raises_the_alarm(rosa_on_a_date):
    rosa, checkin = rosa_on_a_date
    safety_codes_set(member=rosa, checkin_code="4821", duress_code="9173")
    assert reply("9173") == spanish(RECORDED)
    closed = Checkin.objects.get(pk=checkin.pk)
    assert closed.reason == "duress"
    assert closed.looks_closed is True  # what her own pages show


def test_without_codes_no_reply_closes_her_check_in(rosa_on_a_date):
    _rosa, checkin = rosa_on_a_date
    assert reply("ok") == spanish(NOT_UNDERSTOOD)
    assert Checkin.objects.get(pk=checkin.pk).state == "open"


def test_codes_cannot_be_guessed_through_the_account(rosa_on_a_date):
    rosa, checkin = rosa_on_a_date
    safety_codes_set(member=rosa, checkin_code="4821", duress_code="9173")
    for guess in range(MAX_WRONG_REPLIES):
        assert reply(f"000{guess}") == spanish(NOT_UNDERSTOOD)
    assert reply("4821") == spanish(NOT_UNDERSTOOD)  # even the right one, for a while
    assert Checkin.objects.get(pk=checkin.pk).state == "open"
