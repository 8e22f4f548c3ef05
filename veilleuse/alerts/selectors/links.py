"""Reads for a member's messaging links (``services/links.py`` writes them)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings

from veilleuse.alerts.models import ChannelLink, Member, MessagingService


@dataclass(frozen=True)
class ServiceRow:
    """One messaging service as her page shows it."""

    service: str
    label: str
    available: bool
    link: ChannelLink | None


def member_services(*, member: Member) -> list[ServiceRow]:
    """Every messaging service, configured or not, with her link if she has one."""
    from veilleuse.alerts.services.links import service_available

    links = {link.service: link for link in ChannelLink.objects.filter(member=member)}
    return [
        ServiceRow(service, str(label), service_available(service=service), links.get(service))
        for service, label in MessagingService.choices
    ]


def link_address_for(*, service: str, code: str) -> str:
    """Where she sends ``code``: the bot's deep link, a WhatsApp click-to-chat link with the
    code as text, or the association's Signal number's link."""
    if service == MessagingService.TELEGRAM:
        return f"https://t.me/{settings.VEILLEUSE_TELEGRAM_BOT_NAME}?start={code}"
    if service == MessagingService.WHATSAPP:
        digits = "".join(ch for ch in settings.VEILLEUSE_WHATSAPP_NUMBER if ch.isdigit())
        return f"https://wa.me/{digits}?text={quote(code)}"
    return f"https://signal.me/#p/{settings.VEILLEUSE_SIGNAL_NUMBER}"
