"""SMS: one contentless text message, through the backend ``VEILLEUSE_SMS_BACKEND`` names.

- ``http``: a generic gateway; one JSON POST ``{"to", "from", "text"}`` to
  ``VEILLEUSE_SMS_URL`` with ``Authorization: Bearer <VEILLEUSE_SMS_TOKEN>`` and an
  ``Idempotency-Key`` header. 5xx, 429 and network errors are retried; other 4xx are not.
- ``file``: one file per message in ``VEILLEUSE_SMS_DIR``, named by the idempotency key, so a
  repeat overwrites its first copy (development, tests).
- ``console``: printed on standard output (development).
- empty: SMS is off, and no member is offered it.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings

from veilleuse.alerts.channels import ChannelError, Keyed, feed_url, notice_text, register_channel

if TYPE_CHECKING:
    from veilleuse.alerts.models import Member

HTTP_TIMEOUT_SECONDS = 10
UNSAFE_FILE_CHARACTERS = re.compile(r"[^A-Za-z0-9_.-]")


def send_http(*, to: str, text: str, key: str) -> None:
    url = settings.VEILLEUSE_SMS_URL
    if not url.startswith(("https://", "http://")):
        raise ChannelError("VEILLEUSE_SMS_URL is not an http(s) address", temporary=False)
    body = json.dumps({"to": to, "from": settings.VEILLEUSE_SMS_SENDER, "text": text})
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        url,
        data=body.encode("utf-8"),
        method="POST",
        headers={
            "Content-Type": "application/json",
            "Authorization": f"Bearer {settings.VEILLEUSE_SMS_TOKEN}",
            "Idempotency-Key": key,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT_SECONDS) as response:  # noqa: S310
            response.read(4096)
    except urllib.error.HTTPError as error:
        retry = error.code >= 500 or error.code in (408, 429)
        raise ChannelError(f"SMS gateway answered {error.code}", temporary=retry) from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise ChannelError(
            f"SMS gateway unreachable ({type(error).__name__})", temporary=True
        ) from None


def send_file(*, to: str, text: str, key: str) -> None:
    folder = Path(settings.VEILLEUSE_SMS_DIR)
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        target = folder / f"{UNSAFE_FILE_CHARACTERS.sub('_', key)}.json"
        # Written aside then renamed: a reader (or a crash) never sees half a message.
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".sending-")
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            json.dump({"to": to, "from": settings.VEILLEUSE_SMS_SENDER, "text": text}, out)
        os.replace(temporary, target)
    except OSError as error:
        raise ChannelError(
            f"SMS folder not writable ({type(error).__name__})", temporary=True
        ) from None


def send_console(*, to: str, text: str, key: str) -> None:
    # The number is not printed: a terminal's scrollback or a log would keep it after erasure.
    print(f"SMS {key} to a number ending in {to[-2:]}: {text}", flush=True)


BACKENDS: dict[str, Callable[..., None]] = {
    "http": send_http,
    "file": send_file,
    "console": send_console,
}


@register_channel("sms")
class SmsChannel:
    name = "sms"

    def wants(self, member: Member) -> bool:
        return bool(settings.VEILLEUSE_SMS_BACKEND and member.notify_sms and member.contact_phone)

    def send(self, delivery: Keyed, member: Member) -> None:
        backend = BACKENDS.get(settings.VEILLEUSE_SMS_BACKEND)
        if backend is None:
            raise ChannelError("SMS is turned off on this server", temporary=False)
        text = f"{notice_text(member.language)}: {feed_url()}"
        backend(to=member.contact_phone, text=text, key=delivery.idempotency_key)
