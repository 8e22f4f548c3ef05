"""Web push (RFC 8030), signed with VAPID (RFC 8292) and encrypted with aes128gcm (RFC 8291)
by pywebpush, to every browser a member subscribed.

The payload is contentless, ``{"title", "body", "url", "tag"}``: the push service learns
nothing but that something happened. The ``Topic`` header and the payload's ``tag`` derive
from the idempotency key, so a repeat replaces its first copy at the push service and on the
phone instead of showing twice. A subscription the push service calls gone (404, 410) is
deleted.

The VAPID key comes from ``VEILLEUSE_VAPID_PRIVATE_KEY``; outside production, one is
generated on first use in the data folder (``vapid_private.pem``, mode 0600). Without a key,
push is off and no member is offered it.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import requests
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from py_vapid import Vapid
from pywebpush import WebPushException, webpush

from veilleuse.alerts.channels import ChannelError, Keyed, notice_title, register_channel

# Kept by the push service for a phone that is off: a day, then the feed tells the rest.
TTL_SECONDS = 24 * 60 * 60
HTTP_TIMEOUT_SECONDS = 10
VAPID_FILE_NAME = "vapid_private.pem"


@functools.lru_cache(maxsize=4)
def _vapid_from(configured: str, stored: str) -> Vapid | None:
    if configured:
        if "-----BEGIN" in configured:
            return Vapid.from_pem(configured.encode("ascii"))
        return Vapid.from_string(configured)
    if not stored:
        return None
    path = Path(stored)
    if not path.exists():
        _generate_key_file(path)
    return Vapid.from_pem(path.read_bytes())


def _generate_key_file(path: Path) -> None:
    """Write a new key without ever showing a half-written or world-readable file; if two
    processes race, the first one's key wins."""
    key = Vapid()
    key.generate_keys()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".vapid-")  # mode 0600
    try:
        with os.fdopen(descriptor, "wb") as out:
            out.write(key.private_pem())
        os.link(temporary, path)
    except FileExistsError:
        pass
    finally:
        os.unlink(temporary)


def vapid_key() -> Vapid | None:
    """The server's VAPID key, or None when push is off (production without a key)."""
    stored = "" if settings.PROFILE == "production" else str(settings.DATA_DIR / VAPID_FILE_NAME)
    return _vapid_from(settings.VEILLEUSE_VAPID_PRIVATE_KEY, stored)


def vapid_public_key() -> str:
    """The public key as browsers want it (``applicationServerKey``): base64url, no padding."""
    key = vapid_key()
    if key is None:
        return ""
    raw = key.public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def push_topic(idempotency_key: str) -> str:
    """An opaque RFC 8030 topic (at most 32 base64url characters) for this delivery."""
    digest = hashlib.sha256(idempotency_key.encode("utf-8")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")[:32]


def push_payload(language: str, tag: str) -> str:
    return json.dumps(
        {"title": "Veilleuse", "body": notice_title(language), "url": "/alertes/", "tag": tag}
    )


@register_channel("push")
class PushChannel:
    name = "push"

    def wants(self, member: Any) -> bool:
        if not member.notify_push or vapid_key() is None:
            return False
        has_push = getattr(member, "has_push", None)  # annotated by the fan-out's query
        if has_push is None:
            has_push = member.push_subscriptions.exists()
        return bool(has_push)

    def send(self, delivery: Keyed, member: Any) -> None:
        subscriptions = list(member.push_subscriptions.all())
        topic = push_topic(delivery.idempotency_key)
        payload = push_payload(member.language, topic)
        failures = [
            failure
            for subscription in subscriptions
            if (failure := self._send_one(subscription, payload, topic)) is not None
        ]
        if failures:
            raise ChannelError(failures[0].reason, temporary=any(f.temporary for f in failures))
        if not member.push_subscriptions.exists():
            raise ChannelError("no push subscription left", temporary=False)

    def _send_one(self, subscription: Any, payload: str, topic: str) -> ChannelError | None:
        try:
            webpush(
                subscription_info={
                    "endpoint": subscription.endpoint,
                    "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
                },
                data=payload,
                vapid_private_key=vapid_key(),
                vapid_claims={"sub": settings.VEILLEUSE_VAPID_SUBJECT},
                ttl=TTL_SECONDS,
                timeout=HTTP_TIMEOUT_SECONDS,
                headers={"Topic": topic, "Urgency": "high"},
            )
        except WebPushException as error:
            status = getattr(error.response, "status_code", None)
            if status in (404, 410):
                subscription.delete()  # the browser unsubscribed or the phone is gone
                return None
            retry = status is None or status >= 500 or status in (408, 429)
            return ChannelError(f"push service answered {status}", temporary=retry)
        except (requests.RequestException, OSError) as error:
            return ChannelError(
                f"push service unreachable ({type(error).__name__})", temporary=True
            )
        return None
