"""The task worker is killed (SIGKILL, as by the OOM killer) in the middle of analysing an
import: after a restart the import is analysed, once, and nothing else is lost.

Real components: the embedded SQLite queue in a fresh data folder and ``manage.py run_huey``
processes."""

from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.test_platform import ROOT, run_cli

pytestmark = pytest.mark.slow

_SCRIPT = """
import json, sys
from veilleuse.platform import django_setup
django_setup()
from huey.contrib.djhuey import HUEY
from veilleuse.questionnaires.models import Import
command = sys.argv[1]
if command == "upload":
    from django.core.files.uploadedfile import SimpleUploadedFile
    from veilleuse.accounts.models import User
    from veilleuse.questionnaires.models import Candidate
    from veilleuse.questionnaires.services.imports import import_upload
    from tests.faults.slow_document import slow_pdf
    candidate = Candidate.objects.get(name="Liste démo A")
    item = import_upload(candidate=candidate, uploaded_by=User.objects.get(username="bruno"),
                         document=SimpleUploadedFile("longue-reponse.pdf", slow_pdf()))
    print(json.dumps({"id": item.pk}))
elif command == "pending":
    print(json.dumps({"pending_tasks": HUEY.pending_count()}))
elif command == "resume":
    import datetime as dt
    from veilleuse.questionnaires.services.imports import imports_resume
    print(json.dumps({"queued": imports_resume(older_than=dt.timedelta(0))}))
else:
    item = Import.objects.get(pk=int(sys.argv[2]))
    names = [t.name for t in HUEY.pending()]
    print(json.dumps({"status": item.status, "updated": item.updated.isoformat(),
                      "pending_tasks": HUEY.pending_count(), "names": names}))
"""


def environment(data_dir: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "VEILLEUSE_DATA_DIR": str(data_dir),
        "VEILLEUSE_PROFILE": "development",
        "DJANGO_SETTINGS_MODULE": "veilleuse.settings",
        "VEILLEUSE_LOG_LEVEL": "INFO",
    }
    env.pop("DATABASE_URL", None)
    return env


def script(data_dir: Path, *args: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, *args],
        cwd=ROOT,
        env=environment(data_dir),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def start_worker(data_dir: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "django", "run_huey", "--workers", "1"],
        cwd=ROOT,
        env=environment(data_dir),
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )


def wait_for_line(worker: subprocess.Popen[str], needle: str, timeout: float) -> None:
    assert worker.stderr is not None
    selector = selectors.DefaultSelector()
    selector.register(worker.stderr, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if selector.select(timeout=0.5) and needle in worker.stderr.readline():
            return
    raise AssertionError(f"the worker never logged {needle!r}")


def wait_for_status(data_dir: Path, import_id: int, timeout: float) -> dict[str, object]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = script(data_dir, "status", str(import_id))
        if state["status"] != "pending":
            return state
        time.sleep(1)
    raise AssertionError("the import was never analysed")


def drain_the_queue(data_dir: Path) -> None:
    worker = start_worker(data_dir)
    try:
        deadline = time.monotonic() + 120
        while script(data_dir, "pending")["pending_tasks"] and time.monotonic() < deadline:
            time.sleep(1)
        time.sleep(1)  # the last one dequeued is done
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)
    assert script(data_dir, "pending")["pending_tasks"] == 0


def test_an_import_whose_worker_was_killed_mid_task_is_analysed_once_after_restart(
    tmp_path: Path,
) -> None:
    assert run_cli("demo", data_dir=tmp_path, timeout=300).returncode == 0
    drain_the_queue(tmp_path)  # what the demo queued, so that ours is the only task
    import_id = int(script(tmp_path, "upload")["id"])  # type: ignore[call-overload]
    assert script(tmp_path, "status", str(import_id))["names"] == ["import_analyse"]

    worker = start_worker(tmp_path)
    try:
        wait_for_line(worker, "Executing veilleuse.questionnaires.tasks.import_analyse", 60)
        worker.send_signal(signal.SIGKILL)  # reading the 60-page PDF takes seconds: mid-task
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    killed = script(tmp_path, "status", str(import_id))
    # The queue handed the message out and the worker died with it: not done, not queued.
    assert killed["status"] == "pending"
    assert "import_analyse" not in killed["names"]  # type: ignore[operator]

    worker = start_worker(tmp_path)
    try:
        assert script(tmp_path, "resume")["queued"] == 1  # what the periodic task does
        done = wait_for_status(tmp_path, import_id, timeout=120)
        assert done["status"] == "ready"
        # Resumed again (a second periodic run, or two at once): nothing more happens.
        assert script(tmp_path, "resume")["queued"] == 0
        time.sleep(2)
        assert script(tmp_path, "status", str(import_id))["updated"] == done["updated"]
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
