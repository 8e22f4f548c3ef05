"""Finding 3: web push must not be a way to make the worker call any address.

Only the known push services' hosts are contacted (``VEILLEUSE_PUSH_HOSTS``); a name that
resolves to a private, loopback or link-local address is refused; no redirect is followed;
and an answer from anywhere else can never delete a member's subscriptions (no oracle).

The push service here is a real RFC 8030 endpoint on 127.0.0.1
(veilleuse/alerts/tests/local_servers.py). Tests that must reach it list ``127.0.0.1``
in the setting explicitly: the test-only allowance, which production refuses.
"""

from __future__ import annotations

import base64
import os

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.exceptions import ImproperlyConfigured, ValidationError

from veilleuse import settings as project_settings
from veilleuse.alerts.channels import ChannelError, channel_named
from veilleuse.alerts.channels.push import push_host_allowed
from veilleuse.alerts.models import PushSubscription
from veilleuse.alerts.services.notifications import (
    TrialNotice,
    endpoint_hash,
    push_subscription_save,
)
from veilleuse.alerts.tests.local_servers import local_server

NOTICE = TrialNotice("veilleuse-alert-9-member-1-push")


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _keys() -> dict[str, str]:
    receiver = ec.generate_private_key(ec.SECP256R1())
    public = receiver.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return {"p256dh": _b64url(public), "auth": _b64url(os.urandom(16))}


def _subscribe(member, endpoint: str) -> None:
    """Stored directly, as a row written before this fix (or by a database writer) would be."""
    PushSubscription.objects.create(
        member=member, endpoint=endpoint, endpoint_hash=endpoint_hash(endpoint=endpoint), **_keys()
    )
    member.notify_push = True


@pytest.fixture
def push_on(settings, tmp_path):
    settings.DATA_DIR, settings.VEILLEUSE_VAPID_PRIVATE_KEY = tmp_path, ""
    settings.VEILLEUSE_PUSH_HOSTS = list(project_settings.DEFAULT_PUSH_HOSTS)
    return settings


def test_the_worker_never_contacts_an_endpoint_outside_the_push_services(network, push_on):
    with local_server(statuses=[410]) as target:
        _subscribe(network.rosa, f"{target.url}/admin/")
        with pytest.raises(ChannelError) as failure:
            channel_named("push").send(NOTICE, network.rosa)
    assert target.received == []
    assert not failure.value.temporary


def test_an_answer_from_outside_the_push_services_cannot_delete_a_subscription(network, push_on):
    """The old oracle: a 404/410 from any host deleted the subscription, telling whoever
    controls the endpoint (or can read the roster) that a URL answered."""
    with local_server(statuses=[404, 410]) as target:
        _subscribe(network.rosa, f"{target.url}/gone")
        with pytest.raises(ChannelError):
            channel_named("push").send(NOTICE, network.rosa)
    assert PushSubscription.objects.filter(member=network.rosa).count() == 1


def test_a_listed_host_name_that_resolves_to_loopback_is_refused(network, push_on):
    """``localhost`` is listed as a name, not as an explicit address: after resolution it
    is 127.0.0.1, which the worker refuses, as it would a push host hijacked in DNS."""
    push_on.VEILLEUSE_PUSH_HOSTS = [*push_on.VEILLEUSE_PUSH_HOSTS, "localhost"]
    with local_server() as target:
        port = target.url.rsplit(":", 1)[1]
        _subscribe(network.rosa, f"https://localhost:{port}/push/1")
        with pytest.raises(ChannelError) as failure:
            channel_named("push").send(NOTICE, network.rosa)
    assert target.received == []
    assert not failure.value.temporary
    assert PushSubscription.objects.filter(member=network.rosa).count() == 1


def test_a_push_service_redirect_is_not_followed(network, push_on):
    push_on.VEILLEUSE_PUSH_HOSTS = [*push_on.VEILLEUSE_PUSH_HOSTS, "127.0.0.1"]
    with local_server() as inside, local_server(statuses=[307]) as service:
        service.location = f"{inside.url}/internal"
        _subscribe(network.rosa, f"{service.url}/push/1")
        with pytest.raises(ChannelError):
            channel_named("push").send(NOTICE, network.rosa)
    assert len(service.received) == 1
    assert inside.received == []
    assert PushSubscription.objects.filter(member=network.rosa).count() == 1


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://127.0.0.1/push",
        "https://[::1]/push",
        "https://169.254.169.254/latest/meta-data/",
        "https://10.0.0.8/push",
        "https://push.attacker.example/x",
        "https://fcm.googleapis.com.attacker.example/x",
        "https://notify.windows.com.attacker.example/x",
        "http://fcm.googleapis.com/fcm/send/abc",
        "https://user@fcm.googleapis.com@10.0.0.1/x",
    ],
)
def test_a_browser_cannot_subscribe_with_an_endpoint_outside_the_push_services(
    network, push_on, endpoint
):
    with pytest.raises(ValidationError):
        push_subscription_save(
            member=network.rosa, subscription={"endpoint": endpoint, "keys": _keys()}
        )
    assert not PushSubscription.objects.filter(member=network.rosa).exists()


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://fcm.googleapis.com/fcm/send/abc",
        "https://updates.push.services.mozilla.com/wpush/v2/abc",
        "https://web.push.apple.com/QGx",
        "https://db5p.notify.windows.com/w/?token=abc",
    ],
)
def test_the_known_push_services_are_allowed_by_default(push_on, endpoint):
    assert push_host_allowed(endpoint)


def test_production_refuses_a_loopback_or_private_push_host():
    for address in ("127.0.0.1", "::1", "10.1.2.3", "169.254.169.254"):
        with pytest.raises(ImproperlyConfigured, match="VEILLEUSE_PUSH_HOSTS"):
            project_settings.push_hosts_for("production", f"fcm.googleapis.com,{address}")
    assert project_settings.push_hosts_for("test", "127.0.0.1") == ["127.0.0.1"]
