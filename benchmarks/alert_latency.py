"""From an alert's approval to its first delivery, with and without hostile imports running.

The adversarial review saw two dense .docx imports delay an approved alert's notifications
by 197 s: imports and delivery shared one worker. Now delivery has its own queue and worker
(docs/decisions/0009-alert-queue.md). This runs both workers as production does
(``manage.py run_huey`` and ``manage.py run_alert_worker``, embedded SQLite queues, a fresh
data folder), then, in one run:

1. publishes an alert with nothing else queued, and times its first delivery (the baseline);
2. uploads ``imports`` of the densest .docx the caps let through (benchmarks/hostile_docx.py),
   waits for the worker to be reading them, publishes a second alert and times its first
   delivery, noting how many imports were still unread at that moment.

"Approval" is the commit of the transaction that publishes the alert and writes its outbox
row, as ``alert_approve`` does; "first delivery" is the first SMS file written by the
``file`` backend for that alert. Used by ``make bench`` and
tests/security/test_hostile_documents.py.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

START, END = "<!-- bench:alert-latency:start -->", "<!-- bench:alert-latency:end -->"
ROOT = Path(__file__).resolve().parent.parent
# The densest reply the caps let through: 7.5 MB of Word markup (the cap is 8 MB).
HOSTILE_BYTES = int(7.5 * 1024 * 1024)

DRIVER = """
import json, sys, time
from pathlib import Path
import django
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from benchmarks.hostile_docx import dense_docx
from veilleuse.alerts.models import Zone
from veilleuse.alerts.tests.delivery_world import members_bulk, published_alert
from veilleuse.demo import cast_create
from veilleuse.questionnaires.models import Candidate, Import, ImportStatus
from veilleuse.questionnaires.services.imports import import_upload

imports, hostile_bytes, sink = int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
cast = cast_create()
zone = Zone.objects.create(association=cast.association, name="Belleville", slug="belleville")
members_bulk(cast.association, zone, 20)

def first_delivery(deadline=300.0):
    alert, _ = published_alert(cast.association, [zone], ["fr"])
    approved = time.monotonic()
    while time.monotonic() - approved < deadline:
        if any(sink.glob(f"veilleuse-alert-{alert.pk}-member-*")):
            return time.monotonic() - approved
        time.sleep(0.005)
    raise SystemExit("no delivery within the deadline")

first_delivery()  # warm-up: the alert worker is up
baseline = first_delivery()
candidate = Candidate.objects.filter(campaign__association=cast.association).first()
document = dense_docx(hostile_bytes)
for number in range(imports):
    upload = SimpleUploadedFile(f"reponse-{number}.docx", document)
    import_upload(candidate=candidate, document=upload, uploaded_by=cast.admin)
time.sleep(3)  # the default worker is reading them
under_imports = first_delivery()
unread = Import.objects.filter(status=ImportStatus.PENDING).count()
print(json.dumps({"baseline": baseline, "under_imports": under_imports, "imports": imports,
                  "unread_at_delivery": unread, "document_bytes": len(document)}))
"""


def _env(data: Path) -> dict[str, str]:
    from veilleuse.alerts.tests.test_durability import child_env

    return child_env(data, VEILLEUSE_DELIVERY_LEASE_SECONDS="300", PYTHONPATH=str(ROOT))


def _run(command: list[str], env: dict[str, str], timeout: float) -> str:
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:3])} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def measure(imports: int) -> dict[str, Any]:
    """Both latencies in seconds, from one run with its own data folder and workers."""
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        env = _env(data)
        _run([sys.executable, "manage.py", "migrate", "--noinput"], env, 300)
        workers = [
            subprocess.Popen(  # a session each, so that the readers' children stop with them
                [sys.executable, "manage.py", command],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            for command in ("run_huey", "run_alert_worker")
        ]
        try:
            driver = [sys.executable, "-c", DRIVER, str(imports), str(HOSTILE_BYTES)]
            output = _run([*driver, str(data / "sms")], env, 900)
        finally:
            for worker in workers:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait(timeout=10)
    return dict(json.loads(output.strip().splitlines()[-1]))


def bench_alert_latency(imports: int = 5) -> str:
    import datetime as dt
    import platform

    figures = measure(imports)
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    megabytes = figures["document_bytes"] / (1024 * 1024)
    return "\n".join(
        [
            START,
            f"Measured {now} on {platform.machine()} ({os.cpu_count()} cores, shared), SQLite, "
            "the two workers of production (`run_huey`, `run_alert_worker`), 20 members on "
            "SMS (`file` backend), by `make bench` (`python -m benchmarks --only alert-latency`).",
            "",
            "| situation | approval → first delivery (s) |",
            "|---|---:|",
            f"| nothing else queued | {figures['baseline']:.2f} |",
            f"| {figures['imports']} hostile imports running ({megabytes:.1f} MB .docx, 7.5 MB "
            f"of markup each; {figures['unread_at_delivery']} still unread at the delivery) "
            f"| {figures['under_imports']:.2f} |",
            "",
            "Before the alert queue had its own worker, two imports of the review's 199 MB "
            "document delayed an approved alert by 197 s.",
            END,
        ]
    )
