"""Linking a member's Signal, Telegram or WhatsApp account without her typing a number,
unlinking it from either side, her choices per link, and what she says to the association's
account (docs/alerts-delivery.md, "Signal, Telegram and WhatsApp").

1. On her notifications page she asks for a code (``link_code_create``): ten characters,
   kept as a keyed hash, valid ``VEILLEUSE_LINK_CODE_MINUTES``, one live code per service.
2. She sends it to the association's account: Telegram through the bot's deep link
   (``/start <code>``), WhatsApp through a click-to-chat link with the code as text, Signal
   by typing it in a message to the association's number.
3. The service tells us who sent it (a webhook, or the Signal gateway's receive queue):
   ``inbound_message`` redeems the code (``link_code_redeem``: deleted on first use, even
   when expired) and keeps the sender's address at the service, encrypted.

Unlinking: the button on her page, or "/stop" or "STOP" sent to the account, or the service
saying she blocked us (Telegram, Signal: see the channels). Any other message from a linked
account goes to the reply handlers (``veilleuse.alerts.replies``): the check-in and duty pages
acknowledge a page that way.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from veilleuse.alerts.identifiers import keyed_hash
from veilleuse.alerts.models import ChannelLink, LinkCode, Member, MessagingService
from veilleuse.alerts.replies import reply_handlers
from veilleuse.alerts.services.members import INVITATION_ALPHABET

LINK_CODE_LENGTH = 10  # of 31 characters: 49 bits, for a code that lives 15 minutes
WHATSAPP_WINDOW = timedelta(hours=24)
STOP_WORDS = {"/stop", "stop", "arret", "arrêt", "stopp"}


def service_available(*, service: str) -> bool:
    """The service is configured on this server (credentials present)."""
    from veilleuse.alerts.channels.signal import signal_configured
    from veilleuse.alerts.channels.telegram import telegram_configured
    from veilleuse.alerts.channels.whatsapp import whatsapp_configured

    checks = {
        MessagingService.SIGNAL: signal_configured,
        MessagingService.TELEGRAM: lambda: (
            telegram_configured() and bool(settings.VEILLEUSE_TELEGRAM_BOT_NAME)
        ),
        MessagingService.WHATSAPP: lambda: (
            whatsapp_configured() and bool(settings.VEILLEUSE_WHATSAPP_NUMBER)
        ),
    }
    check = checks.get(service)  # type: ignore[call-overload]  # service is any str; unknown ones give None
    return bool(check and check())


def _code_key(code: str) -> str:
    """What counts in a code: its letters and digits, in capitals."""
    return "".join(ch for ch in code.upper() if ch in INVITATION_ALPHABET)


def link_code_hash(*, service: str, code: str) -> str:
    return keyed_hash(f"link-code-{service}", _code_key(code))


def address_hash(*, service: str, address: str) -> str:
    return keyed_hash(f"messaging-{service}", address)


@transaction.atomic
def link_code_create(*, member: Member, service: str) -> str:
    """A new code for ``service`` (the previous one stops working); shown once."""
    if not service_available(service=service):
        raise ValidationError(_("This messaging service is not available on this server."))
    raw = "".join(secrets.choice(INVITATION_ALPHABET) for _ in range(LINK_CODE_LENGTH))
    LinkCode.objects.filter(member=member, service=service).delete()
    LinkCode.objects.create(
        member=member,
        service=service,
        code_hash=link_code_hash(service=service, code=raw),
        expires_at=timezone.now() + timedelta(minutes=settings.VEILLEUSE_LINK_CODE_MINUTES),
    )
    return f"{raw[:5]}-{raw[5:]}"


@transaction.atomic
def link_code_redeem(*, service: str, code: str, address: str) -> ChannelLink | None:
    """Link ``address`` to the member who asked for ``code``; None for an unknown, used or
    expired code, or a suspended member. An address linked to another member moves."""
    if len(_code_key(code)) != LINK_CODE_LENGTH:
        return None
    entry = (
        LinkCode.objects.select_for_update()
        .select_related("member")
        .filter(service=service, code_hash=link_code_hash(service=service, code=code))
        .first()
    )
    if entry is None:
        return None
    entry.delete()  # single use, whatever follows
    if entry.expires_at <= timezone.now() or not entry.member.is_active:
        return None
    key = address_hash(service=service, address=address)
    ChannelLink.objects.filter(service=service, address_hash=key).delete()
    ChannelLink.objects.filter(member=entry.member, service=service).delete()
    link = ChannelLink(member=entry.member, service=service, address=address, address_hash=key)
    if service == MessagingService.WHATSAPP:  # her message opened the 24-hour window
        link.window_until = timezone.now() + WHATSAPP_WINDOW
    link.full_clean(exclude=["member"])
    link.save()
    return link


def link_by_address(*, service: str, address: str) -> ChannelLink | None:
    key = address_hash(service=service, address=address)
    return (
        ChannelLink.objects.select_related("member")
        .filter(service=service, address_hash=key)
        .first()
    )


@transaction.atomic
def channel_unlink(*, member: Member, service: str) -> int:
    """Forget the member's account at ``service`` (and any code waiting for it)."""
    LinkCode.objects.filter(member=member, service=service).delete()
    deleted, _by_model = ChannelLink.objects.filter(member=member, service=service).delete()
    return deleted


