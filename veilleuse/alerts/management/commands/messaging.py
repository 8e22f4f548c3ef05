"""``manage.py messaging``: set up the messaging services (docs/alerts-delivery.md).

- ``messaging telegram-webhook https://veilleuse.example.org``: ``setWebhook`` for the bot,
  with ``VEILLEUSE_TELEGRAM_WEBHOOK_SECRET`` as its ``secret_token``, for the two kinds of
  update the site reads (messages, and the bot being blocked);
- ``messaging whatsapp-templates``: the notice template in every member language, as the
  Cloud API creates templates (what ``docs/whatsapp-templates/`` holds).
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from veilleuse.alerts.channels import ChannelError


class Command(BaseCommand):
    help = "Set up the messaging services: the Telegram webhook, the WhatsApp templates."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["telegram-webhook", "whatsapp-templates"])
        parser.add_argument("site", nargs="?", default="", help="the site's public https address")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "whatsapp-templates":
            from veilleuse.alerts.channels.whatsapp import whatsapp_templates

            self.stdout.write(json.dumps(whatsapp_templates(), ensure_ascii=False, indent=2))
            return
        self._telegram_webhook(options["site"])

    def _telegram_webhook(self, site: str) -> None:
        from veilleuse.alerts.channels.telegram import telegram_call, telegram_configured

        if not telegram_configured() or not settings.VEILLEUSE_TELEGRAM_WEBHOOK_SECRET:
            raise CommandError(
                "Set VEILLEUSE_TELEGRAM_BOT_TOKEN and VEILLEUSE_TELEGRAM_WEBHOOK_SECRET first."
            )
        if not site.startswith("https://"):
            raise CommandError(
                "Give the site's public https address, e.g. https://veilleuse.example.org"
            )
        url = site.rstrip("/") + "/alertes/webhooks/telegram/"
        payload = {
            "url": url,
            "secret_token": settings.VEILLEUSE_TELEGRAM_WEBHOOK_SECRET,
            "allowed_updates": ["message", "my_chat_member"],
        }
        try:
            answer = telegram_call("setWebhook", payload)
        except ChannelError as error:
            raise CommandError(error.reason) from None
        if not answer.body.get("ok"):
            raise CommandError(f"Telegram refused the webhook ({answer.status}).")
        self.stdout.write("Telegram will send the bot's messages to " + url)
