"""Reports: filing one (a member, or staff and partners on someone's behalf) and withdrawing it.

The consent ladder is cumulative: each rung allows what the rungs below it allow, and every
report may at least become an alert once moderated (``CONSENT_LADDER``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from veilleuse.accounts.models import Association, User
from veilleuse.alerts.identifiers import IdentifierError, lookup_hash, normalise
from veilleuse.alerts.models import (
    AlertStatus,
    AlertText,
    Identifier,
    IdentifierKind,
    Member,
    Report,
    ReportKind,
    ReportSource,
    ReportStatus,
    Zone,
)
from veilleuse.alerts.models.reports import author_hash_of
from veilleuse.alerts.services.duty import duty_page_open, report_is_urgent
from veilleuse.alerts.services.members import alert_languages
from veilleuse.alerts.services.voice import (
    voice_note_attach,
    voice_note_delete,
    voice_note_inspect,
)
from veilleuse.core.audit import audit

# How many identifiers of each kind one report may name.
MAX_IDENTIFIERS = {IdentifierKind.PHONE: 3, IdentifierKind.PLATE: 2}

# Rung → (alert, statistics, legal support, police), each rung adding to the one below.
CONSENT_LADDER: dict[str, dict[str, bool]] = {
    "alert": {
        "consent_alert": True,
        "consent_statistics": False,
        "consent_legal": False,
        "consent_police": False,
    },
    "statistics": {
        "consent_alert": True,
        "consent_statistics": True,
        "consent_legal": False,
        "consent_police": False,
    },
    "legal": {
        "consent_alert": True,
        "consent_statistics": True,
        "consent_legal": True,
        "consent_police": False,
    },
    "police": {
        "consent_alert": True,
        "consent_statistics": True,
        "consent_legal": True,
        "consent_police": True,
    },
}
WITHDRAWN_REASON = "withdrawn"


class ReportRateLimited(Exception):
    """The author (or filing user) already filed ``VEILLEUSE_REPORTS_PER_DAY`` reports in the
    last 24 hours; views answer 429."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit

    @property
    def message(self) -> str:
        return ngettext(
            "You have already sent %(limit)d report in the last 24 hours. "
            "Try again tomorrow, or contact the association directly.",
            "You have already sent %(limit)d reports in the last 24 hours. "
            "Try again tomorrow, or contact the association directly.",
            self.limit,
        ) % {"limit": self.limit}


def consent_rung(*, report: Report) -> str:
    """The highest rung of the ladder the report's consents reach."""
    for rung in ("police", "legal", "statistics"):
        if all(getattr(report, name) == value for name, value in CONSENT_LADDER[rung].items()):
            return rung
    return "alert"


def reports_filed_recently(*, author: Member | None, filed_by: User | None) -> int:
    """Reports created by this member (or filed by this staff user) in the last 24 hours."""
    since = timezone.now() - timedelta(hours=24)
    recent = Report.objects.filter(created__gte=since)
    if author is not None:
        return recent.by_author(author).count()
    return recent.filter(filed_by=filed_by).count()


def _lock_filer(*, author: Member | None, filed_by: User | None) -> None:
    # Serialises one filer's submissions (PostgreSQL), so two at once cannot both pass the
    # count; SQLite serialises every write transaction anyway.
    if author is not None:
        list(Member.objects.select_for_update().filter(pk=author.pk).values_list("pk"))
    elif filed_by is not None:
        list(get_user_model().objects.select_for_update().filter(pk=filed_by.pk).values_list("pk"))


