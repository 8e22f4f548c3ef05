"""``deploy/``: the systemd units pass ``systemd-analyze verify``, Caddy accepts the
Caddyfile with the example environment, and ``veilleuse production`` reads the very commands
the units run (tests/production starts the whole stack from them)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from veilleuse.production import (
    CADDYFILE,
    DEPLOY,
    UNITS,
    ProductionError,
    env_file_read,
    unit_localise,
    units_read,
)

CI = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
EXAMPLE = DEPLOY / "veilleuse.env.example"


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        message = f"{name} is not installed (make test installs it as root through apt)"
        if CI:
            pytest.fail(message + "; CI must run this test.")
        pytest.skip(message + ".")
    return found


def test_systemd_analyze_verify_accepts_every_unit(tmp_path: Path) -> None:
    # The units name /srv/veilleuse (docs/deploy.md); verify checks that each command exists,
    # so they are checked as installed in this checkout.
    paths = []
    for unit in sorted(UNITS.iterdir()):
        local = tmp_path / unit.name
        local.write_text(unit_localise(unit.read_text(encoding="utf-8")), encoding="utf-8")
        paths.append(str(local))

    result = subprocess.run(
        [tool("systemd-analyze"), "verify", *paths],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stderr == "", "systemd warns about the units"
    assert len(paths) >= 3


def test_systemd_analyze_verify_would_catch_a_broken_unit(tmp_path: Path) -> None:
    broken = tmp_path / "veilleuse-worker.service"
    text = unit_localise((UNITS / "veilleuse-worker.service").read_text(encoding="utf-8"))
    broken.write_text(text.replace("manage.py run_huey", "manage.py run_huey\nRestartt=no"))

    result = subprocess.run(
        [tool("systemd-analyze"), "verify", str(broken)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert "Unknown key 'Restartt'" in result.stderr


def test_the_runner_reads_the_commands_the_units_run() -> None:
    units = {unit.name: unit for unit in units_read()}
    python = str(Path(sys.executable).parent / "python")

    web, worker = units["veilleuse-web"], units["veilleuse-worker"]
    assert web.start[:3] == (python, "-m", "gunicorn")
    assert web.start[-1] == str(DEPLOY / "gunicorn.conf.py")
    assert [command[2] for command in web.pre] == ["migrate", "collectstatic"]
    assert worker.start == (python, "manage.py", "run_huey")


def test_the_environment_file_is_read_as_systemd_reads_it(tmp_path: Path) -> None:
    env_file = tmp_path / "env"
    env_file.write_text('# a comment\nA=1\nB="two words"\nEMPTY=\n\nC=x=y\n', encoding="utf-8")

    assert env_file_read(env_file) == {"A": "1", "B": "two words", "C": "x=y"}

    env_file.write_text("A=1\nnot a line\n", encoding="utf-8")
    with pytest.raises(ProductionError, match=r"line 2: expected NAME=value"):
        env_file_read(env_file)


def test_the_runner_refuses_anything_but_the_production_profile(tmp_path: Path) -> None:
    env_file = tmp_path / "env"
    env_file.write_text("VEILLEUSE_PROFILE=development\n", encoding="utf-8")

    result = subprocess.run(
        [sys.executable, "-m", "veilleuse.cli", "production", "--env-file", str(env_file)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 1
    assert "VEILLEUSE_PROFILE is not 'production'" in result.stderr
    assert "Traceback" not in result.stderr


def test_caddy_accepts_the_caddyfile_with_the_example_environment() -> None:
    environment = {**os.environ, **env_file_read(EXAMPLE)}
    result = subprocess.run(
        [tool("caddy"), "adapt", "--config", str(CADDYFILE), "--adapter", "caddyfile"],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    config = json.loads(result.stdout)
    routes = config["apps"]["http"]["servers"]["srv0"]["routes"]
    hosts = {host for route in routes for match in route["match"] for host in match["host"]}
    assert hosts == {environment["VEILLEUSE_DOMAIN"], environment["VEILLEUSE_SITES_DOMAIN"]}
    assert "127.0.0.1:8000" in result.stdout  # the web processes' VEILLEUSE_WEB_BIND
