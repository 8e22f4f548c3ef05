"""Reads for the staff pages of the alert network (moderation and administration).

Lists here never decrypt a report's texts: only the report's own page does (and is audited).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from veilleuse.accounts.models import Association, Membership, Role, User
from veilleuse.alerts.models import (
    LIVE_REPORT_STATUSES,
    Alert,
    AlertStatus,
    Member,
    MemberInvitation,
    NetworkRole,
    NetworkRoleKind,
    Partnership,
    Report,
    ReportStatus,
    VoiceNote,
    Zone,
)
from veilleuse.alerts.models.reports import reports_with_authors
from veilleuse.alerts.services.members import pseudonym_key
from veilleuse.alerts.targeting import targeting_entries


@dataclass(frozen=True)
class ModerationQueue:
    reports: list[Report]  # submitted, oldest first
    counts: list[tuple[str, str, int]]  # (status, its label, how many reports)
    drafts: list[Alert]  # composed, not yet approved
    awaiting_second: list[Alert]  # approved once, by someone else than the viewer
    # approved once by the viewer: waiting for another moderator, not for them (issue 14)
    approved_by_viewer: list[Alert] = field(default_factory=list)


def _report_rows(queryset: QuerySet[Report]) -> QuerySet[Report]:
    # ``defer`` keeps the encrypted texts out of lists: nothing is decrypted here.
    return queryset.select_related("zone", "filed_by", "partner").defer(
        "description", "aggressor", "place"
    )


def moderation_queue(association: Association, viewer: User) -> ModerationQueue:
    """Five queries, however many reports and alerts."""
    reports = _report_rows(
        Report.objects.filter(association=association, status=ReportStatus.SUBMITTED)
    ).order_by("created", "id")
    rows = Report.objects.filter(association=association).values("status")
    found = {row["status"]: row["n"] for row in rows.annotate(n=Count("id")).order_by()}
    counts = [(status, str(label), found.get(status, 0)) for status, label in ReportStatus.choices]
    alerts = (
        Alert.objects.filter(association=association)
        .select_related("report", "approved_by")
        .prefetch_related("zones")
        .order_by("created", "id")
    )
    pending = list(alerts.filter(status__in=(AlertStatus.DRAFT, AlertStatus.AWAITING_SECOND)))
    return ModerationQueue(
        reports=reports_with_authors(reports),
        counts=counts,
        drafts=[alert for alert in pending if alert.status == AlertStatus.DRAFT],
        awaiting_second=[
            alert
            for alert in pending
            if alert.status == AlertStatus.AWAITING_SECOND and alert.approved_by_id != viewer.pk
        ],
        approved_by_viewer=[
            alert
            for alert in pending
            if alert.status == AlertStatus.AWAITING_SECOND and alert.approved_by_id == viewer.pk
        ],
    )


def open_reports(association: Association, *, exclude: Report | None = None) -> list[Report]:
    """Reports a report may be merged into (newest first)."""
    queryset = Report.objects.filter(association=association, status__in=LIVE_REPORT_STATUSES)
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude.pk)
    return list(_report_rows(queryset).order_by("-created", "-id")[:200])


@dataclass(frozen=True)
class ReportPage:
    report: Report
    identifiers: list[Any]
    duplicates: list[Report]
    alerts: list[Alert]
    merge_choices: list[Report]
    # Its format and length only: the recording is read by the player, through its gate.
    voice_note: VoiceNote | None = None


def report_page(report: Report) -> ReportPage:
    return ReportPage(
        report=report,
        identifiers=list(report.identifiers.all()),
        duplicates=list(_report_rows(report.duplicates.all()).order_by("created")),
        alerts=list(report.alerts.select_related("approved_by", "second_by").order_by("-id")),
        merge_choices=open_reports(report.association, exclude=report),
        voice_note=VoiceNote.objects.filter(report=report).defer("audio").first(),
    )


def zone_languages(zones: list[Zone]) -> list[str]:
    """The languages the active members of these zones read: the alert's default languages."""
    if not zones:
        return []
    wanted = {zone.pk for zone in zones}
    # Zones and languages are encrypted: read from the sealed index (docs/decisions/0011).
    entries = targeting_entries(association_id=zones[0].association_id, remember=False)
    found: set[str] = set()
    for _digest, member_zones, read, language in entries.values():
        if wanted.intersection(member_zones):
            found.update(read, [language])
    return sorted(found)


def alert_page_texts(alert: Alert) -> list[Any]:
    return list(alert.texts.order_by("id"))


# Administration


@dataclass(frozen=True)
class MemberRow:
    """One line of the members' page: pseudonym, status, zones and languages, never the
    contact details."""

    member: Member
    zones: list[str]


def network_members(association: Association) -> list[MemberRow]:
    """The network's members by pseudonym; pseudonyms and zones are encrypted, so both are
    sorted and named here, after decryption."""
    zone_names = dict(Zone.objects.filter(association=association).values_list("pk", "name"))
    members = Member.objects.filter(association=association, is_decoy=False).only(
        "pseudonym", "status", "language", "languages", "zone_ids", "is_demo", "association_id"
    )
    rows = [
        MemberRow(member, [zone_names[pk] for pk in member.zone_ids if pk in zone_names])
        for member in members
    ]
    return sorted(rows, key=lambda row: pseudonym_key(pseudonym=row.member.pseudonym))


def invitation_state(invitation: MemberInvitation) -> str:
    if invitation.used_at:
        return "used"
    if invitation.revoked_at:
        return "revoked"
    if invitation.expires_at <= timezone.now():
        return "expired"
    return "open"


def network_invitations(association: Association) -> list[tuple[MemberInvitation, str]]:
    invitations = MemberInvitation.objects.filter(association=association).select_related(
        "created_by"
    )
    return [(invitation, invitation_state(invitation)) for invitation in invitations[:200]]


def network_zones(association: Association) -> QuerySet[Zone]:
    return Zone.objects.filter(association=association).order_by("position", "name")


def network_roles(association: Association) -> QuerySet[NetworkRole]:
    return (
        NetworkRole.objects.filter(association=association)
        .select_related("user", "granted_by")
        .order_by("user__username", "role")
    )


def association_staff(association: Association) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(association=association)
        .select_related("user")
        .order_by("user__username")
    )


def network_partnerships(association: Association) -> QuerySet[Partnership]:
    return (
        Partnership.objects.filter(association=association)
        .select_related("partner")
        .order_by("-active", "partner__name")
    )


def network_pages(user: User, association: Association) -> dict[str, bool]:
    """Which network pages the user may open (the network home lists them)."""
    roles = set(
        NetworkRole.objects.in_force()
        .filter(association=association, user_id=user.pk)
        .values_list("role", flat=True)
    )
    membership = Membership.objects.filter(association=association, user_id=user.pk).first()
    return {
        "moderation": NetworkRoleKind.MODERATOR in roles,
        "legal": NetworkRoleKind.LEGAL in roles,
        "admin": bool(membership and membership.allows(Role.ADMIN)),
    }


def moderator_landing(user: User) -> str | None:
    """The moderation queue of the first network where ``user`` moderates, if any."""
    from django.urls import reverse

    from veilleuse.alerts.models import NetworkRole, NetworkRoleKind

    role = (
        NetworkRole.objects.in_force()
        .filter(user=user, role=NetworkRoleKind.MODERATOR)
        .select_related("association")
        .order_by("pk")
        .first()
    )
    if role is None:
        return None
    return reverse("alerts:moderation_queue", kwargs={"slug": role.association.slug})
