"""Local stand-ins, on 127.0.0.1, for the three messaging services, each speaking its public
HTTP interface as documented:

- ``FakeTelegram``: the Bot API (``POST /bot<token>/<method>``: ``sendMessage``,
  ``setWebhook``), answering ``{"ok": true, "result"}`` or ``{"ok": false, "error_code",
  "description", "parameters": {"retry_after"}}``; and Telegram's side of the webhook (an
  ``Update`` POSTed with ``X-Telegram-Bot-Api-Secret-Token``);
- ``FakeSignal``: signal-cli-rest-api in normal mode (``POST /v2/send`` → 201
  ``{"timestamp"}`` or 400 ``{"error"}``; ``GET /v1/receive/<number>`` → the waiting
  envelopes, each handed out once);
- ``FakeWhatsApp``: the Cloud API (``POST /<phone-number-id>/messages`` with a bearer token,
  the 24-hour window, ``{"error": {"code"}}`` errors) and Meta's side of the webhook (a
  notification signed ``X-Hub-Signature-256``).

Each records what it was asked (``sent``) and takes scripted failures (``failures``: HTTP
statuses, answered in the service's own error format before anything else).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

from veilleuse.alerts.tests.local_servers import running

TOKEN = "123456:TEST-bot-token"
WA_TOKEN = "wa-test-token"
WA_PHONE_ID = "1055512345"
SIGNAL_NUMBER = "+33700000001"


@dataclass
class Reply:
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class FakeService:
    url: str = ""
    failures: list[int] = field(default_factory=list)
    sent: list[dict[str, Any]] = field(default_factory=list)
    requests: int = 0
    down: int = 0  # this many sends get their connection closed, no answer (a dead service)
    delay: float = 0.0  # seconds each request takes, so that a worker can be killed mid-send
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take_down(self) -> bool:
        with self.lock:
            if self.down > 0:
                self.down -= 1
                return True
            return False

    def scripted(self) -> int | None:
        with self.lock:
            self.requests += 1
            return self.failures.pop(0) if self.failures else None

    def handle(self, method: str, path: str, headers: dict[str, str], body: Any) -> Reply:
        raise NotImplementedError


def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
    """What the service does when it calls our webhook: returns (status, body)."""
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


class FakeTelegram(FakeService):
    def __init__(self) -> None:
        super().__init__()
        self.chats: set[int] = set()  # chats that pressed Start
        self.blocked: set[int] = set()
        self.webhook: dict[str, Any] = {}
        self.next_update = 1

    def handle(self, method: str, path: str, headers: dict[str, str], body: Any) -> Reply:
        prefix = f"/bot{TOKEN}/"
        if not path.startswith(prefix):
            return Reply(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
        failure = self.scripted()
        if failure == 429:
            return Reply(429, self._error(429, "Too Many Requests: retry after 7", retry_after=7))
        if failure is not None:
            return Reply(failure, self._error(failure, "Internal Server Error"))
        name = path[len(prefix) :]
        if name == "setWebhook":
            self.webhook = dict(body)
            return Reply(200, {"ok": True, "result": True, "description": "Webhook was set"})
        if name == "sendMessage":
            return self._send_message(body)
        return Reply(404, self._error(404, "Not Found"))

    def _send_message(self, body: dict[str, Any]) -> Reply:
        chat = int(body.get("chat_id", 0))
        if chat in self.blocked:
            return Reply(403, self._error(403, "Forbidden: bot was blocked by the user"))
        if chat not in self.chats:
            return Reply(400, self._error(400, "Bad Request: chat not found"))
        with self.lock:
            self.sent.append(body)
            message_id = len(self.sent)
        chat_info = {"id": chat, "type": "private"}
        result = {"message_id": message_id, "chat": chat_info, "date": int(time.time())}
        return Reply(200, {"ok": True, "result": {**result, "text": body.get("text", "")}})

    @staticmethod
    def _error(code: int, description: str, retry_after: int | None = None) -> dict[str, Any]:
        error: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
        if retry_after is not None:
            error["parameters"] = {"retry_after": retry_after}
        return error

    def update(self, webhook_url: str, secret: str, **content: Any) -> tuple[int, Any]:
        """Telegram calls our webhook with one ``Update`` (``message=...`` or
        ``my_chat_member=...``); returns our status and answer."""
        with self.lock:
            update = {"update_id": self.next_update, **content}
            self.next_update += 1
        headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret}
        status, raw = post(webhook_url, json.dumps(update).encode(), headers)
        return status, json.loads(raw) if raw else None

    def user_sends(self, webhook_url: str, secret: str, chat: int, text: str) -> tuple[int, Any]:
        self.chats.add(chat)
        message = {
            "message_id": 1,
            "from": {"id": chat, "is_bot": False, "first_name": "R"},
            "chat": {"id": chat, "type": "private", "first_name": "R"},
            "date": int(time.time()),
            "text": text,
        }
        return self.update(webhook_url, secret, message=message)

    def user_blocks(self, webhook_url: str, secret: str, chat: int) -> tuple[int, Any]:
        self.blocked.add(chat)
        member = {
            "chat": {"id": chat, "type": "private"},
            "from": {"id": chat, "is_bot": False, "first_name": "R"},
            "date": int(time.time()),
            "old_chat_member": {"status": "member", "user": {"id": 1, "is_bot": True}},
            "new_chat_member": {"status": "kicked", "user": {"id": 1, "is_bot": True}},
        }
        return self.update(webhook_url, secret, my_chat_member=member)


class FakeSignal(FakeService):
    def __init__(self) -> None:
        super().__init__()
        self.registered: set[str] = set()  # accounts (numbers or ids) on Signal
        self.inbox: list[dict[str, Any]] = []

    def handle(self, method: str, path: str, headers: dict[str, str], body: Any) -> Reply:
        if method == "GET" and path == "/v1/receive/" + SIGNAL_NUMBER.replace("+", "%2B"):
            with self.lock:
                waiting, self.inbox = self.inbox, []
            return Reply(200, waiting)
        if method != "POST" or path != "/v2/send":
            return Reply(404, {"error": "not found"})
        failure = self.scripted()
        if failure == 429:
            return Reply(
                429, {"error": "Failed to send message due to rate limiting"}, {"Retry-After": "9"}
            )
        if failure is not None:
            return Reply(failure, {"error": "signal-cli not reachable"})
        if body.get("number") != SIGNAL_NUMBER or not body.get("message"):
            return Reply(400, {"error": "Couldn't process request - invalid request"})
        unknown = [r for r in body.get("recipients", []) if r not in self.registered]
        if unknown:
            return Reply(400, {"error": f"Failed to send message: {unknown[0]}: Unregistered user"})
        with self.lock:
            self.sent.append(body)
        return Reply(201, {"timestamp": str(int(time.time() * 1000))})

    def user_sends(self, uuid: str, number: str, text: str) -> None:
        """A message from her phone, waiting at the gateway until it is read."""
        self.registered.add(uuid)
        now = int(time.time() * 1000)
        envelope = {
            "source": number,
            "sourceNumber": number,
            "sourceUuid": uuid,
            "sourceName": "R",
            "sourceDevice": 1,
            "timestamp": now,
            "dataMessage": {"timestamp": now, "message": text, "expiresInSeconds": 0},
        }
        with self.lock:
            self.inbox.append({"envelope": envelope, "account": SIGNAL_NUMBER})


class FakeWhatsApp(FakeService):
    def __init__(self, app_secret: str = "wa-app-secret") -> None:  # noqa: S107
        super().__init__()
        self.app_secret = app_secret
        self.last_message_at: dict[str, float] = {}  # wa_id → her last message
        self.now = time.time  # a test may move the clock past the 24-hour window

    def handle(self, method: str, path: str, headers: dict[str, str], body: Any) -> Reply:
        if headers.get("authorization") != f"Bearer {WA_TOKEN}":
            return Reply(401, self._error(190, "Invalid OAuth access token."))
        if method != "POST" or path != f"/{WA_PHONE_ID}/messages":
            return Reply(404, self._error(100, "Unsupported post request."))
        failure = self.scripted()
        if failure is not None:
            code = 130429 if failure in (400, 429) else 131000
            return Reply(
                failure,
                self._error(code, "Rate limit hit" if code == 130429 else "Something went wrong"),
            )
        to = str(body.get("to", ""))
        if to not in self.last_message_at:
            return Reply(400, self._error(131026, "Message undeliverable"))
        in_window = self.now() - self.last_message_at[to] < 24 * 3600
        if body.get("type") == "text" and not in_window:
            return Reply(400, self._error(131047, "Re-engagement message"))
        with self.lock:
            self.sent.append(body)
            number = len(self.sent)
        contacts = [{"input": to, "wa_id": to}]
        return Reply(
            200,
            {
                "messaging_product": "whatsapp",
                "contacts": contacts,
                "messages": [{"id": f"wamid.{number}"}],
            },
        )

    @staticmethod
    def _error(code: int, message: str) -> dict[str, Any]:
        return {
            "error": {
                "message": message,
                "type": "OAuthException",
                "code": code,
                "fbtrace_id": "A1",
            }
        }

    def notification(self, wa_id: str, text: str) -> bytes:
        message = {
            "from": wa_id,
            "id": "wamid.in",
            "timestamp": str(int(self.now())),
            "type": "text",
            "text": {"body": text},
        }
        value = {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "33700000002", "phone_number_id": WA_PHONE_ID},
            "contacts": [{"profile": {"name": "R"}, "wa_id": wa_id}],
            "messages": [message],
        }
        change = {"value": value, "field": "messages"}
        payload = {
            "object": "whatsapp_business_account",
            "entry": [{"id": "WABA", "changes": [change]}],
        }
        return json.dumps(payload).encode()

    def signature(self, body: bytes) -> str:
        return "sha256=" + hmac.new(self.app_secret.encode(), body, hashlib.sha256).hexdigest()

    def user_sends(self, webhook_url: str, wa_id: str, text: str) -> tuple[int, bytes]:
        self.last_message_at[wa_id] = self.now()
        body = self.notification(wa_id, text)
        headers = {"Content-Type": "application/json", "X-Hub-Signature-256": self.signature(body)}
        return post(webhook_url, body, headers)


def _handler_for(service: FakeService) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            try:
                body = json.loads(raw) if raw else {}
            except ValueError:
                body = {}
            # Sends only: the alert worker's minute poll of Signal's inbox may fall in between.
            if self.command == "POST" and service.take_down():
                self.close_connection = True
                return
            if service.delay:
                time.sleep(service.delay)
            headers = {name.lower(): value for name, value in self.headers.items()}
            reply = service.handle(self.command, self.path, headers, body)
            data = json.dumps(reply.body).encode()
            self.send_response(reply.status)
            for name, value in {"Content-Type": "application/json", **reply.headers}.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = _answer

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@contextmanager
def serving(service: FakeService) -> Iterator[FakeService]:
    """Run ``service`` on 127.0.0.1 in a thread of the test process."""
    with running(_handler_for(service)) as url:
        service.url = url
        yield service
