"""Check a number: a member asks whether a phone number or plate was reported.

The answer is graded (``CheckResult``): reported or not, the highest severity, how many
independent reports, the month of the most recent one; never a report's text. What counts:

- reports of the member's association that moderators **approved** (a report waiting for
  moderation is unverified, and a false report must not brand a number before a person has
  read it; rejected, merged and withdrawn reports never count);
- identifiers moderators did **not** mark as doubtful (``redacted``: kept out of the alert);
- independence is by author: two reports by the same member count once, reports filed by
  staff or partners (no author) count one each. A merged duplicate has the status
  ``merged`` and is not counted again.

No number is stored: the input is normalised, hashed with the server's lookup key
(``identifiers.lookup_hash``) and forgotten. What is kept are counters (``CheckCounter`` per
member and day, ``CheckTally`` per association and day) and, past
``VEILLEUSE_CHECKS_ALARM_PER_DAY``, one ``LookupAlarm`` per member and day with one e-mail to
the association's moderators. Past ``VEILLEUSE_CHECKS_PER_DAY`` the check is refused and no
lookup is made. Input that is neither a phone number nor a plate does not use up the quota
(typing mistakes are common on a phone), but it has its own daily budget of
``INVALID_FACTOR`` × the quota, past which it is refused the same way. "Unknown" and "no
report" are one case: the same queries run and the same answer comes back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from veilleuse.alerts.identifiers import IdentifierError, lookup_hash, normalise
from veilleuse.alerts.models import (
    AlertStatus,
    CheckCounter,
    CheckTally,
    LookupAlarm,
    Member,
    Report,
    ReportStatus,
    Severity,
)
from veilleuse.alerts.provenance import independent_count
from veilleuse.alerts.staff_mail import lookup_alarm_notify
from veilleuse.core.tasks import enqueue
from veilleuse.core.throttle import throttle_key

ROLLING_HOURS = 24

INVALID_FACTOR = 3


class CheckRefused(Exception):
    """The member has used up today's checks; no lookup was made."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"Daily limit of {limit} checks reached.")
        self.limit = limit


@dataclass(frozen=True)
class CheckResult:
    reported: bool
    severity: int | None
    independent_reports: int
    last_month: date | None  # the first day of the month of the most recent report
    remaining: int  # checks left today


@dataclass(frozen=True)
class Grade:
    severity: int | None
    independent_reports: int
    last_month: date | None


def _now() -> datetime:
    return timezone.now()


