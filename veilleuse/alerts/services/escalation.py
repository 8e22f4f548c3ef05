"""Escalating a missed check-in, and the check-ins' own outbox (docs/decisions/0018).

``checkins_advance`` runs on the alert worker every minute (and when told): it takes every
check-in whose ``next_step_at`` has come and moves it one step, each step one transaction
that starts with a conditional UPDATE of the state, so that a step is taken once however
many passes (or workers, or restarts) try it. A step writes its ``EscalationMessage`` rows
in the same transaction; ``messages_run`` sends them at least once, like ``Delivery`` rows:
leased, retried every minute at most while a channel is down, with an idempotency key.

    open ──due──▶ reminded ──grace──▶ escalated ──acknowledged──▶ acknowledged
      └──(no reminder, or duress)──────────▲
    open / reminded ──"I am safe"──▶ safe
"""

from __future__ import annotations

import logging
import secrets
import smtplib
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac

from veilleuse.alerts.channels import ChannelError
from veilleuse.alerts.channels.sms import BACKENDS
from veilleuse.alerts.models import (
    Checkin,
    CheckinState,
    EscalationMessage,
    Member,
    MessageState,
    RecipientKind,
    SafetyPlan,
)
from veilleuse.core.audit import audit
from veilleuse.core.tasks import enqueue

logger = logging.getLogger(__name__)

LEASE_SECONDS = 120
RETRY_SECONDS = 15
MAX_RETRY_SECONDS = 60  # a contact must hear within a minute of the gateway's return
MAX_ATTEMPTS = 240  # about four hours of a channel down, then a dead letter for staff
ACK_SALT = "veilleuse.alerts.checkin-ack"


# The state machine.


def checkins_advance(*, now: datetime | None = None) -> int:
    """Take every due step; returns how many steps this pass took."""
    now = now or timezone.now()
    due = Checkin.objects.filter(
        state__in=(CheckinState.OPEN, CheckinState.REMINDED), next_step_at__lte=now
    ).values_list("pk", flat=True)
    return sum(checkin_step(checkin_id=pk, now=now) for pk in list(due))


@transaction.atomic
def checkin_step(*, checkin_id: int, now: datetime) -> int:
    """One step of one check-in (1 if taken, 0 if another pass took it first)."""
    checkin = Checkin.objects.select_related("member").filter(pk=checkin_id).first()
    if checkin is None or checkin.next_step_at is None or checkin.next_step_at > now:
        return 0
    plan = SafetyPlan.objects.filter(member_id=checkin.member_id).first() or SafetyPlan()
    if checkin.state == CheckinState.OPEN and plan.remind_first:
        grace = now + timedelta(minutes=plan.grace_minutes)
        if not _move(checkin, CheckinState.OPEN, CheckinState.REMINDED, grace):
            return 0
        _reminder_write(checkin, now)
        return 1
    if not _move(checkin, checkin.state, CheckinState.ESCALATED, None):
        return 0
    _alarm_write(checkin, plan, now)
    return 1


def _move(checkin: Checkin, old: str, new: str, next_step_at: datetime | None) -> bool:
    """The conditional UPDATE that makes a step happen once."""
    changes: dict[str, object] = {"state": new, "next_step_at": next_step_at}
    if new == CheckinState.ESCALATED and not checkin.reason:
        changes["reason"] = "missed"
    return bool(
        Checkin.objects.filter(pk=checkin.pk, state=old, next_step_at=checkin.next_step_at).update(
            **changes
        )
    )


def _member_address(member: Member) -> tuple[str, str] | None:
    """(channel, address) for a member's own notification channel, SMS first."""
    if member.notify_sms and member.contact_phone and settings.VEILLEUSE_SMS_BACKEND:
        return "sms", member.contact_phone
    if member.notify_email and member.contact_email:
        return "email", member.contact_email
    return None


def message_add(
    *, step: str, slot: int, recipient: str, target: tuple[str, str], language: str, **owner: object
) -> None:
    """One message row; a replayed step adds nothing (unique owner, step, slot)."""
    channel, address = target
    EscalationMessage.objects.bulk_create(
        [
            EscalationMessage(
                step=step,
                slot=slot,
                recipient=recipient,
                channel=channel,
                address=address,
                language=language,
                next_attempt_at=timezone.now(),
                **owner,
            )
        ],
        ignore_conflicts=True,
    )


def _reminder_write(checkin: Checkin, now: datetime) -> None:
    target = _member_address(checkin.member)
    if target is not None:
        message_add(
            step="reminder",
            slot=0,
            recipient=RecipientKind.HERSELF,
            target=target,
            language=checkin.member.language,
            checkin=checkin,
        )
    audit(
        actor=None, action="checkin.remind", target=checkin, association_id=checkin.association_id
    )
    enqueue("veilleuse.alerts.tasks.escalation_messages_run")


