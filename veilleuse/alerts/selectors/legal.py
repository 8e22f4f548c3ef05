"""Reads for the legal service's pages: cases, consenting reports waiting for a case, and
same-identifier matches (computed from the live reports, so a report rejected since the
match was first seen stops counting)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from veilleuse.accounts.models import Association, User
from veilleuse.alerts.models import Identifier, IdentifierKind, LegalCase, Report
from veilleuse.alerts.provenance import independent_count
from veilleuse.alerts.services.legal import LIVE_STATUSES


@dataclass(frozen=True)
class MatchView:
    kind: str
    masked: str
    independent_reports: int
    consenting_reports: int
    case_ids: tuple[int, ...] = field(default=())

    @property
    def kind_label(self) -> str:
        return str(IdentifierKind(self.kind).label)


def legal_cases(
    association: Association, *, status: str = "", assigned_to: User | None = None
) -> QuerySet[LegalCase]:
    cases = LegalCase.objects.filter(association=association).select_related(
        "report", "report__zone", "assigned_to"
    )
    if status:
        cases = cases.filter(status=status)
    if assigned_to is not None:
        cases = cases.filter(assigned_to=assigned_to)
    return cases


def reports_awaiting_case(association: Association) -> QuerySet[Report]:
    """Reports whose authors asked for legal support and that have no case yet."""
    return (
        Report.objects.filter(
            association=association,
            consent_legal=True,
            status__in=LIVE_STATUSES,
            legal_case__isnull=True,
        )
        .select_related("zone")
        .order_by("-created", "-id")
    )


def _matches_for(association_id: int, hashes: list[str] | None = None) -> list[MatchView]:
    """Identifiers (all, or those of ``hashes``) named by two or more independent live
    reports of the association, that at least one consenting report names."""
    rows = Identifier.objects.filter(
        report__association_id=association_id,
        report__status__in=LIVE_STATUSES,
        report__duplicate_of__isnull=True,
    )
    if hashes is not None:
        rows = rows.filter(lookup_hash__in=hashes)
    grouped: dict[str, dict[int, tuple[str, bool, int | None]]] = {}
    for hashed, report_id, author, consent, case_id in rows.values_list(
        "lookup_hash",
        "report_id",
        "report__author_hash",
        "report__consent_legal",
        "report__legal_case__id",
    ):
        grouped.setdefault(hashed, {})[report_id] = (author, consent, case_id)
    views = []
    for hashed, reports in grouped.items():
        count = independent_count([(pk, row[0]) for pk, row in reports.items()])
        consenting = sum(1 for row in reports.values() if row[1])
        if count < 2 or not consenting:
            continue  # not a match, or nothing the legal service may open: not shown
        cases = tuple(sorted(row[2] for row in reports.values() if row[2]))
        sample = Identifier.objects.filter(lookup_hash=hashed, report_id__in=reports).first()
        if sample is not None:  # found above; gone only if deleted in between
            views.append(MatchView(sample.kind, sample.masked, count, consenting, cases))
    return views


def identifier_matches(association: Association) -> list[MatchView]:
    return _matches_for(association.pk)


def case_matches(case: LegalCase) -> list[MatchView]:
    """The matches among the identifiers of the case's report."""
    if case.report is None:
        return []
    hashes = list(case.report.identifiers.values_list("lookup_hash", flat=True))
    return _matches_for(case.association_id, hashes)
