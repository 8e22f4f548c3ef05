"""Linking a messaging account with a one-time code, unlinking it from either side, and the
webhooks that bring members' messages in, each proved by the service's secret or signature."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from veilleuse.alerts.models import ChannelLink, LinkCode
from veilleuse.alerts.replies import register_reply_handler, unregister_reply_handler
from veilleuse.alerts.services.inbound import signal_poll
from veilleuse.alerts.services.links import channel_unlink, link_code_create
from veilleuse.alerts.tests.messaging_servers import FakeSignal, FakeWhatsApp, serving
from veilleuse.alerts.tests.messaging_world import TELEGRAM_SECRET, WA_VERIFY, configure, link

TELEGRAM = "/alertes/webhooks/telegram/"
WHATSAPP = "/alertes/webhooks/whatsapp/"


@pytest.fixture
def services(settings):
    configure(
        settings,
        telegram="http://127.0.0.1:9",
        signal="http://127.0.0.1:9",
        whatsapp="http://127.0.0.1:9",
    )


def in_spanish(message: str) -> str:
    with translation.override("es"):
        translated = gettext(message)
    assert translated != message
    return translated


def telegram_message(client: Client, chat: int, text: str, secret: str = TELEGRAM_SECRET):
    update = {
        "update_id": 1,
        "message": {
            "message_id": 5,
            "from": {"id": chat, "is_bot": False, "first_name": "R"},
            "chat": {"id": chat, "type": "private"},
            "date": 1700000000,
            "text": text,
        },
    }
    return client.post(
        TELEGRAM,
        json.dumps(update),
        content_type="application/json",
        headers={"X-Telegram-Bot-Api-Secret-Token": secret},
    )


def test_a_code_sent_to_the_bot_links_her_telegram_chat_and_works_once(network, services):
    rosa = network.rosa
    code = link_code_create(member=rosa, service="telegram")
    assert not LinkCode.objects.filter(code_hash__contains=code.replace("-", "")).exists()
    answer = telegram_message(Client(), 777, f"/start {code}")
    assert answer.status_code == 200
    reply = answer.json()
    assert reply["method"] == "sendMessage"
    assert reply["chat_id"] == 777
    assert reply["text"].startswith("Veilleuse")
    (linked,) = ChannelLink.objects.filter(member=rosa)
    assert linked.address == "777"
    assert linked.alerts
    again = telegram_message(Client(), 888, f"/start {code}")  # the code was spent
    assert again.json() == {}
    assert ChannelLink.objects.filter(service="telegram").count() == 1


def test_a_wrong_secret_is_refused_before_anything_is_read(network, services):
    code = link_code_create(member=network.rosa, service="telegram")
    assert telegram_message(Client(), 777, f"/start {code}", secret="guess").status_code == 403
    assert telegram_message(Client(), 777, f"/start {code}", secret="").status_code == 403
    assert not ChannelLink.objects.exists()
    assert LinkCode.objects.count() == 1


def test_an_expired_code_links_nothing_and_is_spent(network, services):
    code = link_code_create(member=network.rosa, service="telegram")
    LinkCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert telegram_message(Client(), 777, f"/start {code}").json() == {}
    assert not ChannelLink.objects.exists()
    assert not LinkCode.objects.exists()


def test_stop_or_blocking_the_bot_unlinks_from_telegram(network, services):
    link(network.rosa, "telegram", "777")
    unlinked = in_spanish("Veilleuse: this account is unlinked. Nothing more will be sent here.")
    assert telegram_message(Client(), 777, "/stop").json()["text"] == unlinked  # her language
    assert not ChannelLink.objects.exists()
    link(network.rosa, "telegram", "777")
    blocked = {
        "update_id": 2,
        "my_chat_member": {
            "chat": {"id": 777, "type": "private"},
            "new_chat_member": {"status": "kicked", "user": {"id": 1, "is_bot": True}},
        },
    }
    Client().post(
        TELEGRAM,
        json.dumps(blocked),
        content_type="application/json",
        headers={"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET},
    )
    assert not ChannelLink.objects.exists()


def test_a_linked_members_reply_reaches_the_reply_handlers(network, services):
    heard = []

    @register_reply_handler
    def acknowledge(*, member, text):
        heard.append((member.pk, text))
        return text == "OK"

    try:
        link(network.rosa, "telegram", "777")
        recorded = in_spanish("Veilleuse: your answer is recorded.")
        not_understood = in_spanish("Veilleuse: this message was not understood. Open the app.")
        assert telegram_message(Client(), 777, "OK").json()["text"] == recorded
        assert telegram_message(Client(), 777, "hello").json()["text"] == not_understood
        assert telegram_message(Client(), 999, "OK").json() == {}  # a stranger: nothing
    finally:
        unregister_reply_handler(acknowledge)
    assert heard == [(network.rosa.pk, "OK"), (network.rosa.pk, "hello")]


def signed(body: bytes, secret: str = "wa-app-secret") -> str:  # noqa: S107
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def test_whatsapp_subscription_check_answers_the_challenge_only_to_our_token(services):
    query = {"hub.mode": "subscribe", "hub.challenge": "1158201444", "hub.verify_token": WA_VERIFY}
    answer = Client().get(WHATSAPP, query)
    assert answer.status_code == 200
    assert answer.content == b"1158201444"
    assert Client().get(WHATSAPP, {**query, "hub.verify_token": "x"}).status_code == 403


def test_a_signed_whatsapp_message_with_her_code_links_her_and_opens_the_window(network, services):
    code = link_code_create(member=network.rosa, service="whatsapp")
    body = FakeWhatsApp().notification("33612345678", code)
    refused = Client().post(
        WHATSAPP,
        body,
        content_type="application/json",
        headers={"X-Hub-Signature-256": signed(body, "other")},
    )
    assert refused.status_code == 403
    assert not ChannelLink.objects.exists()
    answer = Client().post(
        WHATSAPP,
        body,
        content_type="application/json",
        headers={"X-Hub-Signature-256": signed(body)},
    )
    assert answer.status_code == 200
    (linked,) = ChannelLink.objects.all()
    assert linked.address == "33612345678"
    assert linked.window_until > timezone.now() + timedelta(hours=23)


def test_a_code_sent_from_signal_links_her_account_and_she_is_answered(network, settings):
    with serving(FakeSignal()) as gateway:
        configure(settings, signal=gateway.url)
        code = link_code_create(member=network.rosa, service="signal")
        gateway.user_sends("uuid-rosa", "+33612345678", f"  {code.lower()} ")
        gateway.user_sends("uuid-stranger", "+33611111111", "hello")
        assert signal_poll() == 2
        assert signal_poll() == 0  # each message is read once
    (linked,) = ChannelLink.objects.all()
    assert linked.address == "uuid-rosa"  # her account id, not her number
    (answer,) = gateway.sent
    assert answer["recipients"] == ["uuid-rosa"]
    assert answer["message"].startswith("Veilleuse:")


def test_unlinking_from_her_page_forgets_the_account_and_its_code(network, services):
    link(network.rosa, "signal", "uuid-rosa")
    link_code_create(member=network.rosa, service="signal")
    assert channel_unlink(member=network.rosa, service="signal") == 1
    assert not ChannelLink.objects.exists()
    assert not LinkCode.objects.exists()


def test_a_service_not_configured_gives_no_code(network, settings):
    from django.core.exceptions import ValidationError

    settings.VEILLEUSE_TELEGRAM_BOT_TOKEN = ""
    with pytest.raises(ValidationError):
        link_code_create(member=network.rosa, service="telegram")


def test_her_page_shows_the_code_and_the_deep_link_once(network, services, client):
    client.force_login(network.rosa.user)
    page = client.get(reverse("alerts:channels"))
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    started = client.post(reverse("alerts:channel_link_start", args=["telegram"]))
    assert started.status_code == 200
    assert b"https://t.me/VeilleuseTestBot?start=" in started.content
    assert b"https://t.me/" not in client.get(reverse("alerts:channels")).content
    assert client.post(reverse("alerts:channel_link_start", args=["pigeon"])).status_code == 404


def test_a_database_read_without_the_keys_holds_no_account_of_hers_nor_a_code(network, services):
    from tests.security.test_seized_database import PHONES, every_cell

    whatsapp_code = link_code_create(member=network.rosa, service="whatsapp")
    body = FakeWhatsApp().notification("33698765432", whatsapp_code)
    Client().post(
        WHATSAPP,
        body,
        content_type="application/json",
        headers={"X-Hub-Signature-256": signed(body)},
    )
    telegram_code = link_code_create(member=network.rosa, service="telegram")
    telegram_message(Client(), 7700123, f"/start {telegram_code}")
    link(network.lin, "signal", "5f0c1c3e-uuid-of-lin")
    waiting = link_code_create(member=network.lin, service="telegram")  # not used yet
    assert ChannelLink.objects.count() == 3
    secrets = [
        "7700123",
        "5F0C1C3EUUIDOFLIN",
        *(code.replace("-", "") for code in (whatsapp_code, telegram_code, waiting)),
    ]
    found = [
        (table, column)
        for table, column, text in every_cell()
        if any(phone.search(text) for phone in PHONES)
        or any(secret in text.replace("-", "").upper() for secret in secrets)
    ]
    assert not found, found


def test_whatsapp_answers_her_through_the_worker_in_her_language(
    network, settings, django_capture_on_commit_callbacks
):
    with serving(FakeWhatsApp()) as cloud:
        configure(settings, whatsapp=cloud.url)
        code = link_code_create(member=network.rosa, service="whatsapp")
        with django_capture_on_commit_callbacks(execute=True):
            cloud.last_message_at["33612345678"] = cloud.now()
            body = cloud.notification("33612345678", code)
            answer = Client().post(
                WHATSAPP,
                body,
                content_type="application/json",
                headers={"X-Hub-Signature-256": signed(body)},
            )
        assert answer.status_code == 200
    (reply,) = cloud.sent
    assert reply["to"] == "33612345678"
    assert reply["type"] == "text"
    linked = in_spanish("Veilleuse: this account is linked. New alerts will be announced here.")
    assert reply["text"]["body"] == linked


def test_she_links_several_apps_and_only_those_she_chose_announce_alerts(network, services, client):
    from veilleuse.alerts.models import Delivery
    from veilleuse.alerts.services.delivery import outbox_process
    from veilleuse.alerts.tests.delivery_world import published_alert

    rosa = network.rosa
    for service, address in (("telegram", "777"), ("signal", "uuid-rosa"), ("whatsapp", "336")):
        link(rosa, service, address)
    client.force_login(rosa.user)
    choices = reverse("alerts:channel_link_choices", args=["signal"])
    assert client.post(choices, {"full_text": "on"}).status_code == 302  # alerts unticked
    signal_link = ChannelLink.objects.get(member=rosa, service="signal")
    assert not signal_link.alerts
    assert signal_link.full_text
    whatsapp_choices = reverse("alerts:channel_link_choices", args=["whatsapp"])
    client.post(whatsapp_choices, {"alerts": "on", "full_text": "on"})
    assert not ChannelLink.objects.get(member=rosa, service="whatsapp").full_text  # Signal only
    alert, entry = published_alert(network.association, [network.zones["belleville"]], ["es"])
    outbox_process(outbox_id=entry.pk)
    channels = set(
        Delivery.objects.filter(alert=alert, member=rosa).values_list("channel", flat=True)
    )
    assert {"telegram", "whatsapp"} <= channels
    assert "signal" not in channels


def test_a_body_that_is_not_json_or_too_large_is_refused_with_400(network, services):
    headers = {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET}
    assert (
        Client()
        .post(TELEGRAM, b"{not json", content_type="application/json", headers=headers)
        .status_code
        == 400
    )
    huge = json.dumps({"update_id": 1, "padding": "x" * 300_000}).encode()
    assert (
        Client().post(TELEGRAM, huge, content_type="application/json", headers=headers).status_code
        == 400
    )
    body = b"\xff\xfe"
    assert (
        Client()
        .post(
            WHATSAPP,
            body,
            content_type="application/json",
            headers={"X-Hub-Signature-256": signed(body)},
        )
        .status_code
        == 400
    )
    assert not ChannelLink.objects.exists()
