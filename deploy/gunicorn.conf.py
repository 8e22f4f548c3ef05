"""gunicorn's settings for the web processes (deploy/systemd/veilleuse-web.service).

Read from the environment file, so that one file configures a whole installation:
``VEILLEUSE_WEB_BIND`` (default 127.0.0.1:8000) and ``VEILLEUSE_WEB_WORKERS`` (default
2 × cores + 1, gunicorn's rule of thumb).
"""

import multiprocessing
import os

wsgi_app = "veilleuse.wsgi:application"
bind = [os.environ.get("VEILLEUSE_WEB_BIND", "127.0.0.1:8000")]
workers = int(os.environ.get("VEILLEUSE_WEB_WORKERS") or 2 * multiprocessing.cpu_count() + 1)
# Slow report uploads and site previews finish; a stuck request is killed after a minute.
timeout = 60
graceful_timeout = 20
# Each worker imports Django itself: a crash in one does not take the others down, and
# database connections are never shared across a fork.
preload_app = False
# No access log: it would hold client addresses (docs/deploy.md, "Logs"). Errors go to
# standard error, that is the journal.
accesslog = None
errorlog = "-"
# The proxy (Caddy) is on this machine; trust its X-Forwarded-* headers only from loopback.
forwarded_allow_ips = "127.0.0.1,::1"
proc_name = "veilleuse-web"
