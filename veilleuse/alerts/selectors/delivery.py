"""Reads of the delivery of alerts, for the moderators' page (``/reseau/<slug>/envois/``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from veilleuse.alerts.models import Delivery, DeliveryState


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
