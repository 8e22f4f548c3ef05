"""Signal, through a self-hosted signal-cli REST API (``bbernhard/signal-cli-rest-api``,
normal or native mode): ``POST /v2/send`` with ``{"message", "number", "recipients"}`` from
the association's number ``VEILLEUSE_SIGNAL_NUMBER`` to the account the member linked by
sending her one-time code from Signal (read by polling ``GET /v1/receive/<number>``, see
``services/links.py``).

Signal is end-to-end encrypted: a member may choose to receive the alert's own text, in her
language, instead of the notice (``ChannelLink.full_text``). Answers (the gateway answers
``{"error": "..."}`` with 400 for what signal-cli refused):

- "Unregistered user" / "not registered": the account left Signal; the link is removed;
- 429, or an error about a rate limit: retried (after ``Retry-After`` if given);
- 5xx, network: retried; another 4xx: not retried.

The gateway takes no idempotency key: a receipt (``messaging.record_sent``) stops a repeat.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

from django.conf import settings

from veilleuse.alerts.channels import ChannelError, Keyed, register_channel
from veilleuse.alerts.channels.messaging import (
    Answer,
    LinkedChannel,
    Pace,
    alert_text_for,
    get_json,
    notice,
    post_json,
)

if TYPE_CHECKING:
    from veilleuse.alerts.models import ChannelLink, Member

SERVICE = "signal"
PACE = Pace(per_second=lambda: float(settings.VEILLEUSE_SIGNAL_PER_SECOND))


def signal_configured() -> bool:
    return bool(settings.VEILLEUSE_SIGNAL_URL and settings.VEILLEUSE_SIGNAL_NUMBER)


def signal_send(*, recipient: str, text: str) -> Answer:
    url = settings.VEILLEUSE_SIGNAL_URL.rstrip("/") + "/v2/send"
    payload = {
        "message": text,
        "number": settings.VEILLEUSE_SIGNAL_NUMBER,
        "recipients": [recipient],
    }
    return post_json(url, payload, service="Signal gateway", headers={})


def signal_receive() -> list[object]:
    """The envelopes waiting at the gateway for the association's number (each read once:
    signal-cli hands a message out one time)."""
    number = quote(settings.VEILLEUSE_SIGNAL_NUMBER, safe="")
    url = f"{settings.VEILLEUSE_SIGNAL_URL.rstrip('/')}/v1/receive/{number}"
    envelopes = get_json(url, service="Signal gateway")
    return envelopes if isinstance(envelopes, list) else []


def signal_failure(answer: Answer, link: ChannelLink | None) -> ChannelError | None:
    if 200 <= answer.status < 300:
        return None
    message = str(answer.body.get("error", "")).lower()
    if answer.status == 429 or "rate limit" in message:
        return ChannelError("Signal rate limit", temporary=True, retry_after=answer.retry_after)
    if "unregistered" in message or "not registered" in message:
        if link is not None:
            link.delete()
        return ChannelError("Signal account unregistered; link removed", temporary=False)
    return ChannelError(f"Signal gateway answered {answer.status}", temporary=answer.status >= 500)


@register_channel(SERVICE)
class SignalChannel(LinkedChannel):
    name = SERVICE
    label = "Signal"
    pace = PACE

    def configured(self) -> bool:
        return signal_configured()

    def deliver(self, delivery: Keyed, member: Member, link: ChannelLink) -> ChannelError | None:
        text = (alert_text_for(delivery, member) if link.full_text else None) or notice(member)
        return signal_failure(signal_send(recipient=link.address, text=text), link)
