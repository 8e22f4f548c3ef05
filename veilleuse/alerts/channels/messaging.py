"""What the three messaging channels (Signal, Telegram, WhatsApp) share: one JSON request
to the service, its pace, our own dedupe of repeats, and what the message says.

None of the three services takes an idempotency key, so a send that the service accepted
leaves a ``ChannelReceipt`` (a hash of the delivery's key); a repeat of the same delivery
(a retry after a crash or an expired lease) finds it and sends nothing. The window left is
a crash between the service's answer and the receipt's commit (docs/alerts-delivery.md).
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils import translation

from veilleuse.alerts.channels import ChannelError, Keyed, feed_url, notice_text

if TYPE_CHECKING:
    from veilleuse.alerts.models import ChannelLink, Member

HTTP_TIMEOUT_SECONDS = 10
MAX_ANSWER_BYTES = 65536


@dataclass(frozen=True)
class Answer:
    """The service's answer: its HTTP status and its JSON body (``{}`` if it had none)."""

    status: int
    body: dict[str, Any]
    retry_after: float | None = None


def post_json(
    url: str, payload: dict[str, Any], *, service: str, headers: dict[str, str]
) -> Answer:
    """POST ``payload`` as JSON; any answer, error statuses included, comes back as an
    ``Answer``; only an unreachable service raises (a temporary ``ChannelError``)."""
    if not url.startswith(("https://", "http://")):
        raise ChannelError(f"{service} address is not an http(s) address", temporary=False)
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        url,
        data=json.dumps(payload).encode("utf-8"),
        method="POST",
        headers={"Content-Type": "application/json", **headers},
    )
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT_SECONDS) as response:  # noqa: S310
            return _answer(response.status, response.read(MAX_ANSWER_BYTES), None)
    except urllib.error.HTTPError as error:
        return _answer(error.code, error.read(MAX_ANSWER_BYTES), error.headers.get("Retry-After"))
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise ChannelError(
            f"{service} unreachable ({type(error).__name__})", temporary=True
        ) from None


def get_json(url: str, *, service: str) -> Any:
    """GET a JSON document (Signal's receive); ``ChannelError`` if it cannot be had."""
    if not url.startswith(("https://", "http://")):
        raise ChannelError(f"{service} address is not an http(s) address", temporary=False)
    try:
        with urllib.request.urlopen(url, timeout=HTTP_TIMEOUT_SECONDS) as response:  # noqa: S310
            return json.loads(response.read(16 * MAX_ANSWER_BYTES) or b"[]")
    except urllib.error.HTTPError as error:
        raise ChannelError(f"{service} answered {error.code}", temporary=True) from None
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
        raise ChannelError(
            f"{service} unreachable ({type(error).__name__})", temporary=True
        ) from None


def _answer(status: int, raw: bytes, retry_after: str | None) -> Answer:
    try:
        body = json.loads(raw) if raw else {}
    except ValueError:
        body = {}
    seconds: float | None = None
    if retry_after and retry_after.strip().isdigit():
        seconds = float(retry_after.strip())
    return Answer(status, body if isinstance(body, dict) else {}, seconds)


@dataclass
class Pace:
    """At most ``per_second`` sends a second from this process: each send waits for its
    turn. ``clock`` and ``sleep`` are the real ones unless a test gives its own."""

    per_second: Callable[[], float]
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    next_at: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_turn(self) -> float:
        """Wait until this send may go; returns how long it waited."""
        rate = self.per_second()
        if rate <= 0:
            return 0.0
        with self.lock:
            now = self.clock()
            start = max(now, self.next_at)
            self.next_at = start + 1.0 / rate
        wait = start - now
        if wait > 0:
            self.sleep(wait)
        return wait


def receipt_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def already_sent(delivery: Keyed) -> bool:
    from veilleuse.alerts.models import ChannelReceipt

    return ChannelReceipt.objects.filter(key_hash=receipt_hash(delivery.idempotency_key)).exists()


def record_sent(delivery: Keyed) -> None:
    from veilleuse.alerts.models import ChannelReceipt

    # Two workers that sent the same repeat: the first receipt stands.
    receipt = ChannelReceipt(key_hash=receipt_hash(delivery.idempotency_key))
    ChannelReceipt.objects.bulk_create([receipt], ignore_conflicts=True)


def notice(member: Member) -> str:
    """The contentless message every channel sends by default."""
    return f"{notice_text(member.language)}: {feed_url()}"


def alert_text_for(delivery: Keyed, member: Member) -> str | None:
    """The alert's own text in a language the member reads (her interface's first), or
    None for a test notice or an alert without such a text."""
    from veilleuse.alerts.models import AlertText

    alert_id = getattr(delivery, "alert_id", None)
    if alert_id is None:
        return None
    texts = {t.language: t.body for t in AlertText.objects.filter(alert_id=alert_id)}
    for language in [member.language, *sorted(member.all_languages)]:
        if language in texts:
            return f"{texts[language]}\n\n{feed_url()}"
    return None


def link_for(member: Member, service: str) -> ChannelLink | None:
    from veilleuse.alerts.models import ChannelLink

    return ChannelLink.objects.filter(member=member, service=service).first()


def wants_link(member: Member, service: str) -> bool:
    """The member linked ``service`` and lets it carry alerts (annotated by the fan-out's
    query as ``alerts_<service>``, else asked)."""
    annotated = getattr(member, f"alerts_{service}", None)
    if annotated is not None:
        return bool(annotated)
    link = link_for(member, service)
    return link is not None and link.alerts


def in_language(language: str, sentence: Callable[[], str]) -> str:
    with translation.override(language):
        return sentence()


class LinkedChannel:
    """What a messaging channel's send is, whatever the service: her link, our receipt, the
    pace, the service's answer. A channel says whether it is ``configured`` and how it
    ``deliver``s one message (returning the service's refusal as a ``ChannelError``)."""

    name: str
    label: str
    pace: Pace

    def configured(self) -> bool:
        raise NotImplementedError

    def deliver(self, delivery: Keyed, member: Member, link: ChannelLink) -> ChannelError | None:
        raise NotImplementedError

    def wants(self, member: Member) -> bool:
        return self.configured() and wants_link(member, self.name)

    def send(self, delivery: Keyed, member: Member) -> None:
        link = link_for(member, self.name)
        if link is None:
            raise ChannelError(f"no {self.label} account linked", temporary=False)
        if already_sent(delivery):
            return
        self.pace.wait_turn()
        failure = self.deliver(delivery, member, link)
        if failure is not None:
            raise failure
        record_sent(delivery)