def _rolling_keys(member: Member) -> list[str]:
    """The cache keys of the member's checks, one per hour of the last 24 (an HMAC of the
    member's id, as the sign-in throttle keys names: the cache never holds who checked)."""
    hour = int(_now().timestamp() // 3600)
    name = throttle_key("number-check", str(member.pk))
    return [f"{name}:{h}" for h in range(hour - ROLLING_HOURS + 1, hour + 1)]


def _rolling_used(member: Member) -> int:
    return sum(int(value) for value in cache.get_many(_rolling_keys(member)).values())


def _rolling_take(member: Member) -> bool:
    """Take one check from the rolling 24 hours (by the hour); False when none is left.
    Only counts by hour are kept, in the cache, for 25 hours: no time of any check."""
    if _rolling_used(member) >= settings.VEILLEUSE_CHECKS_PER_DAY:
        return False
    current = _rolling_keys(member)[-1]
    if not cache.add(current, 1, (ROLLING_HOURS + 1) * 3600):
        cache.incr(current)
    return True


def checks_remaining(*, member: Member) -> int:
    return max(settings.VEILLEUSE_CHECKS_PER_DAY - _rolling_used(member), 0)


def number_check(*, member: Member, kind: str, raw: str) -> CheckResult:
    """Grade ``raw`` (a phone number or plate of ``kind``) for ``member``.

    Raises ``ValidationError`` for input that is not a ``kind``, ``CheckRefused`` past the
    daily quota. Each outcome's counters are committed before the exception is raised.
    """
    try:
        hashed = lookup_hash(kind, normalise(kind, raw))
    except IdentifierError:
        if not _invalid_attempt_record(member):
            raise CheckRefused(settings.VEILLEUSE_CHECKS_PER_DAY) from None
        message = _("This is not a phone number.") if kind == "phone" else _("This is not a plate.")
        raise ValidationError({"raw": message}) from None
    result = _check_counted(member, hashed)
    if result is None:
        raise CheckRefused(settings.VEILLEUSE_CHECKS_PER_DAY)
    return result


@transaction.atomic
def _check_counted(member: Member, hashed: str) -> CheckResult | None:
    day = timezone.localdate(_now())
    limit = settings.VEILLEUSE_CHECKS_PER_DAY
    counter, _created = CheckCounter.objects.get_or_create(member=member, day=day)
    # The quota is the last 24 hours (``_rolling_take``); the day's counter, one conditional
    # UPDATE that concurrent requests cannot both pass, stays as a backstop and for alarms.
    allowed = _rolling_take(member) and CheckCounter.objects.filter(
        pk=counter.pk, count__lt=limit
    ).update(count=F("count") + 1)
    if not allowed:
        CheckCounter.objects.filter(pk=counter.pk).update(refused=F("refused") + 1)
    counter.refresh_from_db(fields=("count", "refused", "invalid"))
    attempts = counter.count + counter.refused
    if attempts >= settings.VEILLEUSE_CHECKS_ALARM_PER_DAY:
        _alarm_raise(member, day, attempts)
    if not allowed:
        return None
    tally, _created = CheckTally.objects.get_or_create(
        association_id=member.association_id, day=day
    )
    CheckTally.objects.filter(pk=tally.pk).update(count=F("count") + 1)
    grade = identifier_grade(association_id=member.association_id, hashed=hashed)
    return CheckResult(
        reported=grade.independent_reports > 0,
        severity=grade.severity,
        independent_reports=grade.independent_reports,
        last_month=grade.last_month,
        remaining=checks_remaining(member=member),
    )


@transaction.atomic
def _invalid_attempt_record(member: Member) -> bool:
    """Count a mistyped input; False once today's budget of mistakes is spent."""
    day = timezone.localdate(_now())
    counter, _created = CheckCounter.objects.get_or_create(member=member, day=day)
    budget = settings.VEILLEUSE_CHECKS_PER_DAY * INVALID_FACTOR
    allowed = CheckCounter.objects.filter(pk=counter.pk, invalid__lt=budget).update(
        invalid=F("invalid") + 1
    )
    if not allowed:
        CheckCounter.objects.filter(pk=counter.pk).update(refused=F("refused") + 1)
    return bool(allowed)


def _alarm_raise(member: Member, day: date, attempts: int) -> None:
    alarm, created = LookupAlarm.objects.get_or_create(
        member=member,
        day=day,
        defaults={"association_id": member.association_id, "count": attempts},
    )
    if created:
        enqueue(lookup_alarm_notify, alarm_id=alarm.pk)
    else:
        LookupAlarm.objects.filter(pk=alarm.pk).update(count=attempts)


def identifier_grade(*, association_id: int, hashed: str) -> Grade:
    """What approved reports of the association say about the identifier ``hashed``.

    A report that became a published alert is graded as the alert says (the moderators may
    set the alert's severity above the report's): a member must not read "caution" here
    where the alert of the same report says "danger" (issue 14)."""
    rows = list(
        Report.objects.filter(
            association_id=association_id,
            status=ReportStatus.APPROVED,
            duplicate_of__isnull=True,
            identifiers__lookup_hash=hashed,
            identifiers__redacted=False,
        )
        .annotate(
            alert_severity=Max("alerts__severity", filter=Q(alerts__status=AlertStatus.PUBLISHED))
        )
        .values_list("pk", "author_hash", "severity", "occurred_on", "alert_severity")
    )
    severity: int | None = None
    latest: date | None = None
    for _pk, _author_id, report_severity, occurred_on, alert_severity in rows:
        graded = alert_severity or report_severity or Severity.LOW
        severity = max(severity or 0, graded)
        latest = occurred_on if latest is None else max(latest, occurred_on)
    return Grade(
        severity=severity,
        independent_reports=independent_count((pk, author) for pk, author, *_ in rows),
        last_month=latest.replace(day=1) if latest else None,
    )
