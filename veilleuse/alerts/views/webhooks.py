"""The messaging services' webhooks (``/alertes/webhooks/…``): no session, no CSRF token,
each request proved by the service's own secret before its body is read:

- Telegram: the ``X-Telegram-Bot-Api-Secret-Token`` header must equal
  ``VEILLEUSE_TELEGRAM_WEBHOOK_SECRET`` (given to ``setWebhook`` as ``secret_token``); the
  answer may carry one Bot API call (a reply), as the Bot API allows;
- WhatsApp: ``X-Hub-Signature-256`` must be ``sha256=`` + HMAC-SHA256 of the raw body under
  ``VEILLEUSE_WHATSAPP_APP_SECRET``; the ``GET`` subscription check answers ``hub.challenge``
  only for ``hub.verify_token`` = ``VEILLEUSE_WHATSAPP_VERIFY_TOKEN``.

A missing or wrong secret is 403, before any parsing; a body that is not JSON, 400. The
service is never told whether a sender is a member.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from veilleuse.alerts.services.inbound import (
    telegram_update_receive,
    whatsapp_notification_receive,
)

MAX_WEBHOOK_BYTES = 256 * 1024


def _same(given: str, expected: str) -> bool:
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


def _body(request: HttpRequest) -> Any:
    """The JSON body, or raises ValueError (too large, not UTF-8, not JSON)."""
    if len(request.body) > MAX_WEBHOOK_BYTES:
        raise ValueError
    return json.loads(request.body.decode("utf-8"))


@csrf_exempt
@never_cache
@require_POST
def telegram_webhook(request: HttpRequest) -> HttpResponse:
    given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
    if not _same(given, settings.VEILLEUSE_TELEGRAM_WEBHOOK_SECRET):
        return HttpResponse(status=403)
    try:
        update = _body(request)
    except (ValueError, UnicodeDecodeError):
        return HttpResponse(status=400)
    return JsonResponse(telegram_update_receive(update=update) or {})


def whatsapp_signature_valid(body: bytes, header: str) -> bool:
    secret = settings.VEILLEUSE_WHATSAPP_APP_SECRET
    if not secret:
        return False
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(header.encode(), expected.encode())


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def whatsapp_webhook(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        token = request.GET.get("hub.verify_token", "")
        subscribe = request.GET.get("hub.mode") == "subscribe"
        if not subscribe or not _same(token, settings.VEILLEUSE_WHATSAPP_VERIFY_TOKEN):
            return HttpResponse(status=403)
        return HttpResponse(request.GET.get("hub.challenge", ""), content_type="text/plain")
    if not whatsapp_signature_valid(request.body, request.headers.get("X-Hub-Signature-256", "")):
        return HttpResponse(status=403)
    try:
        payload = _body(request)
    except (ValueError, UnicodeDecodeError):
        return HttpResponse(status=400)
    whatsapp_notification_receive(payload=payload)
    return JsonResponse({})