def _normalise_identifiers(identifiers: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Each ``(kind, raw)`` normalised, blanks dropped, repeats merged; too many or an
    unreadable one raises ``ValidationError``."""
    normalised: list[tuple[str, str]] = []
    for kind, raw in identifiers:
        if not (raw or "").strip():
            continue
        try:
            value = normalise(kind, raw)
        except IdentifierError:
            if kind == IdentifierKind.PHONE:
                message = _("One of the phone numbers cannot be read. Check it or leave it out.")
            else:
                message = _("One of the plates cannot be read. Check it or leave it out.")
            raise ValidationError({"identifiers": message}) from None
        if (kind, value) not in normalised:
            normalised.append((kind, value))
    for kind, limit in MAX_IDENTIFIERS.items():
        if sum(1 for named, _value in normalised if named == kind) > limit:
            raise ValidationError(
                {"identifiers": _("Too many phone numbers or plates for one report.")}
            )
    return normalised


def _check_filer(report: Report) -> None:
    author = report.author
    if report.source == ReportSource.MEMBER:
        if author is None or author.association_id != report.association_id or not author.is_active:
            raise ValidationError(_("Only an active member of the network can file this report."))
    elif report.filed_by is None or author is not None:
        raise ValidationError(_("A report on someone's behalf needs the person who files it."))
    if (report.source == ReportSource.PARTNER) != (report.partner is not None):
        raise ValidationError(_("Only a partner association files as a partner."))


def _check_content(report: Report) -> None:
    errors: dict[str, str] = {}
    if report.occurred_on > timezone.localdate():
        errors["occurred_on"] = _("The date cannot be in the future.")
    zone = report.zone
    if zone is not None and (zone.association_id != report.association_id or not zone.active):
        errors["zone"] = _("Choose a zone from the list.")
    if not report.kinds:
        errors["kinds"] = _("Tick at least one thing that happened.")
    elif any(kind not in ReportKind.values for kind in report.kinds):
        errors["kinds"] = _("Choose what happened from the list.")
    if report.language not in alert_languages():
        errors["language"] = _("Choose a language from the list.")
    if errors:
        raise ValidationError(errors)


def _save_identifiers(report: Report, normalised: list[tuple[str, str]]) -> None:
    for kind, value in normalised:
        identifier = Identifier(
            report=report, kind=kind, value=value, lookup_hash=lookup_hash(kind, value)
        )
        identifier.full_clean()
        identifier.save()


@dataclass(frozen=True)
class ReportDetails:
    """What the person says happened (the report form), apart from who files it."""

    occurred_on: date
    zone: Zone | None
    kinds: Iterable[str]
    language: str
    time_of_day: str = ""
    place: str = ""
    description: str = ""
    aggressor: str = ""
    consent_alert: bool = True
    consent_statistics: bool = False
    consent_legal: bool = False
    consent_police: bool = False
    identifiers: Iterable[tuple[str, str]] = ()
    # A recording of the member telling it (WebM/Opus or MP4/AAC), or nothing.
    voice: bytes = b""
    # She marked it urgent: the person on duty is paged, as the severity rule does. Not kept.
    urgent: bool = False

    def assign(self, report: Report) -> None:
        """Copy the details onto the report, texts trimmed and repeated kinds merged."""
        report.occurred_on, report.time_of_day = self.occurred_on, self.time_of_day
        report.zone, report.place = self.zone, self.place.strip()
        report.kinds = list(dict.fromkeys(self.kinds))
        report.description, report.aggressor = self.description.strip(), self.aggressor.strip()
        report.language = self.language
        report.consent_alert, report.consent_statistics = (
            self.consent_alert,
            self.consent_statistics,
        )
        report.consent_legal, report.consent_police = self.consent_legal, self.consent_police


def _check_rate(*, author: Member | None, filed_by: User | None) -> None:
    _lock_filer(author=author, filed_by=filed_by)
    limit = settings.VEILLEUSE_REPORTS_PER_DAY
    if reports_filed_recently(author=author, filed_by=filed_by) >= limit:
        raise ReportRateLimited(limit)


@transaction.atomic
def report_submit(
    *,
    author: Member | None,
    association: Association,
    source: str,
    filed_by: User | None = None,
    partner: Association | None = None,
    details: ReportDetails,
) -> Report:
    """File a report with its identifiers (encrypted, with their lookup hash), in one
    transaction. Raises ``ValidationError`` for bad input and ``ReportRateLimited`` past
    ``VEILLEUSE_REPORTS_PER_DAY``; in both cases nothing is saved. A report from a decoy
    (the duress passphrase) is checked the same way, then dropped: returned unsaved."""
    report = Report(association=association, source=source, filed_by=filed_by, partner=partner)
    report.author = author  # a property: sets the keyed hash and the encrypted reference
    details.assign(report)
    _check_filer(report)
    _check_content(report)
    normalised = _normalise_identifiers(details.identifiers)
    voice = voice_note_inspect(data=details.voice) if details.voice else None
    _check_rate(author=author, filed_by=filed_by)
    report.full_clean()
    if author is not None and author.is_decoy:  # accepted on screen, kept nowhere (0016)
        return report
    report.save()
    _save_identifiers(report, normalised)
    if voice is not None:
        voice_note_attach(report=report, data=details.voice, info=voice)
    actor = author.user if author is not None else filed_by
    audit(actor=actor, action="report.submit", target=report, association_id=association.pk)
    # The person on duty looks at it now, not on Monday.
    if details.urgent or report_is_urgent(report=report):
        duty_page_open(association=association, report=report)
    return report


@transaction.atomic
def report_withdraw(*, member: Member, report: Report) -> Report:
    """The author takes their report back: its texts, identifiers and voice note are erased, an
    alert still in moderation is rejected and a published one retracted (it leaves every
    feed)."""
    if report.author_hash != author_hash_of(member.pk):
        raise ValidationError(_("Only the author of a report can withdraw it."))
    if report.status == ReportStatus.WITHDRAWN:
        raise ValidationError(_("This report is already withdrawn."))
    now = timezone.now()
    report.status = ReportStatus.WITHDRAWN
    report.withdrawn_at = now
    report.description = ""
    report.aggressor = ""
    report.place = ""
    report.save(
        update_fields=["status", "withdrawn_at", "description", "aggressor", "place", "updated"]
    )
    report.identifiers.all().delete()
    voice_note_delete(report=report)
    unpublished = report.alerts.filter(status__in=(AlertStatus.DRAFT, AlertStatus.AWAITING_SECOND))
    # The texts of an alert that never went out are unpublished data of the report.
    AlertText.objects.filter(alert__in=unpublished).delete()
    unpublished.update(status=AlertStatus.REJECTED, rejection_reason=WITHDRAWN_REASON, updated=now)
    report.alerts.filter(status=AlertStatus.PUBLISHED).update(
        status=AlertStatus.RETRACTED, updated=now
    )
    audit(
        actor=member.user,
        action="report.withdraw",
        target=report,
        association_id=report.association_id,
    )
    return report
