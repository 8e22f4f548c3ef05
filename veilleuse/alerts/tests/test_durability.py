"""Delivery survives what production does to it: a worker killed with SIGKILL in the middle
of a fan-out, a gateway that fails then recovers, the database cutting the worker off.

Real processes: a SQLite (or PostgreSQL) database migrated by ``manage.py migrate`` in a
temporary data folder, the alert queue's consumer (``manage.py run_alert_worker``) as a
subprocess, the ``file`` SMS backend (one file per idempotency key) or an HTTP gateway on
127.0.0.1. Each scenario is bounded in time and kills its subprocesses whatever happens.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from veilleuse.alerts.tests.local_servers import local_server

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[3]
MEMBERS = 300
DEADLINE_SECONDS = 60

POPULATE = """
import json, sys
import django
django.setup()
from veilleuse.accounts.models import Association
from veilleuse.alerts.models import Zone
from veilleuse.alerts.tests.delivery_world import members_bulk, published_alert
association = Association.objects.create(name="Durabilité", slug="durabilite")
zone = Zone.objects.create(association=association, name="Belleville", slug="belleville")
members = members_bulk(association, zone, int(sys.argv[1]))
alert, _ = published_alert(association, [zone], ["fr"])
print(json.dumps({"alert": alert.pk, "members": [m.pk for m in members]}))
"""


def child_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("VEILLEUSE_", "DATABASE_URL", "PYTEST", "DJANGO_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="veilleuse.settings",
        VEILLEUSE_DATA_DIR=str(data_dir),
        VEILLEUSE_PROFILE="development",
        VEILLEUSE_TASKS_IMMEDIATE="0",
        VEILLEUSE_TASK_WORKERS="2",
        VEILLEUSE_LOG_LEVEL="WARNING",
        VEILLEUSE_SMS_BACKEND="file",
        VEILLEUSE_SMS_DIR=str(data_dir / "sms"),
        VEILLEUSE_DELIVERY_LEASE_SECONDS="3",
        VEILLEUSE_DELIVERY_RETRY_SECONDS="1",
    )
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def populate(env: dict[str, str], members: int) -> dict[str, Any]:
    return json.loads(manage(env, "-c", POPULATE, str(members)).strip().splitlines()[-1])


@contextmanager
def workers(env: dict[str, str], log: Path) -> Iterator[Callable[[], subprocess.Popen[bytes]]]:
    """``start()`` launches a consumer; every one launched is killed on the way out."""
    started: list[subprocess.Popen[bytes]] = []

    def start() -> subprocess.Popen[bytes]:
        with log.open("ab") as out:
            process = subprocess.Popen(
                [sys.executable, "manage.py", "run_alert_worker"],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        started.append(process)
        return process

    try:
        yield start
    finally:
        for process in started:
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)


def wait_for(condition: Callable[[], bool], *, seconds: float, every: float, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
            pytest.fail(f"Still not done after {seconds} s. Worker log:\n{tail}")
        time.sleep(every)


def sent_files(folder: Path) -> list[str]:
    try:
        return [name for name in os.listdir(folder) if not name.startswith(".")]
    except FileNotFoundError:
        return []


def expected_files(world: dict[str, Any]) -> set[str]:
    return {f"veilleuse-alert-{world['alert']}-member-{m}-sms.json" for m in world["members"]}


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with a migrated SQLite database (and its keys), copied by each test."""
    data = tmp_path_factory.mktemp("migrated")
    manage(child_env(data), "manage.py", "migrate", "--noinput")
    return data