def _contact_target(member: Member, contact: dict[str, str]) -> tuple[str, str] | None:
    if contact["kind"] == "phone":
        return ("sms", contact["value"]) if settings.VEILLEUSE_SMS_BACKEND else None
    if contact["kind"] == "email":
        return "email", contact["value"]
    other = Member.objects.filter(pk=int(contact["value"]), association_id=member.association_id)
    found = other.first()
    return _member_address(found) if found is not None else None


def _alarm_write(checkin: Checkin, plan: SafetyPlan, now: datetime) -> None:
    from veilleuse.alerts.services.duty import duty_page_open

    written = 0
    for slot, contact in enumerate(plan.contacts or [], start=1):
        target = _contact_target(checkin.member, contact)
        if target is not None:
            message_add(
                step="alarm",
                slot=slot,
                recipient=RecipientKind.CONTACT,
                target=target,
                language=checkin.member.language,
                checkin=checkin,
            )
            written += 1
    if plan.notify_duty or not written:  # nobody else to tell: the association is
        duty_page_open(association=checkin.association, checkin=checkin)
    audit(
        actor=None,
        action="checkin.escalate",
        target=checkin,
        association_id=checkin.association_id,
        reason=checkin.reason or "missed",
        contacts=written,
    )
    # A hint to send at once; the minute's sweep sends it if this message is lost.
    enqueue("veilleuse.alerts.tasks.escalation_messages_run")


# Acknowledging.


def ack_token(*, message: EscalationMessage) -> str:
    """The MAC of the acknowledgement link: derived from the server's secret, never stored."""
    value = f"{message.pk}:{message.checkin_id}:{message.created.timestamp()}"
    return salted_hmac(ACK_SALT, value, algorithm="sha256").hexdigest()[:40]


def ack_url(*, message: EscalationMessage) -> str:
    path = reverse(
        "alerts:checkin_ack", kwargs={"message_id": message.pk, "token": ack_token(message=message)}
    )
    return f"{settings.VEILLEUSE_SITE_URL}{path}"


def message_for_ack(*, message_id: int, token: str) -> EscalationMessage | None:
    """The message a link names, if its MAC is right and its check-in still exists."""
    message = (
        EscalationMessage.objects.select_related("checkin__member")
        .filter(pk=message_id, checkin__isnull=False)
        .first()
    )
    if message is None or not constant_time_compare(ack_token(message=message), token):
        return None
    return message


@transaction.atomic
def checkin_acknowledge(*, message: EscalationMessage) -> bool:
    """Someone who received the alarm is on it: the escalation stops. True the first
    time; a second acknowledgement changes nothing."""
    from veilleuse.alerts.services.duty import duty_pages_close

    checkin = message.checkin
    if checkin is None:  # a page about a report: acknowledged on the duty page
        return False
    now = timezone.now()
    first = EscalationMessage.objects.filter(pk=message.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=now
    )
    moved = Checkin.objects.filter(pk=checkin.pk, state=CheckinState.ESCALATED).update(
        state=CheckinState.ACKNOWLEDGED, acknowledged_at=now
    )
    if moved:
        duty_pages_close(checkin=checkin, actor=None)
    if first:
        audit(
            actor=None,
            action="checkin.acknowledge",
            target=checkin,
            association_id=checkin.association_id,
            by=message.recipient,
        )
    return bool(first)


def checkin_all_clear(*, checkin: Checkin) -> int:
    """She checked in after the alarm went out: every trusted contact the alarm reached (or
    may have reached) gets one "she is safe" message through the same outbox. Never after a
    duress alarm: a check-in made under duress must not call it off. Returns how many."""
    if checkin.reason == "duress":
        return 0
    reached = EscalationMessage.objects.filter(
        checkin=checkin,
        step="alarm",
        recipient=RecipientKind.CONTACT,
        state__in=(MessageState.SENT, MessageState.SENDING),
    )
    for alarm in reached:
        message_add(
            step="allclear",
            slot=alarm.slot,
            recipient=RecipientKind.CONTACT,
            target=(alarm.channel, alarm.address),
            language=alarm.language,
            checkin=checkin,
        )
    count = len(reached)
    if count:
        audit(
            actor=None,
            action="checkin.all_clear",
            target=checkin,
            association_id=checkin.association_id,
            contacts=count,
        )
        enqueue("veilleuse.alerts.tasks.escalation_messages_run")
    return count


