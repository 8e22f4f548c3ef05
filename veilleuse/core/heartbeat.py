"""The worker's heartbeat: written every minute by a periodic task (``core/jobs.py``), read by
``/healthz`` and ``veilleuse doctor`` to tell a live worker from a dead or stuck one."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from veilleuse.core.models import Heartbeat

WORKER = "worker"
ALERT_WORKER = "alert-worker"


def heartbeat_record(*, name: str = WORKER) -> Heartbeat:
    """One beat: the row of ``name`` now says "alive at this moment"."""
    beat, _created = Heartbeat.objects.update_or_create(
        name=name, defaults={"beat_at": timezone.now()}
    )
    return beat


def heartbeat_age(name: str = WORKER) -> dt.timedelta | None:
    """How long ago ``name`` last beat; None if it never did."""
    beat_at = Heartbeat.objects.filter(name=name).values_list("beat_at", flat=True).first()
    return None if beat_at is None else timezone.now() - beat_at
