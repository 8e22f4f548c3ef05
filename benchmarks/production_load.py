"""``make load``: Locust against the production stack of ``deploy/`` on this machine.

Starts the stack as tests/production does (PostgreSQL, Redis, gunicorn, both workers, Caddy
with TLS on 127.0.0.1), loads the cast, then runs Locust headless for a bounded time with the
mix of benchmarks/locustfile.py (members, candidates, staff, and the health check as the
baseline, in the same run). While the load runs, it publishes alerts the way an approval
does and times each until its first SMS lands in the file sink. Prints a Markdown table for
docs/benchmarks.md; writes Locust's CSV files into the folder given (or a temporary one).

    python -m benchmarks.production_load [--users 30] [--seconds 60] [--csv DIR]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from tests.production.stack import (
    BIN,
    ROOT,
    TOTP_KEY,
    Stack,
    database_create,
    database_drop,
    missing_pieces,
    redis_empty,
)
from veilleuse.alerts.cast import MEMBER_PASSPHRASE
from veilleuse.demo import CAST_PASSWORD

STAFF_COUNT = 6
SETUP = f"""
import json
from django_otp.plugins.otp_totp.models import TOTPDevice
from veilleuse.accounts.models import Membership, Role, User
from veilleuse.demo import CAST_PASSWORD, cast_create
from veilleuse.questionnaires.selectors.invitations import invitation_token
from veilleuse.questionnaires.services.invitations import invitation_create
cast = cast_create()
staff = []
for i in range({STAFF_COUNT}):
    user = User.objects.create_user(f"load-staff-{{i}}", password=CAST_PASSWORD)
    Membership.objects.create(user=user, association=cast.association, role=Role.REVIEWER)
    TOTPDevice.objects.create(user=user, name="phone", key="{TOTP_KEY}", confirmed=True)
    staff.append(user.username)
invitation = invitation_create(actor=cast.admin, candidate=cast.list_a)
print(json.dumps({{"staff": staff, "answer_path": f"/r/{{invitation_token(invitation)}}/"}}))
"""
# Publishes an alert as an approval does (commit of the alert and its outbox row), then
# waits for its first SMS file: seconds, one line of JSON per alert.
LATENCY = """
import json, sys, time
from pathlib import Path
from veilleuse.alerts.models import Zone
from veilleuse.alerts.tests.delivery_world import published_alert
sink = Path(sys.argv[1])
zone = Zone.objects.get(slug="belleville")
for _ in range(int(sys.argv[2])):
    alert, _outbox = published_alert(zone.association, [zone], ["fr", "es", "zh-hans"])
    approved = time.monotonic()
    while not any(sink.glob(f"veilleuse-alert-{alert.pk}-*")) and time.monotonic() - approved < 60:
        time.sleep(0.005)
    print(json.dumps(round(time.monotonic() - approved, 3)), flush=True)
    time.sleep(float(sys.argv[3]))
"""


def latencies(stack: Stack, count: int, gap: float, out: list[float]) -> None:
    script = Path(stack.folder) / "latency.py"
    script.write_text("import django; django.setup()\n" + LATENCY, encoding="utf-8")
    result = stack.run(
        str(BIN / "python"),
        str(script),
        str(stack.sms_dir),
        str(count),
        str(gap),
        DJANGO_SETTINGS_MODULE="veilleuse.settings",
    )
    if result.returncode != 0:
        print(f"The alerts could not be timed:\n{result.stderr[-3000:]}")
    out.extend(json.loads(line) for line in result.stdout.split())


def locust(stack: Stack, config: Path, users: int, seconds: int, prefix: Path) -> None:
    command = [
        str(BIN / "locust"),
        "-f",
        str(ROOT / "benchmarks" / "locustfile.py"),
        "--headless",
        "--users",
        str(users),
        # Signing in hashes a password with Argon2 (deliberately slow): people arrive over
        # ten seconds, not all in the same instant.
        "--spawn-rate",
        str(max(users / 10, 1)),
        "--run-time",
        f"{seconds}s",
        "--host",
        stack.base,
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    env = {**os.environ, "VEILLEUSE_LOAD_CONFIG": str(config)}
    subprocess.run(command, cwd=ROOT, env=env, check=False, timeout=seconds + 120)


def table(stats_csv: Path) -> str:
    rows = list(csv.DictReader(stats_csv.open(encoding="utf-8")))
    lines = [
        "| request | count | errors | req/s | p50 ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} | "
            f"{float(row['Requests/s']):.1f} | {row['50%']} | {row['95%']} | {row['99%']} |"
        )
    return "\n".join(lines)


def load_config(stack: Stack, folder: Path) -> Path:
    """The cast, load-test staff and a candidate's link; what Locust's people need."""
    stack.load_cast()
    loaded = json.loads(stack.manage("shell", "-v0", "-c", SETUP).strip())
    config = folder / "load.json"
    people = {
        "members": ["Rosa", "Lin", "Ana"],
        "passphrase": MEMBER_PASSPHRASE,
        "password": CAST_PASSWORD,
        "totp_key": TOTP_KEY,
    }
    config.write_text(json.dumps({**loaded, **people}), encoding="utf-8")
    return config


def run(users: int, seconds: int, folder: Path) -> str:
    missing = missing_pieces()
    if missing:
        raise SystemExit("The production stack needs " + ", ".join(missing) + ".")
    stack = Stack(
        folder=folder / "stack",
        database=f"veilleuse_load_{os.getpid()}",
        web_workers=2 * (os.cpu_count() or 1) + 1,
        extra={"VEILLEUSE_CHECKS_PER_DAY": "100000", "VEILLEUSE_REPORTS_PER_DAY": "100000"},
    )
    database_create(stack.database)
    redis_empty()
    measured: list[float] = []
    try:
        stack.start()
        config = load_config(stack, folder)
        # Alerts published from a third into the run, while the load is steady.
        timer = threading.Timer(seconds / 3, latencies, (stack, 5, seconds / 15, measured))
        timer.start()
        started = time.monotonic()
        locust(stack, config, users, seconds, folder / "locust")
        timer.join()
        elapsed = time.monotonic() - started
    finally:
        if stack.process is not None:
            stack.stop()
        database_drop(stack.database)
    worst = max(measured) if measured else float("nan")
    return (
        f"{table(folder / 'locust_stats.csv')}\n\nApproval to first SMS in the sink, "
        f"{len(measured)} alerts during the load: {', '.join(f'{s:.2f}' for s in measured)} s "
        f"(worst {worst:.2f} s). Locust ran {elapsed:.0f} s with {users} users at one request "
        "a second each."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--csv", help="folder for Locust's CSV files (default: temporary)")
    args = parser.parse_args()
    if args.csv:
        folder = Path(args.csv)
        folder.mkdir(parents=True, exist_ok=True)
        print(run(args.users, args.seconds, folder))
        return
    with tempfile.TemporaryDirectory(prefix="veilleuse-load-") as temporary:
        print(run(args.users, args.seconds, Path(temporary)))


if __name__ == "__main__":
    main()
