"""Safe-date check-ins: the member's plan, recording a date, checking in, extending.

A check-in is a small state machine (``CheckinState``) with the time of its next step in
``next_step_at``; the alert worker advances it (``services.escalation``, decision 0012).
What she records is encrypted like a report; the client's number is checked against the
network at once, within the number check's quota, and then kept only encrypted (no lookup
hash beside it). A duress code closes the check-in on her screen exactly like her check-in
code, and raises the alarm at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from veilleuse.alerts.identifiers import IdentifierError, normalise
from veilleuse.alerts.models import (
    ACTIVE_CHECKIN_STATES,
    Checkin,
    CheckinState,
    Member,
    MemberStatus,
    SafetyPlan,
)
from veilleuse.alerts.services.checks import CheckResult, number_check
from veilleuse.alerts.services.members import pseudonym_hash
from veilleuse.core.audit import audit

MAX_HOURS_AHEAD = 24
MAX_EXTENSION_MINUTES = 240
MAX_CONTACTS = 5
CODE_MIN_LENGTH = 4
CONTACT_KINDS = ("member", "phone", "email")


@dataclass(frozen=True)
class CheckinRecorded:
    checkin: Checkin
    check: CheckResult | None  # the number check's answer, when she gave a number or plate


def safety_plan_for(*, member: Member) -> SafetyPlan:
    plan, _created = SafetyPlan.objects.get_or_create(member=member)
    return plan


def _contact_clean(member: Member, kind: str, value: str) -> dict[str, str]:
    value = value.strip()
    if kind == "phone":
        try:
            return {"kind": kind, "value": normalise("phone", value)}
        except IdentifierError:
            raise ValidationError(_("This is not a phone number.")) from None
    if kind == "email":
        if "@" not in value or len(value) > 254 or " " in value:
            raise ValidationError(_("This is not an e-mail address."))
        return {"kind": kind, "value": value}
    hashed = pseudonym_hash(association_id=member.association_id, pseudonym=value)
    other = Member.objects.filter(
        association_id=member.association_id, pseudonym_hash=hashed, status=MemberStatus.ACTIVE
    ).first()
    reachable = other and (
        (other.notify_email and other.contact_email) or (other.notify_sms and other.contact_phone)
    )
    if other is None or other.pk == member.pk or not reachable:
        raise ValidationError(
            _("No member of the network with this pseudonym can be reached by e-mail or SMS.")
        )
    return {"kind": kind, "value": str(other.pk)}


@transaction.atomic
def safety_plan_update(
    *,
    member: Member,
    remind_first: bool,
    grace_minutes: int,
    notify_duty: bool,
    contacts: list[tuple[str, str]],
) -> SafetyPlan:
    """Her escalation steps. ``contacts``: (kind, value) pairs, kind in ``CONTACT_KINDS``;
    another member is named by pseudonym and kept as her id."""
    plan = safety_plan_for(member=member)
    if len(contacts) > MAX_CONTACTS:
        raise ValidationError(_("At most five trusted contacts."))
    cleaned = [_contact_clean(member, kind, value) for kind, value in contacts if value.strip()]
    if not (1 <= grace_minutes <= 120):
        raise ValidationError(_("Choose between 1 and 120 minutes."))
    plan.remind_first = remind_first
    plan.grace_minutes = grace_minutes
    plan.notify_duty = notify_duty
    plan.contacts = cleaned
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def safety_codes_set(*, member: Member, checkin_code: str, duress_code: str) -> SafetyPlan:
    """Her check-in code and her duress code (hashed): both or neither."""
    plan = safety_plan_for(member=member)
    if not checkin_code and not duress_code:
        plan.checkin_code_hash = plan.duress_code_hash = ""
    elif min(len(checkin_code), len(duress_code)) < CODE_MIN_LENGTH:
        raise ValidationError(_("Each code needs at least 4 characters."))
    elif checkin_code == duress_code:
        raise ValidationError(_("The two codes must be different."))
    else:
        plan.checkin_code_hash = make_password(checkin_code)
        plan.duress_code_hash = make_password(duress_code)
    plan.save(update_fields=["checkin_code_hash", "duress_code_hash"])
    return plan


def _identifier_checked(member: Member, kind: str, raw: str) -> tuple[str, CheckResult | None]:
    """The normalised number or plate and the number check's answer ("", None if none)."""
    if not raw.strip():
        return "", None
    result = number_check(member=member, kind=kind, raw=raw)  # quota, same wording
    return normalise(kind, raw), result


def checkin_create(
    *,
    member: Member,
    due_at: datetime,
    place: str = "",
    identifier_kind: str = "phone",
    identifier: str = "",
    position: str = "",
) -> CheckinRecorded:
    """Record a date. Raises ``ValidationError`` (a bad time, a bad number) or the number
    check's ``CheckRefused``; the number is checked before anything is written."""
    now = timezone.now()
    if not (now < due_at <= now + timedelta(hours=MAX_HOURS_AHEAD)):
        raise ValidationError({"due_at": _("Choose a time within the next 24 hours.")})
    normalised, result = _identifier_checked(member, identifier_kind, identifier)
    checkin = Checkin(
        association_id=member.association_id,
        member=member,
        identifier_kind=identifier_kind if normalised else "",
        identifier=normalised or None,
        place=place.strip()[:500] or None,
        position=position.strip()[:60] or None,
        due_at=due_at,
        next_step_at=due_at,
    )
    with transaction.atomic():
        checkin.full_clean()
        checkin.save()
        safety_plan_for(member=member)
    return CheckinRecorded(checkin=checkin, check=result)


