"""The disk fills up while ``veilleuse publish`` writes the site: the person publishing reads one
sentence, the exit code says it failed, and the site published before is intact."""

from __future__ import annotations

import hashlib
import os
import resource
import signal
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_platform import ROOT, run_cli
from tests.test_publish_cli import run_cli as run_publish_cli

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("data")
    demo = run_cli("demo", data_dir=folder, timeout=300)
    assert demo.returncode == 0, demo.stderr
    return folder


def fingerprint(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def size_of(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


@pytest.fixture
def mount_point(tmp_path: Path) -> Iterator[Path]:
    """Where the test mounts a small tmpfs; unmounted afterwards, whatever happened."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root; the RLIMIT_FSIZE test covers this")
    folder = tmp_path / f"disk-{uuid.uuid4().hex[:6]}"
    folder.mkdir()
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False, capture_output=True)


def test_a_full_disk_leaves_the_published_site_as_it_was(
    data_dir: Path, tmp_path: Path, mount_point: Path
) -> None:
    # Room for one site and a half: the second build runs out of space halfway.
    probe = run_publish_cli(
        "publish", "paris-2026", "--out", str(tmp_path / "probe"), data_dir=data_dir
    )
    assert probe.returncode == 0, probe.stderr
    capacity = size_of(tmp_path / "probe") * 3 // 2
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={capacity}", "tmpfs", str(mount_point)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    site = mount_point / "site"
    first = run_publish_cli("publish", "paris-2026", "--out", str(site), data_dir=data_dir)
    assert first.returncode == 0, first.stderr
    before = fingerprint(site)

    again = run_publish_cli("publish", "paris-2026", "--out", str(site), data_dir=data_dir)

    assert again.returncode == 1
    assert "No space left on device" in again.stderr
    assert "Traceback" not in again.stderr
    assert again.stderr.strip().count("\n") == 0
    assert fingerprint(site) == before
    assert sorted(p.name for p in mount_point.iterdir()) == ["site"]  # no half-built copy


def limit_file_size() -> None:
    # Files may not grow past 64 KB: writes then fail with EFBIG, as on a full disk (SIGXFSZ
    # would kill the process instead of raising, so it is ignored).
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))


def test_a_write_that_fails_midway_is_one_sentence_and_the_old_site_stays(
    data_dir: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    first = run_publish_cli("publish", "paris-2026", "--out", str(site), data_dir=data_dir)
    assert first.returncode == 0, first.stderr
    before = fingerprint(site)
    environment = {
        **os.environ,
        "VEILLEUSE_DATA_DIR": str(data_dir),
        "VEILLEUSE_PROFILE": "development",
    }
    environment.pop("DATABASE_URL", None)

    failed = subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "python"),
            "-m",
            "veilleuse.cli",
            "publish",
            "paris-2026",
            "--out",
            str(site),
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=limit_file_size,
        check=False,
    )

    assert failed.returncode == 1, failed.stderr
    assert "Cannot write the site" in failed.stderr
    assert "Traceback" not in failed.stderr
    assert fingerprint(site) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site")) == []
