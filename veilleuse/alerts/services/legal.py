"""Legal support: cases opened from reports whose authors asked for it, and the matches
that tell the legal service when several independent reports name the same identifier.

Every write is audited by id and action only: no note, place, name or identifier goes into
the audit log.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from veilleuse.accounts.models import User
from veilleuse.alerts.models import (
    LIVE_REPORT_STATUSES,
    CaseAppointment,
    CaseNote,
    CaseStatus,
    Identifier,
    IdentifierMatch,
    LegalCase,
    NetworkRole,
    NetworkRoleKind,
    Report,
)
from veilleuse.alerts.provenance import independent_count
from veilleuse.alerts.staff_mail import identifier_match_notify
from veilleuse.core.audit import audit
from veilleuse.core.tasks import enqueue

# Reports that may become a case, and that count in same-identifier matches.
LIVE_STATUSES = LIVE_REPORT_STATUSES


def _audit(actor: User, action: str, case: LegalCase, **data: Any) -> None:
    audit(actor=actor, action=action, target=case, association_id=case.association_id, **data)


@transaction.atomic
def case_open(*, actor: User, report: Report) -> LegalCase:
    """A case for the legal service, from a report whose author consented to legal support."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if not report.consent_legal:
        raise ValidationError(_("The author of this report did not ask for legal support."))
    if report.status not in LIVE_STATUSES:
        raise ValidationError(_("This report was rejected, merged or withdrawn."))
    if LegalCase.objects.filter(report=report).exists():
        raise ValidationError(_("This report already has a case."))
    case = LegalCase(association_id=report.association_id, report=report, status=CaseStatus.OPEN)
    case.full_clean()
    case.save()
    _audit(actor, "legal_case.open", case, report_id=report.pk)
    return case


@transaction.atomic
def case_assign(*, actor: User, case: LegalCase, assignee: User | None) -> LegalCase:
    if (
        assignee is not None
        and not NetworkRole.objects.in_force()
        .filter(association_id=case.association_id, user_id=assignee.pk, role=NetworkRoleKind.LEGAL)
        .exists()
    ):
        raise ValidationError({"assigned_to": _("Choose a legal worker of the association.")})
    case.assigned_to = assignee
    case.save(update_fields=["assigned_to", "updated"])
    _audit(actor, "legal_case.assign", case, assignee_id=assignee.pk if assignee else None)
    return case


@transaction.atomic
def case_refer(*, actor: User, case: LegalCase, lawyer: str) -> LegalCase:
    """Refer the case to a partner lawyer (a name, kept as staff typed it)."""
    lawyer = " ".join(lawyer.split())
    if not lawyer:
        raise ValidationError({"lawyer": _("Give the partner lawyer's name.")})
    case.lawyer = lawyer
    case.status = CaseStatus.REFERRED
    case.closed_at = None
    case.full_clean()
    case.save(update_fields=["lawyer", "status", "closed_at", "updated"])
    _audit(actor, "legal_case.refer", case)
    return case


@transaction.atomic
def case_status_change(*, actor: User, case: LegalCase, status: str) -> LegalCase:
    if status not in CaseStatus.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    case.status = status
    case.closed_at = timezone.now() if status == CaseStatus.CLOSED else None
    case.save(update_fields=["status", "closed_at", "updated"])
    _audit(actor, "legal_case.status", case, status=status)
    return case


@transaction.atomic
def case_summary_save(*, actor: User, case: LegalCase, summary: str) -> LegalCase:
    case.summary = summary.strip()
    case.save(update_fields=["summary", "updated"])
    _audit(actor, "legal_case.summary", case)
    return case


@transaction.atomic
def case_complaint_save(*, actor: User, case: LegalCase, text: str) -> LegalCase:
    """Keep the complaint letter as the legal worker edited it."""
    if not text.strip():
        raise ValidationError({"complaint_text": _("The letter is empty.")})
    case.complaint_text = text.replace("\r\n", "\n")
    case.save(update_fields=["complaint_text", "updated"])
    _audit(actor, "legal_case.complaint", case)
    return case


@transaction.atomic
def case_note_add(*, actor: User, case: LegalCase, body: str) -> CaseNote:
    note = CaseNote(case=case, author=actor, body=body.strip())
    note.full_clean()
    note.save()
    _audit(actor, "legal_case.note", case)
    return note


@transaction.atomic
def case_appointment_add(
    *,
    actor: User,
    case: LegalCase,
    at: datetime,
    place: str = "",
    with_whom: str = "",
    note: str = "",
) -> CaseAppointment:
    appointment = CaseAppointment(
        case=case, at=at, place=place.strip(), with_whom=with_whom.strip(), note=note.strip()
    )
    appointment.full_clean()
    appointment.save()
    _audit(actor, "legal_case.appointment", case)
    return appointment


@transaction.atomic
def identifier_matches_refresh(*, association_id: int) -> list[IdentifierMatch]:
    """Record every identifier named by at least two independent live reports of the
    association; tell the legal workers once about each new one. Returns the new matches.

    Doubtful (redacted) identifiers count here: being kept out of a broadcast does not make
    an identifier irrelevant to a lawyer. The worker runs it every 15 minutes
    (``staff_mail.identifier_matches_watch``); moderation may call it after an approval.
    """
    rows = Identifier.objects.filter(
        report__association_id=association_id,
        report__status__in=LIVE_STATUSES,
        report__duplicate_of__isnull=True,
    ).values_list("lookup_hash", "kind", "report_id", "report__author_hash")
    grouped: dict[tuple[str, str], set[tuple[int, str]]] = {}
    for hashed, kind, report_id, author in rows:
        grouped.setdefault((hashed, kind), set()).add((report_id, author))
    new = []
    for (hashed, kind), reports in grouped.items():
        count = independent_count(reports)
        if count < 2:
            continue
        match, created = IdentifierMatch.objects.get_or_create(
            association_id=association_id,
            lookup_hash=hashed,
            defaults={"kind": kind, "reports": count},
        )
        if created:
            match.notified_at = timezone.now()
            match.save(update_fields=["notified_at"])
            enqueue(identifier_match_notify, match_id=match.pk)
            new.append(match)
        elif match.reports != count:
            match.reports = count
            match.save(update_fields=["reports"])
    return new


@transaction.atomic
def case_viewed(*, actor: User, case: LegalCase) -> None:
    """Reading a case reads its report: the audit log keeps who did, and when."""
    _audit(actor, "legal_case.view", case)
