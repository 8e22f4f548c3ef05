"""Telegram, through the Bot API (https://core.telegram.org/bots/api): one ``sendMessage``
to the chat the member linked by sending her one-time code to the association's bot
(``https://t.me/<bot>?start=<code>``, see ``services/links.py``).

Configured by ``VEILLEUSE_TELEGRAM_BOT_TOKEN`` (off when empty), ``_BOT_NAME``, ``_API_URL``
and ``_PER_SECOND``. Answers, as the Bot API documents them (``{"ok": false, "error_code",
"description", "parameters": {"retry_after"}}``):

- 403 (the member blocked the bot, or deleted her account): the link is removed, not retried;
- 400 "chat not found": the link is removed, not retried; another 400: not retried;
- 429: retried after ``parameters.retry_after`` seconds at least; 5xx, network: retried.

The Bot API takes no idempotency key: a receipt (``messaging.record_sent``) stops a repeat.
The bot token travels in the URL's path: no error reason ever contains the URL.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings

from veilleuse.alerts.channels import ChannelError, Keyed, register_channel
from veilleuse.alerts.channels.messaging import Answer, LinkedChannel, Pace, notice, post_json

if TYPE_CHECKING:
    from veilleuse.alerts.models import ChannelLink, Member

SERVICE = "telegram"
PACE = Pace(per_second=lambda: float(settings.VEILLEUSE_TELEGRAM_PER_SECOND))


def telegram_configured() -> bool:
    return bool(settings.VEILLEUSE_TELEGRAM_BOT_TOKEN)


def telegram_call(method: str, payload: dict[str, Any]) -> Answer:
    """One Bot API method, e.g. ``sendMessage`` or ``setWebhook``."""
    base = settings.VEILLEUSE_TELEGRAM_API_URL.rstrip("/")
    url = f"{base}/bot{settings.VEILLEUSE_TELEGRAM_BOT_TOKEN}/{method}"
    return post_json(url, payload, service="Telegram", headers={})


def telegram_failure(answer: Answer, link: ChannelLink | None) -> ChannelError | None:
    """The Bot API's answer as a ``ChannelError`` (None if it was accepted); a chat that
    blocked the bot or no longer exists loses its link."""
    if 200 <= answer.status < 300 and answer.body.get("ok", True):
        return None
    code = int(answer.body.get("error_code") or answer.status)
    description = str(answer.body.get("description", ""))
    if code == 429:
        parameters = answer.body.get("parameters") or {}
        wait = parameters.get("retry_after") if isinstance(parameters, dict) else None
        retry_after = float(wait) if isinstance(wait, (int, float)) else answer.retry_after
        return ChannelError("Telegram rate limit (429)", temporary=True, retry_after=retry_after)
    gone = code == 403 or (code == 400 and "chat not found" in description.lower())
    if gone:
        if link is not None:
            link.delete()
        return ChannelError(f"Telegram chat unreachable ({code}); link removed", temporary=False)
    return ChannelError(f"Telegram answered {code}", temporary=code >= 500)


@register_channel(SERVICE)
class TelegramChannel(LinkedChannel):
    name = SERVICE
    label = "Telegram"
    pace = PACE

    def configured(self) -> bool:
        return telegram_configured()

    def deliver(self, delivery: Keyed, member: Member, link: ChannelLink) -> ChannelError | None:
        payload = {"chat_id": link.address, "text": notice(member)}
        return telegram_failure(telegram_call("sendMessage", payload), link)
