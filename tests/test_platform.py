"""``veilleuse demo`` and ``veilleuse serve`` as a newcomer runs them: in subprocesses, on a
fresh data folder, on loopback only, with bounded waits."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args: str, data_dir: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "VEILLEUSE_DATA_DIR": str(data_dir), "VEILLEUSE_PROFILE": "development"}
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "veilleuse.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def demo_folder(factory: pytest.TempPathFactory, *, timeout: float = 180) -> Path:
    """A fresh data folder with ``veilleuse demo`` loaded, for a module of command tests."""
    folder = factory.mktemp("data")
    demo = run_cli("demo", data_dir=folder, timeout=timeout)
    assert demo.returncode == 0, demo.stderr
    return folder


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_demo_creates_the_database_loads_the_campaign_and_prints_the_logins(
    tmp_path: Path,
) -> None:
    first = run_cli("demo", data_dir=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "paris-2026" in first.stdout
    assert "alice" in first.stdout
    assert "veilleuse-demo" in first.stdout
    assert (tmp_path / "veilleuse.sqlite3").exists()
    again = run_cli("demo", data_dir=tmp_path)
    assert again.returncode == 0, again.stderr


def test_demo_on_an_unreachable_database_says_so_in_one_line(tmp_path: Path) -> None:
    env_url = f"sqlite:///{tmp_path}/missing-folder/db.sqlite3"
    result = subprocess.run(
        [sys.executable, "-m", "veilleuse.cli", "demo"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={
            **os.environ,
            "DATABASE_URL": env_url,
            "VEILLEUSE_DATA_DIR": str(tmp_path),
            "VEILLEUSE_PROFILE": "development",
        },
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "database" in result.stderr.lower()


@pytest.mark.slow
def test_serve_answers_on_loopback_runs_the_worker_and_stops_cleanly(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "VEILLEUSE_DATA_DIR": str(tmp_path), "VEILLEUSE_PROFILE": "development"}
    env.pop("DATABASE_URL", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "veilleuse.cli", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    assert server.stdout is not None
    reader = threading.Thread(target=lambda: lines.extend(server.stdout), daemon=True)
    reader.start()
    try:
        body = ""
        for _ in range(60):  # at most ~30 s
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    body = r.read().decode()
                break
            except OSError:
                time.sleep(0.5)
        assert '"ok"' in body
        for _ in range(60):
            if any("Huey consumer started" in line for line in lines):
                break
            time.sleep(0.5)
        assert any("Huey consumer started" in line for line in lines), "".join(lines)
    finally:
        server.terminate()
        server.wait(timeout=30)
        reader.join(timeout=5)
    assert server.returncode == 0
    assert "Traceback" not in "".join(lines)


def test_serve_on_a_busy_port_says_so_in_one_sentence_and_starts_nothing(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_cli("serve", "--port", str(port), data_dir=tmp_path, timeout=60)
    assert result.returncode != 0
    assert result.stderr.strip() == (
        f"veilleuse: Port {port} on 127.0.0.1 is already in use (Address already in use): "
        "stop the program using it, or choose another port with --port."
    )
    assert "open http" not in result.stdout  # nothing announced, nothing started:
    assert not (tmp_path / "veilleuse.sqlite3").exists()  # not even the database migrated


def test_invitation_links_follow_the_served_port_unless_the_site_address_is_set(
    tmp_path: Path,
) -> None:
    # What ``veilleuse serve --port`` does before Django starts, then an invitation's link.
    script = (
        "from veilleuse.platform import django_setup, site_url_follow\n"
        "site_url_follow(host='0.0.0.0', port=8123)\n"
        "django_setup()\n"
        "from veilleuse.questionnaires.services.invitations import invitation_url\n"
        "from veilleuse.questionnaires.models import Invitation\n"
        "print(invitation_url(invitation=Invitation(pk=7, nonce='n')))\n"
    )
    env = {**os.environ, "VEILLEUSE_DATA_DIR": str(tmp_path), "VEILLEUSE_PROFILE": "development"}
    env.pop("VEILLEUSE_SITE_URL", None)
    followed = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert followed.returncode == 0, followed.stderr
    assert followed.stdout.startswith("http://127.0.0.1:8123/")
    env["VEILLEUSE_SITE_URL"] = "https://veilleuse.example.org"
    kept = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert kept.returncode == 0, kept.stderr
    assert kept.stdout.startswith("https://veilleuse.example.org/")