def fresh_copy(migrated: Path, tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(migrated, data)
    return data


def sqlite_states(data: Path) -> Counter[str]:
    with sqlite3.connect(data / "veilleuse.sqlite3", timeout=20) as db:
        return Counter(
            dict(db.execute("SELECT state, COUNT(*) FROM alerts_delivery GROUP BY state"))
        )


def test_a_worker_killed_mid_delivery_is_restarted_and_everyone_is_notified_once(
    migrated, tmp_path
):
    data = fresh_copy(migrated, tmp_path)
    env, sink, log = child_env(data), data / "sms", tmp_path / "worker.log"
    world = populate(env, MEMBERS)
    with workers(env, log) as start:
        first = start()
        # Killed once a few dozen messages are out: some rows sent, others leased or pending.
        wait_for(
            lambda: len(sent_files(sink)) >= 30, seconds=DEADLINE_SECONDS, every=0.002, log=log
        )
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        at_kill = sqlite_states(data)
        print("states when killed:", dict(at_kill))
        assert at_kill["sent"] < MEMBERS, "the worker finished before it could be killed"
        start()
        wait_for(
            lambda: sqlite_states(data)["sent"] == MEMBERS,
            seconds=DEADLINE_SECONDS,
            every=0.5,
            log=log,
        )
    assert set(sent_files(sink)) == expected_files(world)
    assert sqlite_states(data) == Counter({"sent": MEMBERS})


def test_a_gateway_failing_then_recovering_gets_every_message_with_its_key(migrated, tmp_path):
    data = fresh_copy(migrated, tmp_path)
    failures, members = 40, 100
    log = tmp_path / "worker.log"
    with local_server(statuses=[500] * failures) as gateway:
        env = child_env(data, VEILLEUSE_SMS_BACKEND="http", VEILLEUSE_SMS_URL=gateway.url)
        world = populate(env, members)
        with workers(env, log) as start:
            start()
            wait_for(
                lambda: sqlite_states(data)["sent"] == members,
                seconds=DEADLINE_SECONDS,
                every=0.5,
                log=log,
            )
    per_key = Counter(gateway.keys())
    expected = {name.removesuffix(".json") for name in expected_files(world)}
    assert set(per_key) == expected
    assert len(gateway.received) == members + failures
    accepted = Counter(r.headers["idempotency-key"] for r in gateway.received if r.status < 300)
    assert set(accepted.values()) == {1}, "one accepted request per member"
    with sqlite3.connect(data / "veilleuse.sqlite3") as db:
        (attempts,) = db.execute("SELECT SUM(attempts) FROM alerts_delivery").fetchone()
    assert attempts == failures


def postgres_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("needs DATABASE_URL pointing to PostgreSQL (the PostgreSQL leg)")
    return url


@contextmanager
def scratch_postgres(url: str) -> Iterator[str]:
    import psycopg

    name = f"veilleuse_durability_{uuid.uuid4().hex[:10]}"
    base, _, _ = url.rpartition("/")
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def cut_off(url: str, database: str) -> int:
    """Terminate every connection to ``database`` but ours; how many were cut."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as admin:
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [database],
        ).fetchall()
    return len(rows)


def postgres_states(url: str) -> Counter[str]:
    import psycopg

    with psycopg.connect(url) as db:
        rows = db.execute("SELECT state, COUNT(*) FROM alerts_delivery GROUP BY state").fetchall()
    return Counter(dict(rows))


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_database_cutting_the_worker_off_mid_delivery_loses_no_one(tmp_path):
    url = postgres_url()
    with scratch_postgres(url) as database_url:
        data = tmp_path / "data"
        env = child_env(data, DATABASE_URL=database_url)
        sink, log = data / "sms", tmp_path / "worker.log"
        manage(env, "manage.py", "migrate", "--noinput")
        world = populate(env, MEMBERS)
        database = database_url.rpartition("/")[2]
        with workers(env, log) as start:
            start()
            wait_for(
                lambda: len(sent_files(sink)) > 0, seconds=DEADLINE_SECONDS, every=0.002, log=log
            )
            cuts = cut_off(url, database)
            at_cut = postgres_states(database_url)
            for _ in range(2):  # and again as the worker comes back
                time.sleep(0.2)
                cuts += cut_off(url, database)
            print("connections cut:", cuts, "states at the first cut:", dict(at_cut))
            assert cuts > 0
            assert at_cut["sent"] < MEMBERS, "the worker finished before it was cut off"
            wait_for(
                lambda: postgres_states(database_url)["sent"] == MEMBERS,
                seconds=DEADLINE_SECONDS,
                every=0.5,
                log=log,
            )
        assert set(sent_files(sink)) == expected_files(world)
        assert postgres_states(database_url) == Counter({"sent": MEMBERS})
