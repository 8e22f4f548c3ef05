"""Settings and links for the messaging tests: each channel pointed at its fake service
(``messaging_servers.py``), and a member linked the way the service would link her."""

from __future__ import annotations

from typing import Any

from veilleuse.alerts.models import ChannelLink, Member
from veilleuse.alerts.services.links import address_hash
from veilleuse.alerts.tests.messaging_servers import (
    SIGNAL_NUMBER,
    TOKEN,
    WA_PHONE_ID,
    WA_TOKEN,
)

TELEGRAM_SECRET = "telegram-webhook-secret"
WA_VERIFY = "wa-verify-token"


def configure(settings: Any, *, telegram: str = "", signal: str = "", whatsapp: str = "") -> None:
    """Point each channel given a URL at it, with the fakes' credentials; no pacing."""
    if telegram:
        settings.VEILLEUSE_TELEGRAM_BOT_TOKEN = TOKEN
        settings.VEILLEUSE_TELEGRAM_BOT_NAME = "VeilleuseTestBot"
        settings.VEILLEUSE_TELEGRAM_API_URL = telegram
        settings.VEILLEUSE_TELEGRAM_WEBHOOK_SECRET = TELEGRAM_SECRET
        settings.VEILLEUSE_TELEGRAM_PER_SECOND = 0
    if signal:
        settings.VEILLEUSE_SIGNAL_URL = signal
        settings.VEILLEUSE_SIGNAL_NUMBER = SIGNAL_NUMBER
        settings.VEILLEUSE_SIGNAL_PER_SECOND = 0
    if whatsapp:
        settings.VEILLEUSE_WHATSAPP_API_URL = whatsapp
        settings.VEILLEUSE_WHATSAPP_PHONE_NUMBER_ID = WA_PHONE_ID
        settings.VEILLEUSE_WHATSAPP_NUMBER = "+33 7 00 00 00 02"
        settings.VEILLEUSE_WHATSAPP_TOKEN = WA_TOKEN
        settings.VEILLEUSE_WHATSAPP_APP_SECRET = "wa-app-secret"
        settings.VEILLEUSE_WHATSAPP_VERIFY_TOKEN = WA_VERIFY
        settings.VEILLEUSE_WHATSAPP_PER_SECOND = 0


def link(member: Member, service: str, address: str, **fields: Any) -> ChannelLink:
    return ChannelLink.objects.create(
        member=member,
        service=service,
        address=address,
        address_hash=address_hash(service=service, address=address),
        **fields,
    )
