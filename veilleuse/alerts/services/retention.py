"""Retention: the scheduled purge that deletes the alert network's expired data for good.

Each kind of data has its own period (settings ``VEILLEUSE_RETENTION_*_DAYS``, table in
docs/alerts-retention.md). ``purge`` deletes rows with ``QuerySet.delete()`` — real deletes,
with their cascades — and the files that belong to them (the SMS the ``file`` backend wrote
for a purged alert, named by its delivery's idempotency key, and any SMS file older than the
alerts' period, test messages included). On SQLite the connection turns
``secure_delete`` on first, so that deleted rows and index entries are overwritten with
zeros instead of lingering in free pages; PostgreSQL removes dead rows at its next VACUUM.

Nothing about the purged data is logged: only the counts.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from veilleuse.alerts.models import (
    Alert,
    ChannelReceipt,
    CheckCounter,
    Contest,
    Identifier,
    IdentifierMatch,
    LegalCase,
    LinkCode,
    LookupAlarm,
    MemberInvitation,
    Outbox,
    Report,
    VoiceNote,
)
from veilleuse.core.audit import audit
from veilleuse.core.models import AuditEntry, HashedSession

logger = logging.getLogger("veilleuse.alerts.retention")

CHECK_COUNTER_DAYS = 90
INVITATION_DAYS = 30
RECEIPT_DAYS = 7
SMS_FILE = re.compile(r"^veilleuse-alert-(\d+)-member-(\d+)-[a-z]+\.json$")
# A test notification (``notification_test_send``): veilleuse-test-<member>-<random>.json.
SMS_TEST_FILE = re.compile(r"^veilleuse-test-(\d+)-[0-9a-f]+\.json$")


@dataclass
class PurgeReport:
    """How many rows (and files) of each kind were deleted, or would be (``dry_run``)."""

    counts: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def retention_days() -> dict[str, int]:
    """Each kind of data and how many days it is kept (the compliance documents read it)."""
    return {
        "reports": settings.VEILLEUSE_RETENTION_REPORTS_DAYS,
        "identifiers": settings.VEILLEUSE_RETENTION_IDENTIFIERS_DAYS,
        "alerts": settings.VEILLEUSE_RETENTION_ALERTS_DAYS,
        "legal_cases": settings.VEILLEUSE_RETENTION_CASES_DAYS,
        "audit_entries": settings.VEILLEUSE_RETENTION_AUDIT_DAYS,
        "contests": settings.VEILLEUSE_RETENTION_CONTESTS_DAYS,
        "check_counters": CHECK_COUNTER_DAYS,
        "invitations": INVITATION_DAYS,
    }


def _cutoffs(now: datetime) -> dict[str, datetime]:
    days = retention_days()
    return {kind: now - timedelta(days=int(value)) for kind, value in days.items()}


def expired(*, now: datetime) -> dict[str, QuerySet[Any]]:
    """What the purge deletes, by kind, in the order it deletes it."""
    limit = _cutoffs(now)
    day = {kind: timezone.localdate(moment) for kind, moment in limit.items()}
    return {
        # Before their reports, so that they are counted (the reports' delete cascades).
        "voice_notes": VoiceNote.objects.filter(report__created__lt=limit["reports"]),
        "reports": Report.objects.filter(created__lt=limit["reports"]),
        "identifiers": Identifier.objects.filter(report__created__lt=limit["identifiers"]),
        "identifier_matches": IdentifierMatch.objects.filter(first_seen__lt=limit["reports"]),
        "alerts": Alert.objects.annotate(since=Coalesce("published_at", "created")).filter(
            since__lt=limit["alerts"]
        ),
        "outbox": Outbox.objects.filter(created__lt=limit["alerts"]),
        "legal_cases": LegalCase.objects.filter(closed_at__lt=limit["legal_cases"]),
        "check_counters": CheckCounter.objects.filter(day__lt=day["check_counters"]),
        "lookup_alarms": LookupAlarm.objects.filter(day__lt=day["check_counters"]),
        "invitations": MemberInvitation.objects.filter(
            Q(expires_at__lt=limit["invitations"])
            | Q(used_at__lt=limit["invitations"])
            | Q(revoked_at__lt=limit["invitations"])
        ),
        "audit_entries": AuditEntry.objects.filter(at__lt=limit["audit_entries"]),
        "contests": Contest.objects.filter(handled_at__lt=limit["contests"]),
        # Sessions past their end (anonymous visitors' too, which hold a CSRF token since
        # CSRF_USE_SESSIONS): nothing reads them again.
        "sessions": HashedSession.objects.filter(expire_date__lt=now),
        # Messaging: codes past their few minutes, receipts past any retry of their send.
        "link_codes": LinkCode.objects.filter(expires_at__lt=now),
        "channel_receipts": ChannelReceipt.objects.filter(
            created__lt=now - timedelta(days=RECEIPT_DAYS)
        ),
    }


def secure_delete_on() -> None:
    """SQLite: overwrite deleted content with zeros (it otherwise stays in free pages)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete=ON")


