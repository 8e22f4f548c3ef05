"""Messages from members to the association's accounts, in each service's own format, handed
to ``links.inbound_message``: Telegram's updates and WhatsApp's notifications (webhooks whose
signature or secret the view checked), and the envelopes waiting at the Signal gateway (read
by the alert worker every minute). Anything that is not a text message from one person is
ignored."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

from veilleuse.alerts.models import ChannelLink, MessagingService
from veilleuse.alerts.services.links import Inbound, address_unlink, inbound_message
from veilleuse.core.tasks import enqueue

logger = logging.getLogger(__name__)
MAX_TEXT = 500


def _text(value: Any) -> str | None:
    return value[:MAX_TEXT] if isinstance(value, str) and value.strip() else None


def telegram_update_receive(*, update: Any) -> dict[str, Any] | None:
    """One Telegram ``Update``. Returns the Bot API call to answer with in the webhook's
    response (a ``sendMessage`` to the same chat), or None."""
    if not isinstance(update, dict):
        return None
    membership = update.get("my_chat_member")
    if isinstance(membership, dict):
        chat = membership.get("chat") or {}
        status = (membership.get("new_chat_member") or {}).get("status")
        if status == "kicked" and isinstance(chat.get("id"), int):  # she blocked the bot
            address_unlink(service=MessagingService.TELEGRAM, address=str(chat["id"]))
        return None
    message = update.get("message")
    if not isinstance(message, dict):
        return None
    chat = message.get("chat") or {}
    text = _text(message.get("text"))
    if chat.get("type") != "private" or not isinstance(chat.get("id"), int) or text is None:
        return None
    result = inbound_message(service=MessagingService.TELEGRAM, address=str(chat["id"]), text=text)
    reply = result.reply()
    if reply is None:
        return None
    return {"method": "sendMessage", "chat_id": chat["id"], "text": reply}


def whatsapp_notification_receive(*, payload: Any) -> list[Inbound]:
    """One Cloud API webhook notification (``object: whatsapp_business_account``): every
    text message in it. Delivery statuses and other changes are ignored."""
    results: list[Inbound] = []
    if not isinstance(payload, dict) or payload.get("object") != "whatsapp_business_account":
        return results
    for entry in _items(payload, "entry"):
        for change in _items(entry, "changes"):
            value = change.get("value") if isinstance(change, dict) else None
            for message in _items(value, "messages"):
                result = _whatsapp_message(message)
                if result is not None:
                    results.append(result)
    return results


def _items(container: Any, key: str) -> list[Any]:
    value = container.get(key) if isinstance(container, dict) else None
    return value if isinstance(value, list) else []


def _whatsapp_message(message: Any) -> Inbound | None:
    if not isinstance(message, dict) or message.get("type") != "text":
        return None
    sender = message.get("from")
    text = _text((message.get("text") or {}).get("body"))
    if not isinstance(sender, str) or not sender.isdigit() or text is None:
        return None
    result = inbound_message(service=MessagingService.WHATSAPP, address=sender, text=text)
    if result.link_id is not None:
        # Answered by the alert worker, not in Meta's webhook request; the queue holds the
        # link's id, never her number.
        link_id, outcome = result.link_id, result.outcome
        transaction.on_commit(
            lambda: enqueue(
                "veilleuse.alerts.tasks.whatsapp_reply", link_id=link_id, outcome=outcome
            )
        )
    return result


def whatsapp_reply_send(*, link_id: int, outcome: str) -> bool:
    """Answer her on WhatsApp (inside the window her message opened); False if the link is
    gone or WhatsApp refused."""
    from veilleuse.alerts.channels import ChannelError
    from veilleuse.alerts.channels.whatsapp import text_message, whatsapp_failure, whatsapp_post

    link = ChannelLink.objects.select_related("member").filter(pk=link_id).first()
    reply = Inbound(outcome, link.member.language).reply() if link is not None else None
    if link is None or reply is None:
        return False
    try:
        failure = whatsapp_failure(whatsapp_post(text_message(link.address, reply)))
    except ChannelError as error:
        failure = error
    if failure is not None:
        logger.info("WhatsApp reply not sent: %s", failure.reason)
    return failure is None


def signal_envelopes_receive(*, envelopes: list[Any]) -> list[tuple[str, Inbound]]:
    """What ``GET /v1/receive/<number>`` returned: ``[{"envelope": {...}, "account"}]``.
    The sender is her account id (``sourceUuid``) when the gateway gives it, else her
    number. Returns (address, outcome) for each text message."""
    results = []
    for item in envelopes:
        envelope = item.get("envelope") if isinstance(item, dict) else None
        if not isinstance(envelope, dict):
            continue
        data = envelope.get("dataMessage")
        text = _text(data.get("message")) if isinstance(data, dict) else None
        sender = (
            envelope.get("sourceUuid") or envelope.get("sourceNumber") or envelope.get("source")
        )
        if text is None or not isinstance(sender, str) or not sender:
            continue
        address = sender[:100]
        results.append(
            (address, inbound_message(service=MessagingService.SIGNAL, address=address, text=text))
        )
    return results


def signal_poll() -> int:
    """Read the Signal gateway's waiting messages and answer each sender the service knows;
    returns how many text messages were read. Does nothing when Signal is off."""
    from veilleuse.alerts.channels import ChannelError
    from veilleuse.alerts.channels.signal import signal_configured, signal_receive, signal_send

    if not signal_configured():
        return 0
    try:
        results = signal_envelopes_receive(envelopes=signal_receive())
    except ChannelError as error:
        logger.info("Signal gateway not read: %s", error.reason)
        return 0
    for address, result in results:
        reply = result.reply()
        if reply is not None:
            try:
                signal_send(recipient=address, text=reply)
            except ChannelError as error:
                logger.info("Signal reply not sent: %s", error.reason)
    return len(results)