def checkin_extend(*, checkin: Checkin, minutes: int) -> Checkin:
    """Move the deadline later; an alarm already raised is not taken back."""
    if not (1 <= minutes <= MAX_EXTENSION_MINUTES):
        raise ValidationError(_("Choose between 1 and 240 minutes."))
    due_at = max(checkin.due_at, timezone.now()) + timedelta(minutes=minutes)
    moved = Checkin.objects.filter(pk=checkin.pk, state__in=ACTIVE_CHECKIN_STATES).update(
        due_at=due_at, next_step_at=due_at, state=CheckinState.OPEN
    )
    if not moved:
        raise ValidationError(_("This check-in is already closed."))
    checkin.refresh_from_db()
    return checkin


def _code_is_duress(plan: SafetyPlan, code: str) -> bool:
    """True for the duress code, False for the check-in code; both hashes are always
    checked, so the two take the same time. A wrong code raises ``ValidationError``."""
    if not plan.has_codes:
        return False
    is_checkin = check_password(code, plan.checkin_code_hash)
    is_duress = check_password(code, plan.duress_code_hash)
    if not (is_checkin or is_duress):
        raise ValidationError({"code": _("This code is not right.")})
    return is_duress


def checkin_close(*, checkin: Checkin, code: str = "") -> Checkin:
    """ "I am safe". With her duress code it looks the same to her, and the alarm is
    raised at once (``reason = "duress"``). Once raised so, no code of hers calls it off:
    whoever holds her phone may make her type the other one; the person on duty stands it
    down by acknowledging."""
    plan = safety_plan_for(member=checkin.member)
    duress = _code_is_duress(plan, code)
    now = timezone.now()
    with transaction.atomic():
        if duress:
            checkin_duress(checkin=checkin)
        else:
            closing = Checkin.objects.filter(pk=checkin.pk).exclude(state=CheckinState.SAFE)
            closing = closing.exclude(reason="duress")
            if closing.update(state=CheckinState.SAFE, closed_at=now, next_step_at=None):
                _escalation_stand_down(checkin)
    checkin.refresh_from_db()
    return checkin


def checkin_duress(*, checkin: Checkin) -> None:
    """The alarm, now, in the request's transaction: the escalation step is taken here
    (skipping the reminder) and its messages go out through the outbox."""
    from veilleuse.alerts.services.escalation import checkin_step

    now = timezone.now()
    updated = Checkin.objects.filter(pk=checkin.pk, state__in=ACTIVE_CHECKIN_STATES).update(
        reason="duress", next_step_at=now, state=CheckinState.REMINDED
    )
    if updated:
        checkin_step(checkin_id=checkin.pk, now=now)


def _escalation_stand_down(checkin: Checkin) -> None:
    """She is safe: what was not sent yet is not needed any more; whoever already got the
    alarm hears that she is safe (``checkin_all_clear``)."""
    from veilleuse.alerts.services.escalation import checkin_all_clear, messages_cancel

    messages_cancel(checkin=checkin)
    checkin_all_clear(checkin=checkin)
    audit(
        actor=None,
        action="checkin.safe",
        target=checkin,
        association_id=checkin.association_id,
    )


def checkin_open_for(*, member: Member) -> Checkin | None:
    """Her check-in still waiting (the most recent one), as her pages show it: also one whose
    alarm went out because she missed it, so that "I am safe" can still tell her contacts
    (never one raised by her duress code, which looks closed to her)."""
    waiting = Q(state__in=ACTIVE_CHECKIN_STATES, reason="")
    missed = Q(state__in=(CheckinState.ESCALATED, CheckinState.ACKNOWLEDGED), reason="missed")
    return Checkin.objects.filter(waiting | missed, member=member).order_by("due_at").first()


SAFE_KEPT_HOURS = 12
ESCALATED_KEPT_DAYS = 30


def checkins_purge(*, now: datetime | None = None) -> int:
    """Delete check-ins she closed more than ``SAFE_KEPT_HOURS`` ago (the hourly purge makes
    it "within 24 hours"), and every other one ``ESCALATED_KEPT_DAYS`` after its deadline,
    with their messages and duty pages. Returns how many check-ins went; logs counts only."""
    now = now or timezone.now()
    safe = Q(state=CheckinState.SAFE, closed_at__lte=now - timedelta(hours=SAFE_KEPT_HOURS))
    old = Q(due_at__lte=now - timedelta(days=ESCALATED_KEPT_DAYS))
    with transaction.atomic():
        _total, by_model = Checkin.objects.filter(safe | old).delete()
    return int(by_model.get(Checkin._meta.label, 0))


LAST_CHECKIN_SESSION_KEY = "alerts_last_checkin"


def checkin_report_initial(*, member: Member, checkin_id: object) -> dict[str, object]:
    """What the report form starts with after a check-in she just closed: its day, place
    and the client's number or plate (nothing if it is gone or not hers)."""
    if not isinstance(checkin_id, int):
        return {}
    checkin = Checkin.objects.filter(member=member, pk=checkin_id).first()
    if checkin is None:
        return {}
    initial: dict[str, object] = {"occurred_on": timezone.localdate(checkin.due_at)}
    if checkin.place:
        initial["place"] = checkin.place[:200]
    if checkin.identifier:
        initial["phone_1" if checkin.identifier_kind == "phone" else "plate_1"] = checkin.identifier
    return initial
