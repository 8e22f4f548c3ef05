"""The duty rota: who is on duty when, paging them, re-paging the backup, and the gaps.

Slots are read in ``VEILLEUSE_DUTY_TIME_ZONE``. A missed check-in (or an urgent report)
opens one ``DutyPage`` and pages the person on duty through their chosen channel; if
nobody acknowledges within ``VEILLEUSE_DUTY_REPAGE_MINUTES`` the backup is paged, once
(``duty_repage_due``, on the alert worker every minute). A slot with nobody on it in the
coming week is a gap: the duty and rota pages show it and administrators get one e-mail a
week (``duty_gaps_notify``).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from veilleuse.accounts.models import Association, Membership, Role, User
from veilleuse.alerts.models import (
    Checkin,
    CheckinState,
    DutyContact,
    DutyPage,
    DutySlot,
    EscalationMessage,
    MessageState,
    RecipientKind,
    Report,
    ReportKind,
)
from veilleuse.alerts.services.escalation import message_add
from veilleuse.core.audit import audit
from veilleuse.core.models import AuditEntry
from veilleuse.core.tasks import enqueue

DUTY_SLOT = 100  # message slots of duty pages, apart from the member's contacts (1..5)


def duty_zone() -> ZoneInfo:
    return ZoneInfo(settings.VEILLEUSE_DUTY_TIME_ZONE)


def _covers(slot: DutySlot, local: datetime) -> bool:
    """Whether ``slot`` covers the local moment; a slot ending before it starts runs past
    midnight into the next day."""
    clock, weekday = local.time(), local.weekday()
    if slot.starts < slot.ends:
        return slot.weekday == weekday and slot.starts <= clock < slot.ends
    tonight = slot.weekday == weekday and clock >= slot.starts
    after_midnight = (slot.weekday + 1) % 7 == weekday and clock < slot.ends
    return tonight or after_midnight


def duty_slot_now(*, association: Association, at: datetime | None = None) -> DutySlot | None:
    local = timezone.localtime(at or timezone.now(), duty_zone())
    for slot in DutySlot.objects.filter(association=association).select_related("person", "backup"):
        if _covers(slot, local):
            return slot
    return None


@transaction.atomic
def duty_slot_add(
    *,
    actor: User,
    association: Association,
    weekday: int,
    starts: time,
    ends: time,
    person: User | None,
    backup: User | None,
) -> DutySlot:
    staff = set(
        Membership.objects.filter(association=association).values_list("user_id", flat=True)
    )
    for someone in (person, backup):
        if someone is not None and someone.pk not in staff:
            raise ValidationError(_("Only staff of the association can be on duty."))
    if person is not None and backup is not None and person.pk == backup.pk:
        raise ValidationError(_("The backup must be someone else."))
    if starts == ends or not (0 <= weekday <= 6):
        raise ValidationError(_("A slot needs a day and two different times."))
    slot = DutySlot(
        association=association,
        weekday=weekday,
        starts=starts,
        ends=ends,
        person=person,
        backup=backup,
    )
    slot.full_clean()
    slot.save()
    audit(actor=actor, action="duty.slot_add", target=slot, association_id=association.pk)
    return slot


@transaction.atomic
def duty_slot_remove(*, actor: User, slot: DutySlot) -> None:
    audit(actor=actor, action="duty.slot_remove", target=slot, association_id=slot.association_id)
    slot.delete()


def _target(association: Association, user: User | None) -> tuple[str, str] | None:
    if user is None:
        return None
    contact = DutyContact.objects.filter(association=association, user=user).first()
    if contact is not None and contact.channel == "sms" and contact.phone:
        return "sms", contact.phone
    return ("email", user.email) if user.email else None


def duty_channel_for(*, association: Association, user: User) -> str | None:
    """How ``user`` is paged when on duty ("sms" or "email"), or None if they cannot be."""
    target = _target(association, user)
    return target[0] if target is not None else None


def _page(page: DutyPage, user: User | None, step: str, slot: int) -> None:
    target = _target(page.association, user)
    if target is None:
        return
    message_add(
        step=step,
        slot=slot,
        recipient=RecipientKind.DUTY if step == "duty" else RecipientKind.BACKUP,
        target=target,
        language=settings.LANGUAGE_CODE,
        page=page,
        checkin=page.checkin,
    )
    enqueue("veilleuse.alerts.tasks.escalation_messages_run")


def duty_page_open(
    *, association: Association, checkin: Checkin | None = None, report: Report | None = None
) -> DutyPage:
    """Page the person on duty (once per check-in or report); runs inside the caller's
    transaction."""
    existing = (
        DutyPage.objects.filter(checkin=checkin)
        if checkin
        else DutyPage.objects.filter(report=report)
    )
    found = existing.first()
    if found is not None:
        return found
    slot = duty_slot_now(association=association)
    repage = timezone.now() + timedelta(minutes=settings.VEILLEUSE_DUTY_REPAGE_MINUTES)
    page = DutyPage.objects.create(
        association=association,
        checkin=checkin,
        report=report,
        person=slot.person if slot else None,
        backup=slot.backup if slot else None,
        repage_at=repage if slot and slot.backup_id else None,
    )
    _page(page, page.person, "duty", DUTY_SLOT)
    audit(
        actor=None,
        action="duty.page",
        target=page,
        association_id=association.pk,
        on_duty=bool(slot),
    )
    return page


# The severity rule: a report of violence against the body pages the person on duty.
URGENT_KINDS = frozenset({ReportKind.PHYSICAL, ReportKind.SEXUAL})


def report_is_urgent(*, report: Report) -> bool:
    return bool(URGENT_KINDS.intersection(report.kinds or ()))


def duty_repage_due(*, now: datetime | None = None) -> int:
    """Page the backup of every page nobody acknowledged in time; once each."""
    now = now or timezone.now()
    due = DutyPage.objects.filter(repage_at__lte=now, acknowledged_at__isnull=True)
    paged = 0
    for page_id in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            if not DutyPage.objects.filter(pk=page_id, repage_at__isnull=False).update(
                repage_at=None
            ):
                continue
            page = DutyPage.objects.select_related("association", "checkin", "backup").get(
                pk=page_id
            )
            _page(page, page.backup, "backup", DUTY_SLOT + 1)
            audit(actor=None, action="duty.repage", target=page, association_id=page.association_id)
            paged += 1
    return paged


def duty_pages_close(*, checkin: Checkin, actor: User | None) -> None:
    """Acknowledged (by a contact or the person on duty): no re-page."""
    now = timezone.now()
    DutyPage.objects.filter(checkin=checkin, acknowledged_at__isnull=True).update(
        acknowledged_at=now, acknowledged_by=actor, repage_at=None
    )
    EscalationMessage.objects.filter(checkin=checkin, state=MessageState.PENDING).update(
        state=MessageState.CANCELLED
    )


@transaction.atomic
def duty_page_acknowledge(*, page: DutyPage, actor: User) -> DutyPage:
    """The person on duty (or a moderator) is on it."""
    now = timezone.now()
    if DutyPage.objects.filter(pk=page.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=now, acknowledged_by=actor, repage_at=None
    ):
        if page.checkin_id is not None:
            Checkin.objects.filter(pk=page.checkin_id, state=CheckinState.ESCALATED).update(
                state=CheckinState.ACKNOWLEDGED, acknowledged_at=now
            )
        EscalationMessage.objects.filter(page=page, state=MessageState.PENDING).update(
            state=MessageState.CANCELLED
        )
        audit(
            actor=actor, action="duty.acknowledge", target=page, association_id=page.association_id
        )
    page.refresh_from_db()
    return page


# Gaps.


def duty_gaps(*, association: Association) -> list[DutySlot]:
    """Slots with nobody on duty (every week repeats the rota, so this is next week's)."""
    return list(DutySlot.objects.filter(association=association, person__isnull=True))


def duty_uncovered_hours(*, association: Association) -> list[tuple[int, int, int]]:
    """The hours of the week (by their start) that no slot covers at all, merged into
    (weekday, from hour, to hour) runs: a gap as much as a slot with nobody on it."""
    slots = list(DutySlot.objects.filter(association=association))
    runs: list[tuple[int, int, int]] = []
    for weekday in range(7):
        for hour in range(24):
            # A Monday (2024-01-01) as the start of any week: only weekday and time count.
            moment = datetime(2024, 1, 1 + weekday, hour, tzinfo=duty_zone())
            if any(_covers(slot, moment) for slot in slots):
                continue
            if runs and runs[-1][0] == weekday and runs[-1][2] == hour:
                runs[-1] = (weekday, runs[-1][1], hour + 1)
            else:
                runs.append((weekday, hour, hour + 1))
    return runs


def duty_gaps_notify(*, today: datetime | None = None) -> int:
    """One e-mail per association and week to its administrators when the rota has gaps;
    returns how many associations were told. The audit log remembers the week."""
    week = timezone.localdate(today or timezone.now()).isocalendar()
    key = f"{week.year}-W{week.week:02d}"
    told = 0
    for association in Association.objects.filter(pk__in=DutySlot.objects.values("association_id")):
        gaps = duty_gaps(association=association)
        hours = sum(
            end - start for _day, start, end in duty_uncovered_hours(association=association)
        )
        already = AuditEntry.objects.filter(
            action="duty.gap_notice", association_id=association.pk, data__week=key
        ).exists()
        if not (gaps or hours) or already:
            continue
        admins = Membership.objects.filter(association=association, role=Role.ADMIN)
        addresses = [m.user.email for m in admins.select_related("user") if m.user.email]
        text = _("The duty rota of %(name)s has %(count)s slots with nobody on duty.") % {
            "name": association.name,
            "count": len(gaps),
        }
        if hours:
            text += " " + _("%(hours)s hours of the week have no slot at all.") % {"hours": hours}
        send_mail(_("Veilleuse: nobody is on duty for some slots next week"), text, None, addresses)
        audit(actor=None, action="duty.gap_notice", association_id=association.pk, week=key)
        told += 1
    return told
