"""One alert fanned out to 10,000 members, on SQLite and on PostgreSQL (if reachable).

Each database runs in a child process (Django's settings are chosen once per process) on a
throwaway test database: 10,000 members who chose SMS, one published alert. Measured:

- targeting: ``alert_recipients``, which reads the network's sealed targeting index and
  decrypts only the members it does not know yet (docs/decisions/0011), counted to the last
  recipient: once with every member new to the index, then with the index known;
- enqueue: ``outbox_process``, from the outbox row to 10,000 ``Delivery`` rows, beside a
  plain ``bulk_create`` of the same 10,000 rows (for another alert: same table, same indexes);
- delivery: ``deliveries_run`` to the ``file`` SMS sink (claim, send, record), beside the
  bare writing of the same 10,000 files by the sink alone.

Returns a Markdown section for docs/benchmarks.md.
"""

from __future__ import annotations

import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.throwaway import throwaway_database

START, END = "<!-- bench:fanout:start -->", "<!-- bench:fanout:end -->"
ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/veilleuse_bench"


def _timed(function: Any) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def _bulk_create_baseline(scratch: Any, ids: list[int]) -> float:
    """The time of one bulk insert of a delivery per member: what the fan-out is compared to."""
    from django.utils import timezone

    from veilleuse.alerts.models import Delivery

    now = timezone.now()

    def bulk_create() -> None:
        Delivery.objects.bulk_create(
            (Delivery(alert=scratch, member_id=i, channel="sms", next_attempt_at=now) for i in ids),
            batch_size=1000,
        )

    _timed(bulk_create)  # warm-up
    Delivery.objects.filter(alert=scratch).delete()
    baseline = _timed(bulk_create)  # the second run: caches and statements warm, as later
    Delivery.objects.filter(alert=scratch).delete()
    return baseline


def _targeting(alert: Any) -> tuple[float, float, int]:
    """``alert_recipients`` (docs/decisions/0011) to its last recipient, three times: the
    first run, which builds the network's targeting index (every member is new to it), and
    the best of the next two (the index known: what each later alert costs); and how many
    it found."""
    from veilleuse.alerts.services.delivery import _alert_recipients as alert_recipients

    found: list[int] = []
    times = [
        _timed(lambda: found.append(sum(1 for _ in alert_recipients(alert)))) for _ in range(3)
    ]
    return times[0], min(times[1:]), found[0]


def _measure(members: int, sink: Path) -> dict[str, Any]:
    from django.conf import settings

    from veilleuse.accounts.models import Association
    from veilleuse.alerts.channels.sms import send_file
    from veilleuse.alerts.models import Delivery, Member, Zone
    from veilleuse.alerts.services.delivery import deliveries_run, outbox_process
    from veilleuse.alerts.tests.delivery_world import members_bulk, published_alert

    settings.VEILLEUSE_SMS_BACKEND, settings.VEILLEUSE_SMS_DIR = "file", sink / "sms"
    association = Association.objects.create(name="Banc d'essai", slug="banc")
    zone = Zone.objects.create(association=association, name="Belleville", slug="belleville")
    members_bulk(association, zone, members)
    alert, entry = published_alert(association, [zone], ["fr"], enqueue=False)
    scratch, _ = published_alert(association, [zone], ["fr"], enqueue=False)
    ids = list(Member.objects.values_list("pk", flat=True))
    baseline = _bulk_create_baseline(scratch, ids)
    cold, target, targeted = _targeting(alert)
    fan_out = _timed(lambda: outbox_process(outbox_id=entry.pk))
    rows = Delivery.objects.filter(alert=alert).count()
    outcome: dict[str, int] = {}
    deliver = _timed(lambda: outcome.update(deliveries_run(limit=members)))
    files = _timed(
        lambda: [send_file(to="+33600000000", text="New alert", key=f"baseline-{i}") for i in ids]
    )
    return {
        "rows": rows,
        "targeted": targeted,
        "target_cold": cold,
        "target": target,
        "bulk_create": baseline,
        "fan_out": fan_out,
        "sent": outcome.get("sent", 0),
        "deliver": deliver,
        "files": files,
    }


def child(database: str, members: int) -> None:
    """In the child process: set Django up on a test database, measure, print JSON."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "veilleuse.settings"
    os.environ["VEILLEUSE_PROFILE"] = "test"
    with tempfile.TemporaryDirectory() as data_dir:
        os.environ["VEILLEUSE_DATA_DIR"] = data_dir
        if database == "postgresql":
            os.environ["DATABASE_URL"] = POSTGRES_URL
        else:
            os.environ.pop("DATABASE_URL", None)
        import django

        django.setup()
        with throwaway_database():
            result = _measure(members, Path(data_dir))
    print(json.dumps(result))


def _postgres_reachable() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=3).close()
    except OSError:
        return False
    return True


def _run(database: str, members: int) -> dict[str, Any]:
    command = [sys.executable, "-m", "benchmarks.fanout", "--child", database, str(members)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("VEILLEUSE_")}
    done = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT, env=env)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _row(database: str, r: dict[str, Any]) -> str:
    return (
        f"| {database} | {r['target_cold']:.2f} | {r['target']:.2f} | {r['bulk_create']:.2f} | "
        f"{r['fan_out']:.2f} | "
        f"{r['fan_out'] / r['bulk_create']:.1f}× | {r['files']:.2f} | {r['deliver']:.2f} | "
        f"{r['sent'] / r['deliver']:,.0f} | {r['deliver'] / r['files']:.1f}× |"
    )


def bench_fanout(members: int = 10_000) -> str:
    results = {"SQLite": _run("sqlite", members)}
    if _postgres_reachable():
        results["PostgreSQL"] = _run("postgresql", members)
    now = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    lines = [
        START,
        f"Measured {now} on {platform.machine()} ({os.cpu_count()} cores, Python "
        f"{platform.python_version()}) by `make bench`: one alert to {members:,} members who "
        "chose SMS, sent to the `file` sink. Seconds, except the last columns.",
        "",
        "| database | targeting, index built (`alert_recipients`) | targeting, index known "
        "| baseline: `bulk_create` of the rows | "
        "fan-out (`outbox_process`) | "
        "ratio | baseline: writing the files alone | delivery (`deliveries_run`) | "
        "deliveries/s | ratio |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        *(_row(database, r) for database, r in results.items()),
        "",
        "Targeting reads the network's sealed index and decrypts only the members it does "
        "not know as they are now (all of them the first time, none after). "
        "The fan-out selects the members and asks each channel whether they want it, then "
        "inserts by batches of 1,000; delivery claims rows by 50 with one conditional UPDATE, "
        "sends each, and records each outcome with its own UPDATE (so that a crash loses at "
        "most one send's record, re-sent under the same idempotency key).",
    ]
    if "PostgreSQL" not in results:
        lines.append("PostgreSQL did not answer at 127.0.0.1:5432: not measured this time.")
    lines.append(END)
    return "\n".join(lines)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(sys.argv[2], int(sys.argv[3]))
    else:
        print(bench_fanout())
