"""WhatsApp, through Meta's WhatsApp Business Cloud API: ``POST /{phone-number-id}/messages``
on ``VEILLEUSE_WHATSAPP_API_URL`` with ``Authorization: Bearer VEILLEUSE_WHATSAPP_TOKEN``.

WhatsApp lets a business write freely only within 24 hours of the person's last message (the
customer-service window, kept in ``ChannelLink.window_until`` from the webhook); outside it,
only a pre-approved template goes. So: a text message inside the window, the template
``VEILLEUSE_WHATSAPP_TEMPLATE`` in the member's language outside it, and the template again
if the API answers 131047 (re-engagement: the window closed meanwhile). The templates, in
every member language, are in ``docs/whatsapp-templates/`` in the Cloud API's format
(``whatsapp_templates()`` writes them). Errors (``{"error": {"code", "message"}}``):

- 131047: sent again as the template; 131026 (undeliverable), 131049, 131051, 100, 190 and
  other 4xx: not retried;
- 130429, 131048, 131056, 80007 (rate limits), 131000, 1, 2, 5xx, network: retried.

The API takes no idempotency key: a receipt (``messaging.record_sent``) stops a repeat.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import timezone

from veilleuse.alerts.channels import ChannelError, Keyed, notice_text, register_channel
from veilleuse.alerts.channels.messaging import Answer, LinkedChannel, Pace, notice, post_json

if TYPE_CHECKING:
    from veilleuse.alerts.models import ChannelLink, Member

SERVICE = "whatsapp"
PACE = Pace(per_second=lambda: float(settings.VEILLEUSE_WHATSAPP_PER_SECOND))
RE_ENGAGEMENT = 131047
RETRIED_CODES = {130429, 131048, 131056, 80007, 131000, 1, 2}
# Our language codes → the Cloud API's template languages.
TEMPLATE_LANGUAGES = {
    "fr": "fr",
    "en": "en",
    "es": "es",
    "zh-hans": "zh_CN",
    "ro": "ro",
    "pt": "pt_BR",
    "ar": "ar",
    "bg": "bg",
    "ru": "ru",
    "uk": "uk",
}


def whatsapp_configured() -> bool:
    return bool(settings.VEILLEUSE_WHATSAPP_TOKEN and settings.VEILLEUSE_WHATSAPP_PHONE_NUMBER_ID)


def template_language(language: str) -> str:
    return TEMPLATE_LANGUAGES.get(language, language.replace("-", "_"))


def whatsapp_templates() -> list[dict[str, Any]]:
    """The notice template in every member language, as the Cloud API creates templates
    (``POST /{waba-id}/message_templates``): what ``docs/whatsapp-templates/`` holds."""
    return [
        {
            "name": settings.VEILLEUSE_WHATSAPP_TEMPLATE,
            "language": template_language(code),
            "category": "UTILITY",
            "components": [{"type": "BODY", "text": notice_text(code)}],
        }
        for code, _name in settings.LANGUAGES
    ]


def text_message(to: str, body: str) -> dict[str, Any]:
    """A free-text message: only inside her 24-hour window."""
    text = {"body": body, "preview_url": False}
    return {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
        "type": "text",
        "text": text,
    }


def _message(member: Member, to: str, *, in_window: bool) -> dict[str, Any]:
    if in_window:
        return text_message(to, notice(member))
    base = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": to}
    template = {
        "name": settings.VEILLEUSE_WHATSAPP_TEMPLATE,
        "language": {"code": template_language(member.language)},
    }
    return {**base, "type": "template", "template": template}


def whatsapp_post(payload: dict[str, Any]) -> Answer:
    base = settings.VEILLEUSE_WHATSAPP_API_URL.rstrip("/")
    url = f"{base}/{settings.VEILLEUSE_WHATSAPP_PHONE_NUMBER_ID}/messages"
    headers = {"Authorization": f"Bearer {settings.VEILLEUSE_WHATSAPP_TOKEN}"}
    return post_json(url, payload, service="WhatsApp", headers=headers)


def error_code(answer: Answer) -> int | None:
    error = answer.body.get("error")
    code = error.get("code") if isinstance(error, dict) else None
    return code if isinstance(code, int) else None


def whatsapp_failure(answer: Answer) -> ChannelError | None:
    if 200 <= answer.status < 300:
        return None
    code = error_code(answer)
    retried = answer.status >= 500 or answer.status == 429 or code in RETRIED_CODES
    return ChannelError(
        f"WhatsApp answered {answer.status} (error {code})",
        temporary=retried,
        retry_after=answer.retry_after,
    )


def _in_window(link: ChannelLink) -> bool:
    return link.window_until is not None and link.window_until > timezone.now()


@register_channel(SERVICE)
class WhatsAppChannel(LinkedChannel):
    name = SERVICE
    label = "WhatsApp"
    pace = PACE

    def configured(self) -> bool:
        return whatsapp_configured()

    def deliver(self, delivery: Keyed, member: Member, link: ChannelLink) -> ChannelError | None:
        in_window = _in_window(link)
        answer = whatsapp_post(_message(member, link.address, in_window=in_window))
        if in_window and error_code(answer) == RE_ENGAGEMENT:
            link.window_until = None
            link.save(update_fields=["window_until"])
            answer = whatsapp_post(_message(member, link.address, in_window=False))
        return whatsapp_failure(answer)
