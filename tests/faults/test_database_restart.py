"""PostgreSQL drops every connection (a restart, a failover) while the platform serves
requests: a request caught in the middle gets a plain error page, the next ones succeed on
the same keep-alive connection, and a draft sent again is saved once.

Real components: a server process (benchmarks/load_server.py) on a scratch database of the
PostgreSQL named by DATABASE_URL; ``pg_terminate_backend`` from the test."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from benchmarks.load import Browser, _free_port, _start_server
from tests.test_platform import ROOT

URL = os.environ.get("DATABASE_URL", "")
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.django_db,  # selected by --db-only: the PostgreSQL leg runs it
    pytest.mark.skipif(not URL.startswith("postgres"), reason="needs DATABASE_URL=postgres://"),
]

_SETUP = """
import json
from veilleuse.platform import django_setup
django_setup()
from veilleuse.accounts.models import User
from veilleuse.questionnaires.models import Candidate
from veilleuse.questionnaires.services.invitations import invitation_create, invitation_url
candidate = Candidate.objects.get(name="Liste démo A")
invitation = invitation_create(actor=User.objects.get(username="alice"), candidate=candidate)
print(json.dumps({"link": invitation_url(invitation=invitation), "candidate": candidate.pk}))
"""


def admin_connection() -> Any:
    import psycopg

    return psycopg.connect(URL, autocommit=True)


@pytest.fixture
def database() -> Iterator[str]:
    name = f"veilleuse_fault_{uuid.uuid4().hex[:8]}"
    with admin_connection() as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(URL)
    try:
        yield parts._replace(path=f"/{name}").geturl()
    finally:
        with admin_connection() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def environment(database: str, data_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database,
        "VEILLEUSE_DATA_DIR": str(data_dir),
        "VEILLEUSE_PROFILE": "development",
        "VEILLEUSE_DEBUG": "0",
        "VEILLEUSE_LOG_LEVEL": "CRITICAL",
    }


def terminate_every_connection(database: str, keep: Any = None) -> int:
    import psycopg

    with psycopg.connect(database, autocommit=True) as connection:
        mine = [connection.info.backend_pid]
        if keep is not None:
            mine.append(keep.info.backend_pid)
        rows = connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND NOT pid = ANY(%s)",
            (mine,),
        ).fetchall()
    return len(rows)


def draft(browser: Browser, path: str, text: str) -> tuple[int, str]:
    form = browser.form(path)
    fields = {k: (text if k.startswith("q") else v) for k, v in form["fields"].items()}
    return browser.request("POST", path, fields)


def demo_world(env: dict[str, str]) -> tuple[str, int]:
    """The demo loaded in the scratch database: (path of a personal link, its candidate)."""
    run = lambda *cmd: subprocess.run(  # noqa: E731
        [sys.executable, *cmd], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    run("-m", "veilleuse.cli", "demo")
    world = json.loads(run("-c", _SETUP).stdout.strip().splitlines()[-1])
    path = "/" + world["link"].split("://", 1)[1].split("/", 1)[1]
    return path, world["candidate"]


def dropped_between_requests(browser: Browser, database: str, path: str) -> None:
    """Every connection dropped between two requests: the next one does not notice."""
    assert terminate_every_connection(database) >= 1
    status, page = browser.request("GET", path)
    assert status == 200
    assert "Première version." in page


def caught_in_flight(browser: Browser, database: str, path: str, candidate: int) -> None:
    """A draft held on the candidate's row lock, then cut off: our error page."""
    import psycopg

    form = browser.form(path)
    caught: dict[str, Any] = {}
    with psycopg.connect(database) as holder:
        holder.execute(
            "SELECT id FROM questionnaires_candidate WHERE id = %s FOR UPDATE", (candidate,)
        )
        fields = {
            k: ("Deuxième version." if k.startswith("q") else v) for k, v in form["fields"].items()
        }
        sender = threading.Thread(
            target=lambda: caught.update(result=browser.request("POST", path, fields))
        )
        sender.start()
        sender.join(timeout=2)
        assert sender.is_alive(), "the draft should be waiting on the lock"
        terminate_every_connection(database, keep=holder)
        sender.join(timeout=30)
        holder.rollback()
    status, page = caught["result"]
    assert status == 500
    assert '<main id="main">' in page  # our 500 page (in French here), not a bare error
    assert "Traceback" not in page


def sent_again_saved_once(port: int, database: str, path: str, candidate: int) -> None:
    """The candidate sends again: saved, once per question."""
    import psycopg

    again = Browser(port)
    assert draft(again, path, "Deuxième version.")[0] == 302
    with psycopg.connect(database) as check:
        rows = check.execute(
            "SELECT a.question_id, count(*), min(a.text) FROM questionnaires_answer a "
            "JOIN questionnaires_response r ON r.id = a.response_id "
            "WHERE r.candidate_id = %s GROUP BY a.question_id",
            (candidate,),
        ).fetchall()
    assert rows
    assert all(count == 1 and text == "Deuxième version." for _, count, text in rows)


def test_a_database_restart_costs_at_most_the_request_in_flight(
    database: str, tmp_path: Path
) -> None:
    env = environment(database, tmp_path)
    path, candidate = demo_world(env)
    port = _free_port()
    server = _start_server(env, port)
    try:
        browser = Browser(port)
        assert draft(browser, path, "Première version.")[0] == 302
        dropped_between_requests(browser, database, path)
        caught_in_flight(browser, database, path, candidate)
        sent_again_saved_once(port, database, path, candidate)
    finally:
        server.terminate()
        server.wait(timeout=10)