def purge(*, now: datetime | None = None, dry_run: bool = False) -> PurgeReport:
    """Delete every expired row and file of the alert network; see the module docstring."""
    now = now or timezone.now()
    report = PurgeReport(dry_run=dry_run)
    if dry_run:
        for kind, rows in expired(now=now).items():
            report.counts[kind] = rows.count()
        return report
    secure_delete_on()
    with transaction.atomic():
        doomed_alerts: set[int] = set()
        for kind, rows in expired(now=now).items():
            if kind in ("reports", "alerts"):
                doomed_alerts.update(_alert_ids(kind, rows))
            report.counts[kind] = _delete(rows)
        audit(actor=None, action="retention.purge", target=None, **report.counts)
    # Files go once the rows are gone for good: a rolled-back purge deletes no file.
    # Every SMS file older than the alerts' period goes too: a member's test message is
    # named after no alert, and the number it holds must not outlive the period.
    report.counts["sms_files"] = sms_files_delete(
        alert_ids=doomed_alerts, older_than=_cutoffs(now)["alerts"]
    )
    logger.info("Retention purge: %s", ", ".join(f"{k}={v}" for k, v in report.counts.items()))
    return report


def _alert_ids(kind: str, rows: QuerySet[Any]) -> Iterable[int]:
    if kind == "reports":
        return Alert.objects.filter(report__in=rows).values_list("pk", flat=True)
    return rows.values_list("pk", flat=True)


def _delete(rows: QuerySet[Any]) -> int:
    """Delete ``rows`` and count them (not the rows their deletion cascades to)."""
    _total, by_model = rows.order_by().delete()
    return by_model.get(rows.model._meta.label, 0)


def sms_files_delete(
    *,
    alert_ids: Iterable[int] = (),
    member_ids: Iterable[int] = (),
    numbers: Iterable[str] = (),
    older_than: datetime | None = None,
) -> int:
    """Delete the SMS files (``file`` backend) of these alerts or members, test messages
    included, any file sent to one of ``numbers``, and any file written before
    ``older_than``; returns how many."""
    alerts, members, to = set(alert_ids), set(member_ids), {n for n in numbers if n}
    folder = Path(settings.VEILLEUSE_SMS_DIR)
    if not (alerts or members or to or older_than) or not folder.is_dir():
        return 0
    deleted = 0
    for path in folder.iterdir():
        if _sms_file_doomed(path, alerts, members, to) or _written_before(path, older_than):
            path.unlink(missing_ok=True)
            deleted += 1
    return deleted


def _written_before(path: Path, moment: datetime | None) -> bool:
    try:
        return moment is not None and path.stat().st_mtime < moment.timestamp()
    except OSError:
        return False


def _sms_file_doomed(path: Path, alerts: set[int], members: set[int], to: set[str]) -> bool:
    match = SMS_FILE.match(path.name)
    if match and (int(match[1]) in alerts or int(match[2]) in members):
        return True
    trial = SMS_TEST_FILE.match(path.name)
    if trial and int(trial[1]) in members:
        return True
    if not to or not path.is_file():
        return False
    # Any other copy addressed to the number (a file renamed, another key's format).
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("to") in to
    except (OSError, ValueError, AttributeError):
        return False