@transaction.atomic
def channel_link_update(
    *, member: Member, service: str, alerts: bool, full_text: bool = False
) -> ChannelLink:
    """Whether this link carries alerts, and (Signal only) the alert's own text."""
    link = ChannelLink.objects.filter(member=member, service=service).first()
    if link is None:
        raise ValidationError(_("This account is not linked any more."))
    link.alerts = alerts
    link.full_text = full_text and service == MessagingService.SIGNAL
    link.save(update_fields=["alerts", "full_text"])
    return link


@dataclass(frozen=True)
class Inbound:
    """What a message to the association's account did, and in which language to say so
    (None: nothing to say, e.g. to a stranger)."""

    outcome: str  # "linked", "unlinked", "answered", "unknown", "ignored"
    language: str | None = None
    link_id: int | None = None  # the link to answer through, when it still exists

    def reply(self) -> str | None:
        from django.utils import translation

        if self.language is None:
            return None
        with translation.override(self.language):
            return _inbound_sentence(self.outcome)


def _inbound_sentence(outcome: str) -> str | None:
    sentences = {
        "linked": _("Veilleuse: this account is linked. New alerts will be announced here."),
        "unlinked": _("Veilleuse: this account is unlinked. Nothing more will be sent here."),
        "answered": _("Veilleuse: your answer is recorded."),
        "unknown": _("Veilleuse: this message was not understood. Open the app."),
    }
    return sentences.get(outcome)


@transaction.atomic
def inbound_message(*, service: str, address: str, text: str) -> Inbound:
    """One message from ``address`` to the association's account on ``service``."""
    words = text.strip().split()
    if words and words[0].lower() == "/start":
        words = words[1:]  # Telegram's deep link: "/start <code>"
    candidate = " ".join(words)
    link = link_by_address(service=service, address=address)
    if words and words[0].lower() in STOP_WORDS:
        if link is None:
            return Inbound("ignored")
        language = link.member.language
        link.delete()
        return Inbound("unlinked", language)
    if len(_code_key(candidate)) == LINK_CODE_LENGTH and len(candidate) <= 16:
        linked = link_code_redeem(service=service, code=candidate, address=address)
        if linked is not None:
            return Inbound("linked", linked.member.language, linked.pk)
    if link is None:
        return Inbound("ignored")
    if service == MessagingService.WHATSAPP:
        link.window_until = timezone.now() + WHATSAPP_WINDOW
        link.save(update_fields=["window_until"])
    answered = any(h(member=link.member, text=candidate) for h in reply_handlers())
    return Inbound("answered" if answered else "unknown", link.member.language, link.pk)


def address_unlink(*, service: str, address: str) -> int:
    """The service says this account left us (Telegram: the bot was blocked)."""
    key = address_hash(service=service, address=address)
    deleted, _by_model = ChannelLink.objects.filter(service=service, address_hash=key).delete()
    return deleted
