"""The production queue end to end: a real ``manage.py run_huey`` worker on the Redis server
of this machine builds a campaign's site that a service enqueued (decision 0007).

Absent Redis, skipped on a laptop and an error under CI, as the Makefile treats PostgreSQL.
Uses Redis database 15, emptied first: keep it free for this test.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
BROKER = f"redis://{REDIS_HOST}:{REDIS_PORT}/15"
CI = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")

pytestmark = pytest.mark.slow

ENQUEUE = """
from veilleuse.demo import cast_create
from veilleuse.publishing.services import publication_request
cast = cast_create()
publication_request(actor=cast.admin, campaign=cast.campaign)
"""


@pytest.fixture
def redis_server() -> str:
    try:
        socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=2).close()
    except OSError:
        if CI:
            pytest.fail(
                f"Redis does not answer at {REDIS_HOST}:{REDIS_PORT}, and CI must test on it."
            )
        pytest.skip(f"Redis does not answer at {REDIS_HOST}:{REDIS_PORT} (CI runs this test).")
    import redis

    redis.Redis.from_url(BROKER).flushdb()
    return BROKER


def environment(data_dir: Path, broker: str) -> dict[str, str]:
    inherited = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("VEILLEUSE_")
        and key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    return {
        **inherited,
        "VEILLEUSE_PROFILE": "development",
        "VEILLEUSE_DATA_DIR": str(data_dir),
        "VEILLEUSE_TASK_BROKER": broker,
        "VEILLEUSE_TASK_WORKERS": "1",
    }


def manage(*args: str, env: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr


def wait_for(path: Path, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.exists():
            return True
        time.sleep(0.2)
    return False


def test_a_run_huey_worker_on_redis_builds_the_site_a_service_asked_for(
    tmp_path: Path, redis_server: str
) -> None:
    import redis

    env = environment(tmp_path, redis_server)
    manage("migrate", "-v0", env=env)
    manage("shell", "-v0", "-c", ENQUEUE, env=env)
    queue = redis.Redis.from_url(redis_server)
    assert queue.llen("huey.redis.veilleuse") == 1  # waiting on the server, not run in-process
    site = tmp_path / "sites" / "paris-2026" / "index.html"
    assert not site.exists()

    worker = subprocess.Popen(
        [sys.executable, "manage.py", "run_huey"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        built = wait_for(site, 60)
    finally:
        worker.terminate()
        log, _ = worker.communicate(timeout=30)

    assert built, log
    assert "Executing veilleuse.publishing.tasks.publication_build" in log
    assert "Published paris-2026" in log
    assert queue.llen("huey.redis.veilleuse") == 0
