"""The outbox: "deliver this alert", written in the same transaction as the approval that
publishes it, so that an approved alert is never left undelivered (and a rolled-back approval
delivers nothing). The worker (``veilleuse.alerts.tasks``) processes it; a periodic sweep
picks up whatever a killed worker or a lost queue message left behind."""

from __future__ import annotations

from django.db import transaction

from veilleuse.alerts.models import Alert, Outbox
from veilleuse.core.tasks import enqueue


def outbox_write(*, alert: Alert) -> Outbox:
    """Must run inside the publishing service's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("outbox_write must run inside the transaction that publishes.")
    entry = Outbox.objects.create(alert=alert)
    # A hint to start at once; the sweep delivers even if this message is lost.
    enqueue("veilleuse.alerts.tasks.outbox_process", outbox_id=entry.pk)
    return entry
