"""Background work of the alert network: fanning alerts out and delivering them
(docs/alerts-delivery.md).

Delivery runs on its own queue and worker (``queue=ALERTS``, ``manage.py run_alert_worker``):
nothing else can wait in front of it. The nightly purge stays on the default queue.

``outbox_process`` is enqueued by ``services.outbox.outbox_write`` when an alert is
published; ``deliveries_sweep`` runs every minute and redoes whatever a lost queue message or
a killed worker left behind, so an alert is never stuck for more than about a minute (plus
``VEILLEUSE_DELIVERY_LEASE_SECONDS`` for rows a dead worker was holding).
"""

from __future__ import annotations

from django.core.cache import cache

from veilleuse.alerts import staff_mail  # noqa: F401  (its tasks: number-check alarms, legal matches)
from veilleuse.core.tasks import ALERTS, at_worker_start, enqueue, enqueue_later, periodic, task

# Deliveries one task handles before handing over to a fresh task (the queue stays fair).
RUN_LIMIT = 500
# Retries and leases ending within this many seconds get a run planned for them; later ones
# wait for the sweep.
FOLLOW_UP_HORIZON = 60
FOLLOW_UP_KEY = "alerts:deliveries-follow-up"


# A task that failed on a lost database connection is tried again a few seconds later (its
# work is safe to repeat); the sweep is there for anything beyond.
@task(queue=ALERTS, retries=3, retry_delay=2)
def outbox_process(*, outbox_id: int) -> int:
    from veilleuse.alerts.services import delivery

    offered = delivery.outbox_process(outbox_id=outbox_id)
    deliveries_continue()
    return offered


@task(queue=ALERTS, retries=3, retry_delay=2)
def deliveries_run() -> dict[str, int]:
    cache.delete(FOLLOW_UP_KEY)
    return deliveries_continue()


def deliveries_continue() -> dict[str, int]:
    """Send due deliveries; enqueue another run if more are due, or plan one for the next
    retry or lease end if it is less than a minute away."""
    from veilleuse.alerts.services import delivery

    outcome = delivery.deliveries_run(limit=RUN_LIMIT)
    if sum(outcome.values()) >= RUN_LIMIT:
        enqueue(deliveries_run)
        return outcome
    wait = delivery.deliveries_next_due_in()
    # One planned run at a time per worker process (the flag lives in its cache).
    if wait is not None and wait < FOLLOW_UP_HORIZON and cache.add(FOLLOW_UP_KEY, 1, wait + 5):
        enqueue_later(deliveries_run, seconds=wait + 0.2)
    return outcome


@task(queue=ALERTS)
def notification_test_send(*, member_id: int) -> list[str]:
    from veilleuse.alerts.services.notifications import notification_test_send as send

    return send(member_id=member_id)


@periodic(minute="*", queue=ALERTS)
def deliveries_sweep() -> None:
    """Every minute: process forgotten outbox entries, then send what is due."""
    from veilleuse.alerts.services import delivery

    for outbox_id in delivery.outbox_pending():
        delivery.outbox_process(outbox_id=outbox_id)
    deliveries_continue()


@periodic(minute="*", queue=ALERTS)
def signal_inbox_read() -> int:
    """Every minute: read the messages waiting at the Signal gateway (link codes, "STOP",
    replies to pages); nothing when Signal is off."""
    from veilleuse.alerts.services.inbound import signal_poll

    return signal_poll()


@task(queue=ALERTS, retries=2, retry_delay=10)
def whatsapp_reply(*, link_id: int, outcome: str) -> bool:
    """Tell her on WhatsApp what her message did (linked, answer recorded...)."""
    from veilleuse.alerts.services.inbound import whatsapp_reply_send

    return whatsapp_reply_send(link_id=link_id, outcome=outcome)


@periodic(hour="3", minute="17")
def retention_purge() -> None:
    """Every night: delete the alert network's expired data (docs/alerts-retention.md)."""
    from veilleuse.alerts.services.retention import purge

    purge()


# Safe-date check-ins (docs/decisions/0018): the state machine's steps, the duty re-pages,
# and the check-ins' own outbox, on the alert queue.

ESCALATION_FOLLOW_UP_KEY = "alerts:escalation-follow-up"


# Also queued as the alert worker starts: a check-in that came due while the worker was down
# is escalated at once, not at the next minute's sweep (retried if the database is not back).
@at_worker_start(queue=ALERTS)
@task(queue=ALERTS, retries=3, retry_delay=2)
def checkins_advance() -> int:
    from veilleuse.alerts.services.duty import duty_repage_due
    from veilleuse.alerts.services.escalation import checkins_advance as advance

    steps = advance() + duty_repage_due()
    escalation_continue()
    return steps


@task(queue=ALERTS, retries=3, retry_delay=2)
def escalation_messages_run() -> dict[str, int]:
    cache.delete(ESCALATION_FOLLOW_UP_KEY)
    return escalation_continue()


def escalation_continue() -> dict[str, int]:
    """Send due escalation messages; plan a run for the next retry if it is under a minute
    away (a channel back up is used within seconds, not at the next sweep)."""
    from veilleuse.alerts.services import escalation

    outcome = escalation.messages_run()
    wait = escalation.messages_next_due_in()
    if (
        wait is not None
        and wait < FOLLOW_UP_HORIZON
        and cache.add(ESCALATION_FOLLOW_UP_KEY, 1, wait + 5)
    ):
        enqueue_later(escalation_messages_run, seconds=wait + 0.2)
    return outcome


@periodic(minute="*", queue=ALERTS)
def checkins_sweep() -> None:
    """Every minute: take every due check-in step and re-page, then send what is due."""
    from veilleuse.alerts.services.duty import duty_repage_due
    from veilleuse.alerts.services.escalation import checkins_advance as advance

    advance()
    duty_repage_due()
    escalation_continue()


@periodic(minute="7", queue=ALERTS)
def checkins_purge() -> None:
    """Every hour: a safe check-in is deleted within 24 hours (docs/alerts-retention.md)."""
    from veilleuse.alerts.services.checkins import checkins_purge as purge

    purge()


@periodic(day_of_week="4", hour="10", minute="0")
def duty_gaps_notify() -> None:
    """Every Thursday: tell administrators about next week's slots with nobody on duty."""
    from veilleuse.alerts.services.duty import duty_gaps_notify as notify

    notify()
