"""Web push (RFC 8030), signed with VAPID (RFC 8292) and encrypted with aes128gcm (RFC 8291)
by pywebpush, to every browser a member subscribed.

The payload is contentless, ``{"title", "body", "url", "tag"}``: the push service learns
nothing but that something happened. The ``Topic`` header and the payload's ``tag`` derive
from the idempotency key, so a repeat replaces its first copy at the push service and on the
phone instead of showing twice. A subscription the push service calls gone (404, 410) is
deleted.

The worker contacts only the push services listed in ``VEILLEUSE_PUSH_HOSTS`` (threat model,
"Web push cannot reach inside"): the endpoint's host must match the list, every address its
name resolves to must be public (no loopback, private, link-local...), the connection goes to
the address that was checked (a second DNS answer cannot swap it), no proxy from the
environment is used and no redirect is followed. An endpoint outside the list is never
contacted, so no answer from it can delete a subscription. An address listed outright (tests
list ``127.0.0.1``) is the one exception to "public only", refused in production by the
settings.

The VAPID key comes from ``VEILLEUSE_VAPID_PRIVATE_KEY``; outside production, one is
generated on first use in the data folder (``vapid_private.pem``, mode 0600). Without a key,
push is off and no member is offered it.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import ipaddress
import json
import os
import socket
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import requests
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from py_vapid import Vapid
from pywebpush import WebPushException, webpush
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError

from veilleuse.alerts.channels import ChannelError, Keyed, notice_title, register_channel

if TYPE_CHECKING:
    from veilleuse.alerts.models import Member

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


class PushAddressRefused(Exception):
    """The push host resolved to an address the worker must not contact."""


def _explicit_address(host: str) -> bool:
    """``host`` is an address listed outright in ``VEILLEUSE_PUSH_HOSTS`` (tests only)."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return settings.PROFILE != "production" and host in settings.VEILLEUSE_PUSH_HOSTS


def _host_listed(host: str) -> bool:
    for pattern in settings.VEILLEUSE_PUSH_HOSTS:
        if pattern.startswith("*.") and host.endswith(pattern[1:]) and host != pattern[2:]:
            return True
        if host == pattern:
            return True
    return False


def push_host_allowed(endpoint: str) -> bool:
    """The endpoint is on a listed push service, over HTTPS, without user information."""
    try:
        parts = urlsplit(endpoint)
        host = (parts.hostname or "").lower()
        parts.port  # noqa: B018 -- raises ValueError on a port that is not a number
    except ValueError:
        return False
    if parts.username is not None or parts.password is not None or not _host_listed(host):
        return False
    return parts.scheme == "https" or (parts.scheme == "http" and _explicit_address(host))


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def checked_address(host: str, port: int) -> str:
    """The address to connect to for ``host``: every address it resolves to must be public
    (one bad answer refuses them all), unless the host is an explicitly listed address."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses = [str(info[4][0]) for info in infos]
    if not addresses:
        raise PushAddressRefused(host)
    if not _explicit_address(host) and not all(_public(address) for address in addresses):
        raise PushAddressRefused(host)
    return addresses[0]


class _CheckedConnectionMixin:
    """Connect to the address ``checked_address`` approved; TLS still verifies the name."""

    host: str
    port: int
    timeout: Any

    def _new_conn(self) -> socket.socket:
        address = checked_address(self.host, self.port)
        timeout = self.timeout if isinstance(self.timeout, (int, float)) else None
        try:
            return socket.create_connection((address, self.port), timeout or HTTP_TIMEOUT_SECONDS)
        except TimeoutError as error:
            raise ConnectTimeoutError(self, f"Connection to {self.host} timed out.") from error
        except OSError as error:
            # A mixin of urllib3's HTTP(S)Connection: at run time self is that connection.
            raise NewConnectionError(self, f"Failed to connect: {error}") from error  # type: ignore[arg-type]


class _CheckedHTTPConnection(_CheckedConnectionMixin, HTTPConnection):
    pass


class _CheckedHTTPSConnection(_CheckedConnectionMixin, HTTPSConnection):
    pass


class _CheckedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _CheckedHTTPConnection


class _CheckedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _CheckedHTTPSConnection


class _CheckedAdapter(HTTPAdapter):
    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _CheckedHTTPPool,
            "https": _CheckedHTTPSPool,
        }


class _PushSession(requests.Session):
    """No redirect followed, no proxy taken from the environment, checked addresses only."""

    def __init__(self) -> None:
        super().__init__()
        self.trust_env = False
        self.mount("http://", _CheckedAdapter())
        self.mount("https://", _CheckedAdapter())

    def get_redirect_target(self, resp: requests.Response) -> str | None:
        return None


@register_channel("push")
class PushChannel:
    name = "push"

    def wants(self, member: Member) -> bool:
        if not member.notify_push or vapid_key() is None:
            return False
        has_push = getattr(member, "has_push", None)  # annotated by the fan-out's query
        if has_push is None:
            has_push = member.push_subscriptions.exists()
        return bool(has_push)

    def send(self, delivery: Keyed, member: Member) -> None:
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
        if not push_host_allowed(subscription.endpoint):
            return ChannelError("push endpoint is not on a known push service", temporary=False)
        try:
            with _PushSession() as session:
                self._post(subscription, payload, topic, session)
        except PushAddressRefused:
            return ChannelError("push host resolves to a non-public address", temporary=False)
        except WebPushException as error:
            status = getattr(error.response, "status_code", None)
            if status in (404, 410):
                subscription.delete()  # a listed push service says the browser unsubscribed
                return None
            retry = status is None or status >= 500 or status in (408, 429)
            return ChannelError(f"push service answered {status}", temporary=retry)
        except (requests.RequestException, OSError) as error:
            return ChannelError(
                f"push service unreachable ({type(error).__name__})", temporary=True
            )
        return None

    def _post(self, subscription: Any, payload: str, topic: str, session: requests.Session) -> None:
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
            requests_session=session,
        )
