"""Delivering alerts: from the outbox to one ``Delivery`` row per member and channel, then
to the channels, at least once (docs/alerts-delivery.md).

Every step can be repeated without harm, because a worker may be killed at any point:

- ``outbox_process`` creates the rows with ``ignore_conflicts`` against the unique
  (alert, member, channel), and only then marks the outbox processed;
- ``deliveries_claim`` takes due rows with one conditional UPDATE that leases them to this
  worker for ``VEILLEUSE_DELIVERY_LEASE_SECONDS``; a row whose worker died is due again when
  its lease ends (works alike on SQLite and PostgreSQL, no ``SKIP LOCKED`` needed);
- ``delivery_send`` gives the channel the delivery's idempotency key, so that a repeat after
  a crash between "sent" and "recorded as sent" can be dropped at the far end.

A member suspended (or a channel turned off, or an alert retracted) after the fan-out: the
row is closed as a dead letter with that reason and nothing is sent. Removing a member deletes
their rows with them.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterator
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from veilleuse.accounts.models import User
from veilleuse.alerts.channels import ChannelError, all_channels, channel_named
from veilleuse.alerts.models import (
    Alert,
    AlertStatus,
    ChannelLink,
    Delivery,
    DeliveryState,
    Member,
    MemberStatus,
    MessagingService,
    Outbox,
    PushSubscription,
)
from veilleuse.alerts.targeting import targeted_ids
from veilleuse.core.audit import audit
from veilleuse.core.tasks import enqueue

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000
CLAIM_SIZE = 50
MAX_RETRY_DELAY_SECONDS = 3600


# Fan-out.


def _alert_recipients(alert: Alert) -> Iterator[Member]:
    """Active members of the alert's association with a zone among the alert's zones and a
    language among its languages. Members' zones and languages are encrypted: they are
    matched in the network's sealed targeting index (docs/decisions/0011)."""
    ids = targeted_ids(
        association_id=alert.association_id,
        zone_ids=alert.zones.values_list("pk", flat=True),
        languages=alert.languages,
    )
    active = Member.objects.filter(status=MemberStatus.ACTIVE)
    for start in range(0, len(ids), BATCH_SIZE):
        yield from (
            active.filter(pk__in=ids[start : start + BATCH_SIZE])
            # Not needed to choose the channels (sending reads the member again): four
            # decryptions less per member.
            .defer("pseudonym", "language", "languages", "zone_ids")
            .annotate(has_push=Exists(PushSubscription.objects.filter(member=OuterRef("pk"))))
            .annotate(**_linked_services())
            .order_by("pk")
        )


def _linked_services() -> dict[str, Exists]:
    """``alerts_<service>``: the member linked that messaging service and lets it carry
    alerts (read by the channels' ``wants``, one query for the whole fan-out)."""
    return {
        f"alerts_{service}": Exists(
            ChannelLink.objects.filter(member=OuterRef("pk"), service=service, alerts=True)
        )
        for service in MessagingService.values
    }


def outbox_process(*, outbox_id: int) -> int:
    """Turn one outbox entry into delivery rows; returns how many rows were offered (0 if
    the entry was already processed). Safe to repeat."""
    with transaction.atomic():
        entry = Outbox.objects.select_for_update().filter(pk=outbox_id).first()
        if entry is None or entry.processed_at is not None:
            return 0
        alert = Alert.objects.get(pk=entry.alert_id)
        offered = _deliveries_create(alert) if alert.status == AlertStatus.PUBLISHED else 0
        entry.processed_at = timezone.now()
        entry.save(update_fields=["processed_at"])
    return offered


def _deliveries_create(alert: Alert) -> int:
    now = timezone.now()
    channels = all_channels()
    offered = 0
    batch: list[Delivery] = []
    for member in _alert_recipients(alert):
        for channel in channels:
            if channel.wants(member):
                batch.append(
                    Delivery(alert=alert, member=member, channel=channel.name, next_attempt_at=now)
                )
        if len(batch) >= BATCH_SIZE:
            offered += _insert(batch)
            batch = []
    return offered + _insert(batch)


def _insert(batch: list[Delivery]) -> int:
    Delivery.objects.bulk_create(batch, ignore_conflicts=True, batch_size=BATCH_SIZE)
    return len(batch)


def outbox_pending() -> list[int]:
    """Outbox entries not processed yet (for the sweep), oldest first."""
    return list(Outbox.objects.filter(processed_at__isnull=True).values_list("pk", flat=True))


# Sending.


def _due(now: datetime) -> Q:
    return Q(state=DeliveryState.PENDING, next_attempt_at__lte=now) | Q(
        state=DeliveryState.SENDING, lease_until__lt=now
    )


