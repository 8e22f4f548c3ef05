"""Builders for the delivery tests and the fan-out benchmark: a published alert with its
outbox entry, and many members at once (without hashing a passphrase each)."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from veilleuse.accounts.models import User
from veilleuse.alerts.models import Alert, AlertStatus, Member, Outbox, Report, Zone
from veilleuse.alerts.services.members import pseudonym_hash
from veilleuse.alerts.services.outbox import outbox_write


def published_alert(
    association: Any, zones: Iterable[Zone], languages: Iterable[str], *, enqueue: bool = True
) -> tuple[Alert, Outbox]:
    """What the moderators' approval leaves behind: a published alert and its outbox row
    (with ``enqueue=False``, without asking the worker to process it)."""
    zones = list(zones)
    with transaction.atomic():
        report = Report.objects.create(
            association=association,
            occurred_on=dt.date(2026, 11, 28),
            zone=zones[0],
            kinds=["violence"],
            description="Un client violent près du parc.",
            language="fr",
            status="approved",
        )
        alert = Alert.objects.create(
            association=association,
            report=report,
            kinds=["violence"],
            severity=3,
            languages=list(languages),
            status=AlertStatus.PUBLISHED,
            published_at=timezone.now(),
        )
        alert.zones.set(zones)
        entry = outbox_write(alert=alert) if enqueue else Outbox.objects.create(alert=alert)
    return alert, entry


def members_bulk(
    association: Any,
    zone: Zone,
    count: int,
    *,
    language: str = "fr",
    sms: bool = True,
    prefix: str = "membre",
) -> list[Member]:
    """``count`` active members of ``zone`` who chose SMS (numbers +3361000xxxx)."""
    tag = secrets.token_hex(3)
    users = User.objects.bulk_create(
        User(username=f"{prefix}-{tag}-{i}", password="!") for i in range(count)
    )
    return Member.objects.bulk_create(
        Member(
            association=association,
            user=user,
            pseudonym=f"{prefix}-{tag}-{i}",
            pseudonym_hash=pseudonym_hash(
                association_id=association.pk, pseudonym=f"{prefix}-{tag}-{i}"
            ),
            language=language,
            languages=[language],
            zone_ids=[zone.pk],
            contact_phone=f"+336{i:08d}" if sms else None,
            notify_sms=sms,
        )
        for i, user in enumerate(users)
    )
