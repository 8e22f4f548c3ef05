"""The channels against real components: Django's locmem mail, an SMS gateway and a push
service speaking RFC 8030 on 127.0.0.1 (veilleuse/alerts/tests/local_servers.py)."""

from __future__ import annotations

import base64
import json
import os
import secrets

import http_ece
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core import mail
from py_vapid import Vapid

from veilleuse.alerts.channels import ChannelError, all_channels, channel_named, notice_text
from veilleuse.alerts.channels.push import vapid_public_key
from veilleuse.alerts.models import PushSubscription
from veilleuse.alerts.services.notifications import TrialNotice, endpoint_hash
from veilleuse.alerts.tests.local_servers import local_server

NOTICE = TrialNotice("veilleuse-alert-7-member-3-sms")


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def test_every_built_in_channel_is_in_the_one_table():
    assert {"email", "sms", "push"} <= {channel.name for channel in all_channels()}
    with pytest.raises(LookupError):
        channel_named("pigeon")


def test_the_email_says_only_that_there_is_news_in_the_members_language(network, settings):
    settings.VEILLEUSE_SITE_URL = "https://veilleuse.example.org"
    rosa = network.rosa
    rosa.contact_email, rosa.notify_email = "rosa@example.org", True
    email = channel_named("email")
    assert email.wants(rosa)
    email.send(NOTICE, rosa)
    (message,) = mail.outbox
    assert message.to == ["rosa@example.org"]
    assert message.extra_headers["X-Idempotency-Key"] == NOTICE.idempotency_key
    assert "https://veilleuse.example.org/alertes/" in message.body
    assert "violent" not in message.body
    assert "Belleville" not in message.body
    assert message.subject == notice_text("es")
    rosa.contact_email = None
    assert not email.wants(rosa)


def test_the_http_gateway_gets_a_contentless_text_with_the_idempotency_key(network, settings):
    rosa = network.rosa
    rosa.contact_phone, rosa.notify_sms = "+33612345678", True
    with local_server(statuses=[500, 200]) as gateway:
        settings.VEILLEUSE_SMS_BACKEND = "http"
        settings.VEILLEUSE_SMS_URL = gateway.url + "/sms"
        settings.VEILLEUSE_SMS_TOKEN = "secret-token"
        sms = channel_named("sms")
        with pytest.raises(ChannelError) as failure:
            sms.send(NOTICE, rosa)
        assert failure.value.temporary
        assert "500" in failure.value.reason
        sms.send(NOTICE, rosa)
    _first, second = gateway.received
    assert gateway.keys() == [NOTICE.idempotency_key] * 2
    assert second.headers["authorization"] == "Bearer secret-token"
    payload = json.loads(second.body)
    assert payload["to"] == "+33612345678"
    assert payload["from"] == "Veilleuse"
    assert payload["text"].endswith("/alertes/")


def test_a_gateway_refusing_the_number_is_not_retried(network, settings):
    rosa = network.rosa
    rosa.contact_phone, rosa.notify_sms = "+33612345678", True
    with local_server(statuses=[400]) as gateway:
        settings.VEILLEUSE_SMS_BACKEND, settings.VEILLEUSE_SMS_URL = "http", gateway.url
        with pytest.raises(ChannelError) as failure:
            channel_named("sms").send(NOTICE, rosa)
    assert not failure.value.temporary


def test_an_unreachable_gateway_is_a_temporary_failure(network, settings):
    rosa = network.rosa
    rosa.contact_phone, rosa.notify_sms = "+33612345678", True
    with local_server() as gateway:
        url = gateway.url
    settings.VEILLEUSE_SMS_BACKEND, settings.VEILLEUSE_SMS_URL = "http", url
    with pytest.raises(ChannelError) as failure:
        channel_named("sms").send(NOTICE, rosa)
    assert failure.value.temporary
    assert "unreachable" in failure.value.reason


