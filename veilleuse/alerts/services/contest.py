"""Contests by reported people (issue 20): a request that is not an oracle.

Someone who thinks a number or a plate of theirs is named sends it with a way to reach
them. ``contest_submit`` **never looks the identifier up**: it checks the spelling (the same
sentence as the number check for input that is neither), stores the request encrypted and
tells the data-protection contact that there is one, so the answer, its size and the work
done are the same whatever the database holds. Whether it matches is computed when staff
open the request (``contest_matches``, through the keyed lookup).

Submissions are counted per network over the last 24 hours (``VEILLEUSE_CONTESTS_PER_DAY``,
by the hour in the cache, as the number check counts a member's checks): past it the form
answers 429, known identifier or not. The count is the network's, not an address's: the
throttle never keys on an IP address (veilleuse/core/throttle.py).

Each request has a one-month legal clock (``due_on``, GDPR art. 12(3)); ``contests_remind``
runs daily and writes to the contact 14, 7 and 2 days before and every day past it. Its
outcome — no match, alert corrected, alert withdrawn, refused with a reason — is written in
the audit log (the outcome, never the identifier or the reason's text).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from veilleuse.accounts.models import Association, Membership, Role, User
from veilleuse.alerts.identifiers import IdentifierError, lookup_hash, normalise
from veilleuse.alerts.models import (
    Alert,
    AlertStatus,
    Contest,
    ContestOutcome,
    DataProtectionProfile,
    Report,
    ReportStatus,
)
from veilleuse.alerts.models.contest import one_month_after
from veilleuse.core.audit import audit
from veilleuse.core.tasks import enqueue
from veilleuse.core.throttle import throttle_key

ROLLING_HOURS = 24
REACH_LENGTH = 200
MESSAGE_LENGTH = 2000
REASON_LENGTH = 300
REMIND_DAYS_LEFT = (14, 7, 2)


class ContestRefused(Exception):
    """The network received as many contests as it takes in 24 hours; nothing was stored."""


def data_protection_profile(*, association: Association) -> DataProtectionProfile:
    """The network's controller details (unsaved and empty when staff never filled them)."""
    found = DataProtectionProfile.objects.filter(association=association).first()
    return found or DataProtectionProfile(association=association)


def legal_basis_of(*, profile: DataProtectionProfile) -> str:
    """The network's chosen basis, else the installation's ``VEILLEUSE_LEGAL_BASIS``."""
    return profile.legal_basis or settings.VEILLEUSE_LEGAL_BASIS


