"""``veilleuse doctor``: what is wrong with this installation, in sentences an operator can
act on — the keys, HTTPS, the worker, the queue, alert delivery, backups and disk space.

Each check returns findings; a problem says what is wrong and what to do. Run on the
production server with the installation's environment (docs/deploy.md, docs/cli.md).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

HEARTBEAT_LATE = dt.timedelta(minutes=3)
QUEUE_DEEP = 200
OUTBOX_LATE = dt.timedelta(minutes=5)
BACKUP_LATE = dt.timedelta(hours=36)
DISK_FREE_MIN_BYTES = 2 * 1024**3
DISK_FREE_MIN_SHARE = 0.10
SECRET_KEY_MIN = 50


@dataclass(frozen=True)
class Finding:
    ok: bool
    sentence: str


def _ok(sentence: str) -> list[Finding]:
    return [Finding(True, sentence)]


def _problem(sentence: str) -> list[Finding]:
    return [Finding(False, sentence)]


def _is_aes_key(value: str) -> bool:
    try:
        return len(base64.b64decode(value, validate=True)) == 32
    except (binascii.Error, ValueError):
        return False


def check_profile() -> list[Finding]:
    if settings.PROFILE != "production":
        return _problem(
            f"The profile is {settings.PROFILE!r}, not 'production': set "
            "VEILLEUSE_PROFILE=production (and the rest of deploy/veilleuse.env.example)."
        )
    return _ok("The production profile is on.")


def check_keys() -> list[Finding]:
    found: list[Finding] = []
    if len(settings.SECRET_KEY) < SECRET_KEY_MIN or settings.SECRET_KEY.startswith("insecure"):
        found += _problem(
            f"VEILLEUSE_SECRET_KEY is weak (fewer than {SECRET_KEY_MIN} characters or a test "
            "key): generate one as docs/deploy.md says."
        )
    bad = [i + 1 for i, key in enumerate(settings.VEILLEUSE_FIELD_KEYS) if not _is_aes_key(key)]
    if bad:
        found += _problem(
            f"VEILLEUSE_FIELD_KEYS: key number {', '.join(map(str, bad))} is not a base64 "
            "32-byte key; encrypted reports cannot be read or written with it."
        )
    if not _is_aes_key(settings.VEILLEUSE_LOOKUP_KEY):
        found += _problem("VEILLEUSE_LOOKUP_KEY is not a base64 32-byte key.")
    elif settings.VEILLEUSE_LOOKUP_KEY in settings.VEILLEUSE_FIELD_KEYS:
        found += _problem("VEILLEUSE_LOOKUP_KEY is also a field key: they must differ.")
    return found or _ok("The secret key, the field keys and the lookup key are well formed.")


def check_https() -> list[Finding]:
    from django.core.checks import WARNING, run_checks

    found: list[Finding] = []
    for message in run_checks(include_deployment_checks=True):
        if message.level >= WARNING and not message.is_silenced():
            found += _problem(f"Django's deployment check {message.id}: {message.msg}")
    if not settings.VEILLEUSE_SITE_URL.startswith("https://"):
        found += _problem(
            f"VEILLEUSE_SITE_URL is {settings.VEILLEUSE_SITE_URL}: links in e-mails would not "
            "use HTTPS."
        )
    if settings.SECURE_PROXY_SSL_HEADER is None:
        found += _problem(
            "VEILLEUSE_BEHIND_TLS_PROXY is off: behind Caddy or nginx, every request would "
            "look like plain HTTP and be redirected forever."
        )
    return found or _ok("HTTPS: secure cookies, HSTS, redirect and the TLS proxy are set.")


WORKERS = (
    ("worker", "the worker that runs the periodic tasks", "veilleuse-worker"),
    ("alert-worker", "the alert worker", "veilleuse-alert-worker"),
)


def check_worker() -> list[Finding]:
    from veilleuse.core.heartbeat import heartbeat_age

    found: list[Finding] = []
    for name, who, unit in WORKERS:
        age = heartbeat_age(name)
        if age is None:
            found += _problem(f"{who.capitalize()} has never beaten: systemctl start {unit}.")
        elif age > HEARTBEAT_LATE:
            minutes = int(age.total_seconds() // 60)
            found += _problem(
                f"The last heartbeat of {who} was {minutes} minutes ago: it is stopped or "
                f"stuck (journalctl -u {unit})."
            )
        else:
            found += _ok(
                f"{who.capitalize()} is alive (last heartbeat {int(age.total_seconds())} s ago)."
            )
    return found


def check_queue() -> list[Finding]:
    from huey.contrib.djhuey import HUEY

    try:
        depth = HUEY.pending_count()
    except Exception as error:  # a broker down raises its own client's errors
        return _problem(f"The task queue cannot be read ({type(error).__name__}): is Redis up?")
    if depth > QUEUE_DEEP:
        return _problem(
            f"{depth} tasks wait in the queue: the worker does not keep up (add threads with "
            "VEILLEUSE_TASK_WORKERS, or another worker)."
        )
    return _ok(f"{depth} tasks wait in the queue.")


def check_delivery() -> list[Finding]:
    from veilleuse.alerts.selectors.delivery import delivery_health

    health = delivery_health()
    found: list[Finding] = []
    if health.outbox_oldest_age is not None and health.outbox_oldest_age > OUTBOX_LATE:
        minutes = int(health.outbox_oldest_age.total_seconds() // 60)
        found += _problem(
            f"An approved alert has waited {minutes} minutes to be fanned out to members: "
            "the worker is not delivering."
        )
    if health.dead_last_day:
        found += _problem(
            f"{health.dead_last_day} notifications were given up on in the last day: "
            "check the SMS gateway, the mail server and the push keys."
        )
    last = health.last_sent_at
    sent = f"last sent {timezone.localtime(last):%Y-%m-%d %H:%M}" if last else "none sent yet"
    return found or _ok(f"Alert delivery: {health.waiting} notifications waiting, {sent}.")


def check_backups() -> list[Finding]:
    from veilleuse.core.backup import backups_nightly

    if not settings.VEILLEUSE_BACKUP_PASSPHRASE:
        return _problem(
            "Nightly backups are off: set VEILLEUSE_BACKUP_PASSPHRASE (docs/backup.md)."
        )
    backups = backups_nightly(Path(settings.VEILLEUSE_BACKUP_DIR))
    if not backups:
        return _problem(f"No backup in {settings.VEILLEUSE_BACKUP_DIR} yet.")
    newest = backups[-1]
    age = dt.timedelta(seconds=timezone.now().timestamp() - newest.stat().st_mtime)
    if age > BACKUP_LATE:
        return _problem(
            f"The last backup, {newest.name}, is {int(age.total_seconds() // 3600)} hours old: "
            "the nightly backup fails (journalctl -u veilleuse-worker)."
        )
    return _ok(f"Last backup {newest.name}; {len(backups)} kept.")


def check_disk() -> list[Finding]:
    folder = Path(settings.DATA_DIR)
    usage = shutil.disk_usage(folder if folder.exists() else folder.parent)
    if usage.free < DISK_FREE_MIN_BYTES or usage.free < DISK_FREE_MIN_SHARE * usage.total:
        return _problem(
            f"Only {usage.free / 1024**3:.1f} GB are free on the disk of {folder}: uploads, "
            "site builds and backups will fail."
        )
    return _ok(f"{usage.free / 1024**3:.1f} GB free on the disk of {folder}.")


Check = Callable[[], list[Finding]]
CHECKS: tuple[Check, ...] = (check_profile, check_keys, check_https, check_queue, check_disk)
# These read the database: skipped, with one sentence, when it does not answer.
DATABASE_CHECKS: tuple[Check, ...] = (check_worker, check_delivery, check_backups)


def doctor_findings() -> list[Finding]:
    from veilleuse.core.selectors import database_is_reachable

    found: list[Finding] = []
    for check in CHECKS:
        found += check()
    if not database_is_reachable():
        return found + _problem(
            f"The database {settings.DATABASES['default'].get('NAME', '')} does not answer: "
            "check DATABASE_URL and that PostgreSQL runs."
        )
    from django.db import DatabaseError

    try:
        for check in DATABASE_CHECKS:
            found += check()
    except DatabaseError as error:
        found += _problem(f"The database answers with an error ({error}): run migrate first?")
    return found