def test_the_file_backend_writes_one_file_per_key_whatever_the_repeats(network, settings, tmp_path):
    rosa = network.rosa
    rosa.contact_phone, rosa.notify_sms = "+33612345678", True
    settings.VEILLEUSE_SMS_BACKEND, settings.VEILLEUSE_SMS_DIR = "file", tmp_path / "sms"
    sms = channel_named("sms")
    sms.send(NOTICE, rosa)
    sms.send(NOTICE, rosa)
    (written,) = (tmp_path / "sms").iterdir()
    assert written.name == f"{NOTICE.idempotency_key}.json"
    assert json.loads(written.read_text())["to"] == "+33612345678"
    settings.VEILLEUSE_SMS_BACKEND = ""
    assert not sms.wants(rosa)


def test_the_vapid_key_is_generated_once_outside_production(settings, tmp_path):
    settings.DATA_DIR, settings.VEILLEUSE_VAPID_PRIVATE_KEY = tmp_path, ""
    key = vapid_public_key()
    stored = tmp_path / "vapid_private.pem"
    assert stored.stat().st_mode & 0o777 == 0o600
    assert vapid_public_key() == key
    settings.PROFILE = "production"
    assert vapid_public_key() == ""


@pytest.fixture
def push_service_on_loopback(settings, tmp_path):
    """The test-only allowance: 127.0.0.1 listed outright among the push hosts (production
    refuses it; tests/security/test_push_ssrf.py)."""
    settings.DATA_DIR, settings.VEILLEUSE_VAPID_PRIVATE_KEY = tmp_path, ""
    settings.VEILLEUSE_PUSH_HOSTS = [*settings.VEILLEUSE_PUSH_HOSTS, "127.0.0.1"]


def _subscribe(member, endpoint):
    receiver = ec.generate_private_key(ec.SECP256R1())
    public = receiver.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    auth = os.urandom(16)
    PushSubscription.objects.create(
        member=member,
        endpoint=endpoint,
        endpoint_hash=endpoint_hash(endpoint=endpoint),
        p256dh=b64url(public),
        auth=b64url(auth),
    )
    member.notify_push = True
    return receiver, auth


def test_push_is_encrypted_signed_and_contentless(network, push_service_on_loopback):
    rosa = network.rosa
    with local_server() as service:
        receiver, auth = _subscribe(rosa, f"{service.url}/push/{secrets.token_hex(8)}")
        push = channel_named("push")
        assert push.wants(rosa)
        push.send(NOTICE, rosa)
    (request,) = service.received
    assert request.headers["content-encoding"] == "aes128gcm"
    assert int(request.headers["ttl"]) > 0
    scheme, _, params = request.headers["authorization"].partition(" ")
    fields = dict(part.split("=", 1) for part in params.split(","))
    assert scheme == "vapid"
    assert fields["k"] == vapid_public_key()
    claims = json.loads(base64.urlsafe_b64decode(fields["t"].split(".")[1] + "=="))
    assert claims["aud"] == service.url
    assert Vapid.verify(request.headers["authorization"])
    plain = http_ece.decrypt(request.body, private_key=receiver, auth_secret=auth)
    payload = json.loads(plain)
    assert payload["title"] == "Veilleuse"
    assert payload["url"] == "/alertes/"
    assert set(payload) == {"title", "body", "url", "tag"}
    assert request.headers["topic"] == payload["tag"]


def test_a_subscription_the_push_service_calls_gone_is_deleted(network, push_service_on_loopback):
    rosa = network.rosa
    with local_server(statuses=[410]) as service:
        _subscribe(rosa, f"{service.url}/push/gone")
        with pytest.raises(ChannelError) as failure:
            channel_named("push").send(NOTICE, rosa)
    assert not failure.value.temporary
    assert not PushSubscription.objects.filter(member=rosa).exists()


def test_a_push_service_error_is_retried(network, push_service_on_loopback):
    rosa = network.rosa
    with local_server(statuses=[503]) as service:
        _subscribe(rosa, f"{service.url}/push/busy")
        with pytest.raises(ChannelError) as failure:
            channel_named("push").send(NOTICE, rosa)
    assert failure.value.temporary
    assert PushSubscription.objects.filter(member=rosa).count() == 1