def _rolling_keys(association_id: int) -> list[str]:
    hour = int(timezone.now().timestamp() // 3600)
    name = throttle_key("contest", str(association_id))
    return [f"{name}:{h}" for h in range(hour - ROLLING_HOURS + 1, hour + 1)]


def _rolling_take(association_id: int) -> bool:
    keys = _rolling_keys(association_id)
    if sum(int(v) for v in cache.get_many(keys).values()) >= settings.VEILLEUSE_CONTESTS_PER_DAY:
        return False
    if not cache.add(keys[-1], 1, (ROLLING_HOURS + 1) * 3600):
        cache.incr(keys[-1])
    return True


def _cleaned(kind: str, raw: str, reach: str, message: str) -> tuple[str, str, str]:
    errors: dict[str, str] = {}
    try:
        identifier = normalise(kind, raw)
    except IdentifierError:
        identifier = ""
        errors["raw"] = (
            _("This is not a phone number.") if kind == "phone" else _("This is not a plate.")
        )
    reach, message = reach.strip(), message.strip()
    if not reach:
        errors["reach"] = _("Say how we can answer you.")
    elif len(reach) > REACH_LENGTH:
        errors["reach"] = _("Keep it under %(count)d characters.") % {"count": REACH_LENGTH}
    if len(message) > MESSAGE_LENGTH:
        errors["message"] = _("Keep it under %(count)d characters.") % {"count": MESSAGE_LENGTH}
    if errors:
        raise ValidationError(errors)
    return identifier, reach, message


@transaction.atomic
def contest_submit(
    *, association: Association, kind: str, raw: str, reach: str, message: str = ""
) -> None:
    """Store a contest, encrypted, and tell the data-protection contact; see the module
    docstring. Raises ``ValidationError`` for unusable input, ``ContestRefused`` past the
    network's daily number. Returns nothing: the caller has nothing to tell the requester."""
    identifier, reach, message = _cleaned(kind, raw, reach, message)
    if not _rolling_take(association.pk):
        raise ContestRefused
    today = timezone.localdate()
    contest = Contest.objects.create(
        association=association,
        kind=kind,
        identifier=identifier,
        reach=reach,
        message=message,
        received_on=today,
        due_on=one_month_after(today),
    )
    audit(actor=None, action="contest.receive", target=contest, association_id=association.pk)
    enqueue("veilleuse.alerts.staff_mail.contest_notify", contest_id=contest.pk, reminder=False)


@dataclass(frozen=True)
class ContestMatch:
    """What the network holds about a contest's identifier (staff only)."""

    reports: list[int]
    alerts: list[tuple[int, str]]  # (alert id, status)

    @property
    def matches(self) -> bool:
        return bool(self.reports)


def contest_matches(*, contest: Contest) -> ContestMatch:
    """Reports of the network naming the contest's identifier (any state but purged), and
    their alerts; through the keyed lookup, never by reading identifiers."""
    hashed = lookup_hash(contest.kind, contest.identifier)
    reports = sorted(
        set(
            Report.objects.filter(
                association_id=contest.association_id, identifiers__lookup_hash=hashed
            )
            .exclude(status=ReportStatus.REJECTED)
            .values_list("pk", flat=True)
        )
    )
    alerts = list(
        Alert.objects.filter(report_id__in=reports)
        .exclude(status__in=(AlertStatus.REJECTED, AlertStatus.DRAFT))
        .order_by("pk")
        .values_list("pk", "status")
    )
    return ContestMatch(reports=reports, alerts=alerts)


@transaction.atomic
def contest_close(*, actor: User, contest: Contest, outcome: str, reason: str = "") -> Contest:
    """Record how the request was answered; refused needs its reason (GDPR art. 12(4))."""
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    if not contest.is_open:
        raise ValidationError(_("This request was already answered."))
    if outcome not in ContestOutcome.values or outcome == ContestOutcome.OPEN:
        raise ValidationError({"outcome": _("Choose an outcome from the list.")})
    reason = reason.strip()
    if outcome == ContestOutcome.REFUSED and not reason:
        raise ValidationError({"reason": _("Say why the request is refused.")})
    try:
        MaxLengthValidator(REASON_LENGTH)(reason)
    except ValidationError as error:
        raise ValidationError({"reason": error.error_list}) from None
    contest.outcome, contest.outcome_reason = outcome, reason
    contest.handled_by, contest.handled_at = actor, timezone.now()
    contest.save(update_fields=["outcome", "outcome_reason", "handled_by", "handled_at"])
    audit(
        actor=actor,
        action="contest.close",
        target=contest,
        association_id=contest.association_id,
        outcome=outcome,
        late=timezone.localdate() > contest.due_on,
    )
    return contest


def contests_due_reminders(*, today: date) -> list[int]:
    """Open contests to remind the contact of today: 14, 7 and 2 days before the deadline,
    and every day past it; once a day each."""
    due = []
    for contest in Contest.objects.filter(outcome=ContestOutcome.OPEN).exclude(reminded_on=today):
        left = (contest.due_on - today).days
        if left in REMIND_DAYS_LEFT or left < 0:
            due.append(contest.pk)
    return due


@transaction.atomic
def contest_reminded(*, contest_id: int, today: date) -> None:
    Contest.objects.filter(pk=contest_id).update(reminded_on=today, reminders=F("reminders") + 1)


def contest_addresses(*, association_id: int) -> list[str]:
    """Who hears about contests: the network's data-protection contact and its admins."""
    contact = (
        DataProtectionProfile.objects.filter(association_id=association_id)
        .values_list("dpo_contact", flat=True)
        .first()
    )
    admins = Membership.objects.filter(association_id=association_id, role=Role.ADMIN).exclude(
        user__email=""
    )
    return sorted({*(a for a in [contact] if a), *admins.values_list("user__email", flat=True)})


@transaction.atomic
def data_protection_save(
    *,
    actor: User,
    association: Association,
    legal_name: str,
    address: str,
    dpo_contact: str,
    legal_basis: str,
) -> DataProtectionProfile:
    """The controller's details the notices show (the association's admins fill them)."""
    profile = data_protection_profile(association=association)
    profile.legal_name, profile.address = legal_name.strip(), address.strip()
    profile.dpo_contact, profile.legal_basis = dpo_contact.strip(), legal_basis
    profile.full_clean()
    profile.save()
    audit(
        actor=actor,
        action="data_protection.update",
        target=profile,
        association_id=association.pk,
        legal_basis=legal_basis,
    )
    return profile
