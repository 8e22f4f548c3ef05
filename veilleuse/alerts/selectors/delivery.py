"""Reads of the delivery of alerts: for the moderators' page (``/reseau/<slug>/envois/``), and
for the operator (``/healthz``, ``veilleuse doctor``): how long the oldest unprocessed outbox
entry has waited, what is still to send, what was given up on, when a notification last left.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from veilleuse.alerts.models import (
    Delivery,
    DeliveryState,
    EscalationMessage,
    MessageState,
    Outbox,
)


def delivery_counts(association_id: int) -> list[dict[str, Any]]:
    """Per alert of the association that has deliveries: the count in each state."""
    rows: dict[int, dict[str, Any]] = {}
    counts = (
        Delivery.objects.filter(alert__association_id=association_id)
        .values("alert_id", "state")
        .annotate(n=Count("pk"))
        .order_by("-alert_id")
    )
    for row in counts:
        entry = rows.setdefault(
            row["alert_id"], {"alert_id": row["alert_id"], **dict.fromkeys(DeliveryState.values, 0)}
        )
        entry[row["state"]] = row["n"]
    return list(rows.values())


def dead_deliveries(association_id: int, *, limit: int = 200) -> list[Delivery]:
    return list(
        Delivery.objects.filter(alert__association_id=association_id, state=DeliveryState.DEAD)
        .select_related("member")
        .only("pk", "alert_id", "channel", "attempts", "last_error", "member__pseudonym")
        .order_by("-next_attempt_at", "-pk")[:limit]
    )


def dead_escalation_messages(association_id: int, *, limit: int = 200) -> list[EscalationMessage]:
    """The check-ins' own messages (reminders, alarms, all-clears, duty pages) that stopped
    being retried, newest first: never their addresses (the page does not show them)."""
    owned = Q(checkin__association_id=association_id) | Q(page__association_id=association_id)
    return list(
        EscalationMessage.objects.filter(owned, state=MessageState.DEAD)
        .defer("address")
        .order_by("-next_attempt_at", "-pk")[:limit]
    )


@dataclass(frozen=True)
class DeliveryHealth:
    outbox_oldest_age: dt.timedelta | None
    waiting: int
    dead_last_day: int
    last_sent_at: dt.datetime | None


def delivery_health() -> DeliveryHealth:
    now = timezone.now()
    oldest = Outbox.objects.filter(processed_at__isnull=True).aggregate(at=Min("created"))["at"]
    waiting = Delivery.objects.filter(
        state__in=(DeliveryState.PENDING, DeliveryState.SENDING)
    ).count()
    dead = Delivery.objects.filter(
        state=DeliveryState.DEAD, next_attempt_at__gte=now - dt.timedelta(days=1)
    ).count()
    last_sent = Delivery.objects.filter(state=DeliveryState.SENT).aggregate(at=Max("sent_at"))
    return DeliveryHealth(
        outbox_oldest_age=None if oldest is None else now - oldest,
        waiting=waiting,
        dead_last_day=dead,
        last_sent_at=last_sent["at"],
    )
