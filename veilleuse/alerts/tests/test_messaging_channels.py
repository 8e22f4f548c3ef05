"""Signal, Telegram and WhatsApp adapters against local services speaking each one's HTTP
interface (messaging_servers.py): what they send, what each error does to the delivery and
to the member's link, and that a repeat of the same delivery is not sent twice."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from veilleuse.alerts.channels import ChannelError, all_channels, channel_named, notice_text
from veilleuse.alerts.channels.messaging import Pace
from veilleuse.alerts.channels.whatsapp import whatsapp_templates
from veilleuse.alerts.models import AlertText, ChannelLink
from veilleuse.alerts.services.notifications import TrialNotice
from veilleuse.alerts.tests.delivery_world import published_alert
from veilleuse.alerts.tests.messaging_servers import (
    FakeSignal,
    FakeTelegram,
    FakeWhatsApp,
    serving,
)
from veilleuse.alerts.tests.messaging_world import configure, link

ROOT = Path(__file__).resolve().parents[3]
NOTICE = TrialNotice("veilleuse-alert-7-member-3-telegram")


def test_the_three_messaging_channels_are_in_the_one_table():
    assert {"signal", "telegram", "whatsapp"} <= {c.name for c in all_channels()}


def test_telegram_sends_the_notice_once_whatever_the_repeats(network, settings):
    rosa = network.rosa
    with serving(FakeTelegram()) as bot:
        configure(settings, telegram=bot.url)
        bot.chats.add(4242)
        link(rosa, "telegram", "4242")
        telegram = channel_named("telegram")
        assert telegram.wants(rosa)
        telegram.send(NOTICE, rosa)
        telegram.send(NOTICE, rosa)  # a retry after a crash: the receipt stops it
    (message,) = bot.sent
    assert message["chat_id"] == "4242"
    assert message["text"] == f"{notice_text('es')}: {django_settings.VEILLEUSE_SITE_URL}/alertes/"
    assert bot.requests == 1


@pytest.mark.parametrize("blocked", [True, False], ids=["blocked", "chat-not-found"])
def test_a_chat_that_blocked_the_bot_or_is_gone_loses_its_link(network, settings, blocked):
    rosa = network.rosa
    with serving(FakeTelegram()) as bot:
        configure(settings, telegram=bot.url)
        if blocked:
            bot.blocked.add(4242)
        link(rosa, "telegram", "4242")
        with pytest.raises(ChannelError) as failure:
            channel_named("telegram").send(NOTICE, rosa)
    assert not failure.value.temporary
    assert "link removed" in failure.value.reason
    assert not ChannelLink.objects.filter(member=rosa).exists()
    assert not channel_named("telegram").wants(rosa)


def test_telegram_429_is_retried_no_sooner_than_it_asks(network, settings):
    rosa = network.rosa
    with serving(FakeTelegram()) as bot:
        configure(settings, telegram=bot.url)
        bot.chats.add(4242)
        bot.failures = [429, 502]
        link(rosa, "telegram", "4242")
        errors = []
        for _attempt in range(3):
            try:
                channel_named("telegram").send(NOTICE, rosa)
            except ChannelError as error:
                errors.append(error)
    assert [e.temporary for e in errors] == [True, True]
    assert errors[0].retry_after == 7
    assert len(bot.sent) == 1


def test_signal_sends_the_notice_or_on_request_the_alerts_text_in_her_language(network, settings):
    rosa = network.rosa
    alert, _entry = published_alert(network.association, [network.zones["belleville"]], ["es"])
    AlertText.objects.create(alert=alert, language="es", body="Cliente violento en Belleville.")
    delivery = alert.deliveries.create(
        member=rosa, channel="signal", next_attempt_at=timezone.now()
    )
    with serving(FakeSignal()) as gateway:
        configure(settings, signal=gateway.url)
        gateway.registered.add("uuid-rosa")
        signal_link = link(rosa, "signal", "uuid-rosa")
        channel_named("signal").send(NOTICE, rosa)
        signal_link.full_text = True
        signal_link.save()
        channel_named("signal").send(delivery, rosa)
    notice, full = gateway.sent
    assert notice["recipients"] == ["uuid-rosa"]
    assert notice["number"] == "+33700000001"
    assert "Belleville" not in notice["message"]
    assert full["message"].startswith("Cliente violento en Belleville.")


def test_signal_errors_are_mapped(network, settings):
    rosa = network.rosa
    with serving(FakeSignal()) as gateway:
        configure(settings, signal=gateway.url)
        link(rosa, "signal", "uuid-rosa")  # not registered at Signal
        gateway.failures = [429, 500]
        outcomes = []
        for _attempt in range(3):
            try:
                channel_named("signal").send(NOTICE, rosa)
            except ChannelError as error:
                outcomes.append((error.temporary, error.retry_after))
    assert outcomes == [(True, 9.0), (True, None), (False, None)]
    assert not ChannelLink.objects.filter(member=rosa).exists()  # unregistered: unlinked


def test_whatsapp_writes_freely_in_the_window_and_with_the_template_outside(network, settings):
    rosa = network.rosa
    with serving(FakeWhatsApp()) as cloud:
        configure(settings, whatsapp=cloud.url)
        cloud.last_message_at["33612345678"] = cloud.now()
        wa = link(rosa, "whatsapp", "33612345678", window_until=timezone.now() + timedelta(hours=1))
        channel_named("whatsapp").send(TrialNotice("k1"), rosa)
        wa.window_until = None
        wa.save()
        channel_named("whatsapp").send(TrialNotice("k2"), rosa)
        # Our window says open, WhatsApp's has closed: 131047, then the template.
        cloud.last_message_at["33612345678"] -= 25 * 3600
        wa.window_until = timezone.now() + timedelta(hours=1)
        wa.save()
        channel_named("whatsapp").send(TrialNotice("k3"), rosa)
    text, template, fallback = cloud.sent
    assert text["type"] == "text"
    assert text["text"]["body"].startswith(notice_text("es"))
    assert template["template"] == {"name": "veilleuse_new_alert", "language": {"code": "es"}}
    assert fallback["type"] == "template"
    assert cloud.requests == 4
    wa.refresh_from_db()
    assert wa.window_until is None


def test_whatsapp_errors_are_mapped(network, settings):
    rosa = network.rosa
    with serving(FakeWhatsApp()) as cloud:
        configure(settings, whatsapp=cloud.url)
        link(rosa, "whatsapp", "33612345678")  # never wrote to us: undeliverable
        cloud.failures = [429, 500]
        outcomes = []
        for key in ("a", "b", "c"):
            try:
                channel_named("whatsapp").send(TrialNotice(key), rosa)
            except ChannelError as error:
                outcomes.append((error.temporary, error.reason))
    assert outcomes == [
        (True, "WhatsApp answered 429 (error 130429)"),
        (True, "WhatsApp answered 500 (error 131000)"),
        (False, "WhatsApp answered 400 (error 131026)"),
    ]


def test_an_unreachable_service_is_a_temporary_failure(network, settings):
    rosa = network.rosa
    with serving(FakeTelegram()) as bot:
        closed = bot.url
    configure(settings, telegram=closed, signal=closed, whatsapp=closed)
    for service in ("telegram", "signal", "whatsapp"):
        link(rosa, service, "1")
        with pytest.raises(ChannelError) as failure:
            channel_named(service).send(TrialNotice(service), rosa)
        assert failure.value.temporary, service
        assert "unreachable" in failure.value.reason


def test_the_whatsapp_templates_in_the_repository_cover_every_member_language():
    stored = json.loads((ROOT / "docs/whatsapp-templates/veilleuse_new_alert.json").read_text())
    assert stored == whatsapp_templates(), (
        "run: manage.py whatsapp_templates > docs/whatsapp-templates/veilleuse_new_alert.json"
    )
    assert len(stored) == len(django_settings.LANGUAGES)


def test_the_pace_spaces_sends_to_the_rate_it_is_given():
    now = [100.0]
    waits = []
    pace = Pace(per_second=lambda: 4.0, clock=lambda: now[0], sleep=waits.append)
    for _send in range(5):
        pace.wait_turn()
    assert waits == [0.25, 0.5, 0.75, 1.0]


def test_the_telegram_webhook_is_set_with_its_secret_and_the_two_updates_read(settings):
    from io import StringIO

    from django.core.management import CommandError, call_command

    with serving(FakeTelegram()) as bot:
        configure(settings, telegram=bot.url)
        out = StringIO()
        call_command("messaging", "telegram-webhook", "https://veilleuse.example.org", stdout=out)
        with pytest.raises(CommandError):
            call_command("messaging", "telegram-webhook", "http://plain.example.org")
    assert bot.webhook == {
        "url": "https://veilleuse.example.org/alertes/webhooks/telegram/",
        "secret_token": django_settings.VEILLEUSE_TELEGRAM_WEBHOOK_SECRET,
        "allowed_updates": ["message", "my_chat_member"],
    }
    assert "/alertes/webhooks/telegram/" in out.getvalue()
