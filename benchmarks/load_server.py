"""The load benchmark's server: Django's own threaded WSGI server (what ``runserver`` uses,
HTTP/1.1 keep-alive), without the autoreloader, request logging or static files, and with a
listen backlog for 50 clients. Run as ``python -m benchmarks.load_server PORT``."""

from __future__ import annotations

import os
import socketserver
import sys
from typing import Any


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veilleuse.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.servers import basehttp
    from django.core.wsgi import get_wsgi_application

    settings.ROOT_URLCONF = "benchmarks.hello_urls"

    class Server(socketserver.ThreadingMixIn, basehttp.WSGIServer):
        daemon_threads = True
        request_queue_size = 256

    class Handler(basehttp.WSGIRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = Server(("127.0.0.1", int(sys.argv[1])), Handler)
    server.set_app(get_wsgi_application())
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
