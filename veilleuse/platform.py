"""Running the web platform from the ``veilleuse`` command: set up Django, migrate, load the
demo, serve the site and its background worker in one process tree."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def django_setup() -> None:
    """Configure Django from the environment (``veilleuse.settings``), once."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veilleuse.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as error:
        raise PlatformError(f"Configuration error: {error}") from None


class PlatformError(Exception):
    """A problem the operator can fix (configuration, database unreachable)."""


def database_migrate(*, verbosity: int = 0) -> None:
    """Create or upgrade the database named by DATABASE_URL (default: SQLite in the data
    folder)."""
    from django.core.management import call_command
    from django.db.utils import OperationalError

    try:
        call_command("migrate", interactive=False, verbosity=verbosity)
    except OperationalError as error:
        raise PlatformError(f"The database cannot be reached or written: {error}.") from None


def database_require() -> None:
    """Refuse, in one sentence, to work on a database that is missing or not migrated."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.db.utils import DatabaseError

    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as error:
        raise PlatformError(f"The database cannot be read: {error}.") from None
    if pending:
        name = connection.settings_dict.get("NAME", "")
        raise PlatformError(
            f"The database {name} is not set up for this version of Veilleuse: run "
            "`veilleuse demo` (or `python manage.py migrate`) first."
        )


def demo_run() -> dict[str, Any]:
    """Migrate, then load the demo (idempotent). Returns what to print."""
    django_setup()
    database_migrate()
    from django.conf import settings

    from veilleuse.alerts.cast import MEMBER_PASSPHRASE
    from veilleuse.demo import CAST_PASSWORD, demo_load

    world = demo_load()
    return {
        "database": str(settings.DATABASES["default"].get("NAME", "")),
        "campaign": world.campaign.slug,
        "logins": [
            ("alice", CAST_PASSWORD, "admin"),
            ("bruno", CAST_PASSWORD, "reviewer"),
            ("chloe", CAST_PASSWORD, "viewer"),
            ("mona", CAST_PASSWORD, "alert network moderator"),
            ("marc", CAST_PASSWORD, "alert network moderator"),
            ("lea", CAST_PASSWORD, "alert network legal worker"),
            ("paul", CAST_PASSWORD, "partner association"),
            ("Rosa", MEMBER_PASSPHRASE, "network member, Spanish, at /alertes/"),
            ("Lin", MEMBER_PASSPHRASE, "network member, Chinese, at /alertes/"),
            ("Ana", MEMBER_PASSPHRASE, "network member, Portuguese, at /alertes/"),
        ],
    }


# The default queue's consumer and the alert queue's own (docs/decisions/0009).
WORKER_COMMANDS = (("run_huey", "--quiet"), ("run_alert_worker",))


@contextmanager
def background_worker() -> Iterator[list[subprocess.Popen[bytes]]]:
    """The task workers (huey's consumers) as child processes, stopped when we leave."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "veilleuse.settings"}
    workers = [
        # Our own interpreter and management commands, fixed arguments.
        subprocess.Popen([sys.executable, "-m", "django", *command], env=env)  # noqa: S603
        for command in WORKER_COMMANDS
    ]
    try:
        yield workers
    finally:
        for worker in workers:
            _stop(worker)


def _stop(worker: subprocess.Popen[bytes]) -> None:
    if worker.poll() is None:
        # SIGTERM: huey stops at once (tasks are acknowledged only when done, so an
        # interrupted one runs again); it is also quiet if the worker is still importing.
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()


# Addresses that mean "every interface": a link must name one a browser can open.
ANY_ADDRESS = frozenset({"", "0.0.0.0", "::"})  # noqa: S104 (compared with, not bound)


def port_require(*, host: str, port: int) -> None:
    """Refuse, in one sentence, a port another program already listens on, before anything
    starts (no worker left behind by a server that could not bind)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # As Django's server binds: a port only in TIME_WAIT is free, a listened one is not.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise PlatformError(
                f"Port {port} on {host} is already in use ({error.strerror}): stop the "
                f"program using it, or choose another port with --port."
            ) from None


def site_url_follow(*, host: str, port: int) -> str:
    """The address the platform is served at; in development, links in e-mails
    (invitations) follow it unless ``VEILLEUSE_SITE_URL`` is set (issue 14, item 3)."""
    shown = "127.0.0.1" if host in ANY_ADDRESS else host
    url = f"http://[{shown}]:{port}" if ":" in shown else f"http://{shown}:{port}"
    profile = os.environ.get("VEILLEUSE_PROFILE") or "development"
    if profile == "development" and not os.environ.get("VEILLEUSE_SITE_URL"):
        os.environ["VEILLEUSE_SITE_URL"] = url
    return url


def serve(*, host: str, port: int) -> None:
    """Serve the platform with Django's threaded server and run the worker beside it.

    Fine for a laptop or a demo; production runs a WSGI server and separate workers
    (docs/deploy.md)."""
    django_setup()
    database_migrate()
    from django.core.management import call_command

    # A service manager stops us with SIGTERM: leave through ``finally`` so that the worker
    # child is stopped too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with background_worker():
        call_command("runserver", f"{host}:{port}", use_reloader=False, use_threading=True)
