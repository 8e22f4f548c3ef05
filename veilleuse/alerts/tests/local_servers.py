"""Real HTTP servers on 127.0.0.1 for the channel tests: an SMS gateway and a push service.

Each records what it received and answers with the statuses it was scripted with (then 201),
so a test can make the far end fail, then recover. Started and stopped by a context manager,
in a thread of the test process.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict[str, str]  # names in lower case
    body: bytes
    status: int


@dataclass
class LocalServer:
    url: str
    statuses: list[int] = field(default_factory=list)
    location: str = ""  # sent with a 3xx status, to script a redirect
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next_status(self) -> int:
        with self.lock:
            return self.statuses.pop(0) if self.statuses else 201

    def keys(self) -> list[str]:
        return [r.headers.get("idempotency-key", "") for r in self.received]


@contextmanager
def local_server(statuses: list[int] | None = None) -> Iterator[LocalServer]:
    """A server at ``server.url`` (``http://127.0.0.1:<port>``) that answers any POST."""
    server_state = LocalServer(url="", statuses=list(statuses or []))

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            status = server_state.next_status()
            with server_state.lock:
                headers = {name.lower(): value for name, value in self.headers.items()}
                server_state.received.append(Received(self.path, headers, body, status))
            self.send_response(status)
            if 300 <= status < 400 and server_state.location:
                self.send_header("Location", server_state.location)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, format: str, *args: object) -> None:
            pass  # keep the test output quiet

    with running(Handler) as url:
        server_state.url = url
        yield server_state


@contextmanager
def running(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve ``handler`` on 127.0.0.1 (a free port) in a thread; yields the base URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