def deliveries_claim(*, limit: int = CLAIM_SIZE) -> list[Delivery]:
    """Lease up to ``limit`` due rows to this worker. The UPDATE repeats the "due" condition,
    so of two workers that picked the same rows only one gets each."""
    now = timezone.now()
    ids = list(
        Delivery.objects.filter(_due(now))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    if not ids:
        return []
    token = secrets.token_hex(16)
    lease_until = now + timedelta(seconds=settings.VEILLEUSE_DELIVERY_LEASE_SECONDS)
    Delivery.objects.filter(_due(now), pk__in=ids).update(
        state=DeliveryState.SENDING, lease_token=token, lease_until=lease_until
    )
    return list(Delivery.objects.filter(lease_token=token).select_related("member", "alert"))


def _delivery_send(delivery: Delivery) -> str:
    """Send one claimed delivery; returns its new state."""
    member, alert = delivery.member, delivery.alert
    try:
        channel = channel_named(delivery.channel)
    except LookupError:
        return _close(delivery, DeliveryState.DEAD, "unknown channel")
    if alert.status != AlertStatus.PUBLISHED:
        return _close(delivery, DeliveryState.DEAD, "alert no longer published")
    if member is None or member.status != MemberStatus.ACTIVE:  # None: sent already
        return _close(delivery, DeliveryState.DEAD, "member suspended")
    if not channel.wants(member):
        return _close(delivery, DeliveryState.DEAD, "channel turned off by the member")
    try:
        channel.send(delivery, member)
    except ChannelError as error:
        return _failed(delivery, error)
    except Exception as error:  # a bug in a channel must not stop the others
        logger.exception("Delivery %s: unexpected %s", delivery.pk, type(error).__name__)
        return _failed(delivery, ChannelError("unexpected error", temporary=True))
    return _close(delivery, DeliveryState.SENT, "")


def _close(delivery: Delivery, state: str, reason: str) -> str:
    now = timezone.now()
    # Conditional on the lease: a worker whose lease ran out does not overwrite the next one.
    sent = state == DeliveryState.SENT
    fields: dict[str, object] = {"member": None} if sent else {}  # who got what: not kept
    Delivery.objects.filter(pk=delivery.pk, lease_token=delivery.lease_token).update(
        state=state, sent_at=now if sent else None, last_error=reason, lease_until=None, **fields
    )
    return state


def retry_delay(*, attempts_before: int) -> timedelta:
    seconds = settings.VEILLEUSE_DELIVERY_RETRY_SECONDS * 2**attempts_before
    return timedelta(seconds=min(seconds, MAX_RETRY_DELAY_SECONDS))


def _failed(delivery: Delivery, error: ChannelError) -> str:
    attempts = delivery.attempts + 1
    dead = not error.temporary or attempts >= settings.VEILLEUSE_DELIVERY_MAX_ATTEMPTS
    state = DeliveryState.DEAD if dead else DeliveryState.PENDING
    delay = retry_delay(attempts_before=delivery.attempts)
    if error.retry_after is not None:  # the service said how long to wait (a 429)
        delay = max(delay, timedelta(seconds=min(error.retry_after, MAX_RETRY_DELAY_SECONDS)))
    Delivery.objects.filter(pk=delivery.pk, lease_token=delivery.lease_token).update(
        state=state,
        attempts=attempts,
        next_attempt_at=timezone.now() + delay,
        last_error=error.reason,
        lease_until=None,
    )
    logger.info("Delivery %s (%s) failed: %s", delivery.pk, delivery.channel, error.reason)
    return state


def deliveries_run(*, limit: int = 500) -> dict[str, int]:
    """Claim and send due deliveries until none is due or ``limit`` were handled; returns
    the count per resulting state."""
    outcome: dict[str, int] = {}
    handled = 0
    while handled < limit:
        claimed = deliveries_claim(limit=min(CLAIM_SIZE, limit - handled))
        if not claimed:
            break
        for delivery in claimed:
            state = _delivery_send(delivery)
            outcome[state] = outcome.get(state, 0) + 1
        handled += len(claimed)
    return outcome


def deliveries_next_due_in() -> float | None:
    """Seconds until the next retry or lease end (None if nothing is waiting): the worker
    plans a run for then, instead of waiting for the minute's sweep."""
    now = timezone.now()
    waiting = Delivery.objects.filter(
        Q(state=DeliveryState.PENDING) | Q(state=DeliveryState.SENDING, lease_until__isnull=False)
    )
    retry = waiting.filter(state=DeliveryState.PENDING).order_by("next_attempt_at").first()
    lease = waiting.filter(state=DeliveryState.SENDING).order_by("lease_until").first()
    moments = [d.next_attempt_at for d in (retry,) if d]
    moments += [d.lease_until for d in (lease,) if d and d.lease_until]  # filtered non-null
    if not moments:
        return None
    return max(0.0, (min(moments) - now).total_seconds())


@transaction.atomic
def delivery_requeue(*, delivery: Delivery, actor: User) -> Delivery:
    """A dead letter, tried again from its first attempt (staff, after fixing the cause)."""
    if delivery.state != DeliveryState.DEAD:
        return delivery
    delivery.state = DeliveryState.PENDING
    delivery.attempts = 0
    delivery.next_attempt_at = timezone.now()
    delivery.last_error = ""
    delivery.lease_token = ""
    delivery.save(
        update_fields=["state", "attempts", "next_attempt_at", "last_error", "lease_token"]
    )
    audit(
        actor=actor,
        action="delivery.requeue",
        target=delivery,
        association_id=delivery.alert.association_id,
        channel=delivery.channel,
    )
    enqueue("veilleuse.alerts.tasks.deliveries_run")
    return delivery