def messages_cancel(*, checkin: Checkin) -> int:
    return EscalationMessage.objects.filter(checkin=checkin, state=MessageState.PENDING).update(
        state=MessageState.CANCELLED
    )


# Sending.


def _due(now: datetime) -> Q:
    return Q(state=MessageState.PENDING, next_attempt_at__lte=now) | Q(
        state=MessageState.SENDING, lease_until__lt=now
    )


def messages_claim(*, limit: int = 50) -> list[EscalationMessage]:
    now = timezone.now()
    ids = list(
        EscalationMessage.objects.filter(_due(now))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    if not ids:
        return []
    token = secrets.token_hex(16)
    EscalationMessage.objects.filter(_due(now), pk__in=ids).update(
        state=MessageState.SENDING,
        lease_token=token,
        lease_until=now + timedelta(seconds=LEASE_SECONDS),
    )
    return list(
        EscalationMessage.objects.filter(lease_token=token).select_related(
            "checkin__member", "page__report"
        )
    )


def messages_run(*, limit: int = 200) -> dict[str, int]:
    """Send due messages; returns the count per resulting state."""
    outcome: dict[str, int] = {}
    handled = 0
    while handled < limit:
        claimed = messages_claim(limit=min(50, limit - handled))
        if not claimed:
            break
        for message in claimed:
            state = _message_send(message)
            outcome[state] = outcome.get(state, 0) + 1
        handled += len(claimed)
    return outcome


def _message_send(message: EscalationMessage) -> str:
    from veilleuse.alerts.services.escalation_texts import message_text

    with translation.override(message.language):
        subject, text = message_text(message=message)
    try:
        if message.channel == "sms":
            backend = BACKENDS.get(settings.VEILLEUSE_SMS_BACKEND)
            if backend is None:
                raise ChannelError("SMS is turned off on this server", temporary=False)
            backend(to=message.address, text=text, key=message.idempotency_key)
        else:
            _email_send(message, subject, text)
    except ChannelError as error:
        return _failed(message, error)
    except Exception as error:  # a bug must not stop the other messages
        logger.exception("Escalation message %s: unexpected %s", message.pk, type(error).__name__)
        return _failed(message, ChannelError("unexpected error", temporary=True))
    return _close(message, MessageState.SENT, "")


def _email_send(message: EscalationMessage, subject: str, text: str) -> None:
    email = EmailMessage(
        subject=subject,
        body=text,
        to=[message.address],
        headers={"X-Idempotency-Key": message.idempotency_key},
    )
    try:
        email.send()
    except smtplib.SMTPRecipientsRefused:
        raise ChannelError("address refused by the mail server", temporary=False) from None
    except (smtplib.SMTPException, OSError) as error:
        raise ChannelError(
            f"mail server unavailable ({type(error).__name__})", temporary=True
        ) from None


def _close(message: EscalationMessage, state: str, reason: str) -> str:
    now = timezone.now()
    EscalationMessage.objects.filter(pk=message.pk, lease_token=message.lease_token).update(
        state=state,
        sent_at=now if state == MessageState.SENT else None,
        last_error=reason,
        lease_until=None,
    )
    if state == MessageState.SENT:
        audit(
            actor=None,
            action="checkin.message_sent",
            target=message,
            association_id=_association_of(message),
            step=message.step,
            recipient=message.recipient,
        )
    return state


def _association_of(message: EscalationMessage) -> int | None:
    if message.checkin is not None:
        return message.checkin.association_id
    return message.page.association_id if message.page is not None else None


def _failed(message: EscalationMessage, error: ChannelError) -> str:
    attempts = message.attempts + 1
    dead = not error.temporary or attempts >= MAX_ATTEMPTS
    delay = min(RETRY_SECONDS * 2**message.attempts, MAX_RETRY_SECONDS)
    EscalationMessage.objects.filter(pk=message.pk, lease_token=message.lease_token).update(
        state=MessageState.DEAD if dead else MessageState.PENDING,
        attempts=attempts,
        next_attempt_at=timezone.now() + timedelta(seconds=delay),
        last_error=error.reason,
        lease_until=None,
    )
    logger.info("Escalation message %s (%s) failed: %s", message.pk, message.channel, error.reason)
    return MessageState.DEAD if dead else MessageState.PENDING


def messages_next_due_in() -> float | None:
    """Seconds until the next retry or lease end, for the worker's follow-up run."""
    now = timezone.now()
    pending = (
        EscalationMessage.objects.filter(state=MessageState.PENDING)
        .order_by("next_attempt_at")
        .first()
    )
    if pending is None:
        return None
    return max(0.0, (pending.next_attempt_at - now).total_seconds())
