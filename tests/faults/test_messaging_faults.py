"""Each messaging channel (Signal, Telegram, WhatsApp) under the faults production brings:
the service down (connections closed unanswered), then 429s, then 500s, then back; and the
alert worker killed with SIGKILL mid-delivery, then restarted.

Real processes, as in veilleuse/alerts/tests/test_durability.py: a migrated SQLite database
in a temporary data folder, ``manage.py run_alert_worker`` as a subprocess, and the fake
service (veilleuse/alerts/tests/messaging_servers.py) on 127.0.0.1 in this process, which
counts what it accepted. Bounded: every wait has a deadline, every subprocess is killed.
"""

from __future__ import annotations

import json
import signal
import sqlite3
from collections import Counter
from typing import Any

import pytest

from veilleuse.alerts.tests.messaging_servers import (
    SIGNAL_NUMBER,
    TOKEN,
    WA_PHONE_ID,
    WA_TOKEN,
    FakeService,
    FakeSignal,
    FakeTelegram,
    FakeWhatsApp,
    serving,
)
from veilleuse.alerts.tests.test_durability import (
    DEADLINE_SECONDS,
    child_env,
    fresh_copy,
    manage,
    migrated,  # noqa: F401 - the fixture, shared
    sqlite_states,
    wait_for,
    workers,
)

pytestmark = pytest.mark.slow

SERVICES = ("signal", "telegram", "whatsapp")
MEMBERS = 40

POPULATE = """
import json, sys
import django
django.setup()
from veilleuse.accounts.models import Association
from veilleuse.alerts.models import ChannelLink, Zone
from veilleuse.alerts.services.links import address_hash
from veilleuse.alerts.tests.delivery_world import members_bulk, published_alert
service, count = sys.argv[1], int(sys.argv[2])
association = Association.objects.create(name="Messageries", slug="messageries")
zone = Zone.objects.create(association=association, name="Belleville", slug="belleville")
members = members_bulk(association, zone, count, sms=False)
ChannelLink.objects.bulk_create(
    ChannelLink(member=m, service=service, address=str(5000 + i),
                address_hash=address_hash(service=service, address=str(5000 + i)))
    for i, m in enumerate(members)
)
alert, _ = published_alert(association, [zone], ["fr"])
print(json.dumps({"alert": alert.pk, "members": [m.pk for m in members]}))
"""


def fake_for(service: str) -> FakeService:
    """The service's stand-in, knowing the members' accounts (addresses 5000…)."""
    addresses = [str(5000 + i) for i in range(MEMBERS)]
    if service == "telegram":
        bot = FakeTelegram()
        bot.chats.update(int(a) for a in addresses)
        return bot
    if service == "signal":
        gateway = FakeSignal()
        gateway.registered.update(addresses)
        return gateway
    cloud = FakeWhatsApp()
    cloud.last_message_at.update({a: cloud.now() for a in addresses})
    return cloud


def service_env(data: Any, service: str, url: str) -> dict[str, str]:
    settings = {
        "telegram": {
            "VEILLEUSE_TELEGRAM_BOT_TOKEN": TOKEN,
            "VEILLEUSE_TELEGRAM_API_URL": url,
            "VEILLEUSE_TELEGRAM_PER_SECOND": "0",
        },
        "signal": {
            "VEILLEUSE_SIGNAL_URL": url,
            "VEILLEUSE_SIGNAL_NUMBER": SIGNAL_NUMBER,
            "VEILLEUSE_SIGNAL_PER_SECOND": "0",
        },
        "whatsapp": {
            "VEILLEUSE_WHATSAPP_API_URL": url,
            "VEILLEUSE_WHATSAPP_PHONE_NUMBER_ID": WA_PHONE_ID,
            "VEILLEUSE_WHATSAPP_TOKEN": WA_TOKEN,
            "VEILLEUSE_WHATSAPP_PER_SECOND": "0",
        },
    }[service]
    return child_env(data, VEILLEUSE_SMS_BACKEND="", **settings)


def recipient(message: dict[str, Any]) -> str:
    """Who a message the service accepted was for, in each service's request format."""
    if "recipients" in message:
        return str(message["recipients"][0])
    return str(message.get("chat_id") or message.get("to"))


def populated(template: Any, tmp_path: Any, service: str, url: str) -> tuple[dict[str, str], Any]:
    data = fresh_copy(template, tmp_path)
    env = service_env(data, service, url)
    json.loads(manage(env, "-c", POPULATE, service, str(MEMBERS)).strip().splitlines()[-1])
    return env, data


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_down_then_limiting_then_failing_gets_every_member_once(
    migrated,  # noqa: F811
    tmp_path,
    service,
):
    fake = fake_for(service)
    fake.down, fake.failures = 12, [429] * 6 + [500] * 6
    log = tmp_path / "worker.log"
    with serving(fake):
        env, data = populated(migrated, tmp_path, service, fake.url)
        with workers(env, log) as start:
            start()
            wait_for(
                lambda: sqlite_states(data)["sent"] == MEMBERS,
                seconds=DEADLINE_SECONDS * 2,
                every=0.5,
                log=log,
            )
    per_member = Counter(recipient(message) for message in fake.sent)
    assert set(per_member) == {str(5000 + i) for i in range(MEMBERS)}
    assert set(per_member.values()) == {1}, "one accepted message per member"
    assert fake.requests == MEMBERS + 12  # each failure cost one more request, no more
    assert sqlite_states(data) == Counter({"sent": MEMBERS})
    with sqlite3.connect(data / "veilleuse.sqlite3") as db:
        (attempts,) = db.execute("SELECT SUM(attempts) FROM alerts_delivery").fetchone()
        (receipts,) = db.execute("SELECT COUNT(*) FROM alerts_channelreceipt").fetchone()
    assert attempts == 24  # 12 unanswered + 12 refused, each recorded once
    assert receipts == MEMBERS


@pytest.mark.parametrize("service", SERVICES)
def test_a_worker_killed_mid_delivery_loses_no_member(migrated, tmp_path, service):  # noqa: F811
    fake = fake_for(service)
    fake.delay = 0.05
    log = tmp_path / "worker.log"
    with serving(fake):
        env, data = populated(migrated, tmp_path, service, fake.url)
        with workers(env, log) as start:
            first = start()
            wait_for(lambda: len(fake.sent) >= 8, seconds=DEADLINE_SECONDS, every=0.002, log=log)
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
            at_kill = sqlite_states(data)
            assert at_kill["sent"] < MEMBERS, "the worker finished before it could be killed"
            start()
            wait_for(
                lambda: sqlite_states(data)["sent"] == MEMBERS,
                seconds=DEADLINE_SECONDS,
                every=0.5,
                log=log,
            )
    per_member = Counter(recipient(message) for message in fake.sent)
    assert set(per_member) == {str(5000 + i) for i in range(MEMBERS)}, "nobody lost"
    repeated = sum(per_member.values()) - MEMBERS
    print(f"{service}: states when killed {dict(at_kill)}, messages sent twice: {repeated}")
    # At least once: only a send in flight when the worker died (its two threads) can be
    # repeated, and its receipt stops any third.
    assert repeated <= 2
    assert max(per_member.values()) <= 2
    assert sqlite_states(data) == Counter({"sent": MEMBERS})
