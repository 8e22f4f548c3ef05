"""One gate per sensitive object of the alert network (convention 5).

Each gate returns the object or raises ``Http404``: "missing" and "forbidden" look the same
from outside, so that an aggressor who registered cannot learn that a report, an alert or a
member exists. Staff gates go through ``accounts.access.staff_membership`` (which also
enforces two-factor sign-in) and then require a network role:

| who | sees |
|---|---|
| an active member | their own reports; published alerts of their zones and languages |
| a suspended member | nothing but the page saying so |
| a moderator | the reports and alerts of their association |
| a legal worker | legal cases (part 2), not the moderation queue |
| an association admin | members, invitations, zones, roles; not report texts |
| a partner's staff | the form to report on someone's behalf |
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from veilleuse.accounts.access import staff_membership
from veilleuse.accounts.models import Association, Membership, Role, User
from veilleuse.accounts.selectors import association_by_slug
from veilleuse.alerts.models import (
    Alert,
    AlertStatus,
    Checkin,
    Delivery,
    DutyPage,
    DutySlot,
    LegalCase,
    Member,
    MemberStatus,
    NetworkRole,
    NetworkRoleKind,
    Partnership,
    Report,
    StatisticsPublication,
    VoiceNote,
)

M = TypeVar("M", bound=Model)


class MemberSuspended(Exception):
    """A signed-in member whose account staff suspended; views show a page saying so.
    ``member`` is their account, so that the page can speak their language."""

    def __init__(self, member: Member) -> None:
        super().__init__(member)
        self.member = member


def member_of(user: User) -> Member | None:
    """The member account of a signed-in user, whatever its status (None for staff)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Member.objects.select_related("association").filter(user_id=user.pk).first()


def access_member(user: User) -> Member:
    """The caller's own, active member account."""
    member = member_of(user)
    if member is None:
        raise Http404
    if member.status != MemberStatus.ACTIVE:
        raise MemberSuspended(member)
    return member


def network_staff(user: User, association: Association, role: str) -> NetworkRole:
    """The caller's network role (``moderator`` or ``legal``) in the association."""
    staff_membership(user, association.pk, Role.VIEWER)
    granted = (
        NetworkRole.objects.in_force()
        .filter(association=association, user_id=user.pk, role=role)
        .first()
    )
    if granted is None:
        raise Http404
    return granted


def access_moderation(user: User, slug: str) -> Association:
    """The moderation queue of a network: moderators only."""
    association = association_by_slug(slug)
    network_staff(user, association, NetworkRoleKind.MODERATOR)
    return association


def access_network_admin(user: User, slug: str) -> Membership:
    """Managing members, invitations, zones and roles: the association's admins."""
    association = association_by_slug(slug)
    return staff_membership(user, association.pk, Role.ADMIN)


def access_report(user: User, report_id: int) -> Report:
    """A report, for a moderator of its association."""
    report = Report.objects.select_related("association", "zone").filter(pk=report_id).first()
    if report is None:
        raise Http404
    network_staff(user, report.association, NetworkRoleKind.MODERATOR)
    return report


def access_voice_note(user: User, report_id: int) -> VoiceNote:
    """A report's voice note, for a moderator of its association (nobody else hears it)."""
    report = access_report(user, report_id)
    note = VoiceNote.objects.filter(report=report).first()
    if note is None:
        raise Http404
    note.report = report
    return note


def access_own_report(member: Member, report_id: int) -> Report:
    """A report its author (the member) filed."""
    report = Report.objects.by_author(member).select_related("zone").filter(pk=report_id).first()
    if report is None:
        raise Http404
    return report


def access_alert(user: User, alert_id: int) -> Alert:
    """An alert, for a moderator of its association (any status)."""
    alert = Alert.objects.select_related("association", "report").filter(pk=alert_id).first()
    if alert is None:
        raise Http404
    network_staff(user, alert.association, NetworkRoleKind.MODERATOR)
    return alert


def member_alerts(member: Member) -> QuerySet[Alert]:
    """The member's feed, newest first: published (or withdrawn after review), unexpired
    alerts aimed at one of the member's zones and one of their languages.

    The member's zones (decrypted from their row) are matched in the database. Languages are
    a short JSON list on each alert, and JSON containment is not portable between SQLite and
    PostgreSQL, so they are matched here on the (few hundred at most) live alerts of the
    member's zones.
    """
    wanted = member.all_languages
    # An alert withdrawn after a second look stays, marked so, for whoever read it (issue 20).
    shown = Q(status=AlertStatus.PUBLISHED) | Q(
        status=AlertStatus.RETRACTED,
        reviews__action="withdraw",
        reviews__confirmed_at__isnull=False,
    )
    live = (
        Alert.objects.filter(shown, association_id=member.association_id, zones__in=member.zone_ids)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))
        .values_list("pk", "languages")
        .distinct()
    )
    ids = [pk for pk, languages in live if wanted & set(languages)]
    return Alert.objects.filter(pk__in=ids).order_by("-published_at", "-id")


def access_member_alert(member: Member, alert_id: int) -> Alert:
    """One alert of the member's feed."""
    alert = member_alerts(member).filter(pk=alert_id).first()
    if alert is None:
        raise Http404
    return alert


def partnership_of(user: User, association: Association) -> Partnership:
    """The active partnership of ``association`` whose partner the user works for."""
    partnership = (
        Partnership.objects.select_related("partner")
        .filter(association=association, active=True, partner__memberships__user_id=user.pk)
        .order_by("pk")
        .first()
    )
    if partnership is None:
        raise Http404
    staff_membership(user, partnership.partner_id, Role.VIEWER)
    return partnership


def access_report_on_behalf(user: User, slug: str) -> tuple[Association, Partnership | None]:
    """Filing a report on someone's behalf: a moderator of the network (partnership None),
    or the staff of an active partner association (their partnership)."""
    association = association_by_slug(slug)
    try:
        network_staff(user, association, NetworkRoleKind.MODERATOR)
    except Http404:
        return association, partnership_of(user, association)
    return association, None


def access_legal(user: User, slug: str) -> Association:
    """The legal service's pages of a network: its legal workers only (not moderators)."""
    association = association_by_slug(slug)
    network_staff(user, association, NetworkRoleKind.LEGAL)
    return association


def access_case(user: User, case_id: int) -> LegalCase:
    """A legal case, for a legal worker of its association; moderators and admins get 404."""
    case = (
        LegalCase.objects.select_related("association", "report", "report__zone", "assigned_to")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise Http404
    network_staff(user, case.association, NetworkRoleKind.LEGAL)
    return case


def access_legal_report(user: User, report_id: int) -> Report:
    """A report whose author asked for legal support, for a legal worker of its network."""
    report = (
        Report.objects.select_related("association")
        .filter(pk=report_id, consent_legal=True)
        .first()
    )
    if report is None:
        raise Http404
    network_staff(user, report.association, NetworkRoleKind.LEGAL)
    return report


def access_statistics(user: User, slug: str) -> Association:
    """Previewing and publishing a network's statistics: its moderators and its admins
    (admins see only suppressed counts, never a report)."""
    association = association_by_slug(slug)
    if (
        NetworkRole.objects.in_force()
        .filter(association=association, user_id=user.pk, role=NetworkRoleKind.MODERATOR)
        .exists()
    ):
        staff_membership(user, association.pk, Role.VIEWER)
        return association
    staff_membership(user, association.pk, Role.ADMIN)
    return association


def access_statistics_publication(
    user: User, slug: str, publication_id: int
) -> StatisticsPublication:
    """One published set of statistics, for those who may publish them."""
    association = access_statistics(user, slug)
    publication = StatisticsPublication.objects.filter(
        pk=publication_id, association=association
    ).first()
    if publication is None:
        raise Http404
    return publication


def access_delivery(user: User, slug: str, delivery_id: int) -> Delivery:
    """One notification of the network's alerts, for a moderator (the dead-letter page)."""
    association = access_moderation(user, slug)
    delivery = (
        Delivery.objects.select_related("alert")
        .filter(pk=delivery_id, alert__association=association)
        .first()
    )
    if delivery is None:
        raise Http404
    return delivery


def access_network_object(user: User, slug: str, model: type[M], object_id: int) -> M:
    """A member, invitation, zone, network role or partnership of the network (``model``),
    for the association's admins; another association's object is missing (404)."""
    membership = access_network_admin(user, slug)
    found = model._default_manager.filter(pk=object_id, association=membership.association).first()
    if found is None:
        raise Http404
    return found


def access_network_home(user: User, slug: str) -> Association:
    """The network's home page: any staff member of the association (it lists the pages
    their roles open, maybe none)."""
    association = association_by_slug(slug)
    staff_membership(user, association.pk, Role.VIEWER)
    return association


def access_own_checkin(member: Member, checkin_id: int) -> Checkin:
    """A check-in of the member's own."""
    checkin = Checkin.objects.filter(member=member, pk=checkin_id).first()
    if checkin is None:
        raise Http404
    return checkin


def access_duty(user: User, slug: str) -> Association:
    """The duty page (what is waiting for the person on duty): moderators of the network,
    among whom the rota's people are chosen."""
    return access_moderation(user, slug)


def access_duty_page(user: User, slug: str, page_id: int) -> DutyPage:
    association = access_duty(user, slug)
    page = DutyPage.objects.filter(association=association, pk=page_id).first()
    if page is None:
        raise Http404
    return page


def access_duty_slot(user: User, slug: str, slot_id: int) -> DutySlot:
    """A slot of the rota, for the association's admins."""
    membership = access_network_admin(user, slug)
    slot = DutySlot.objects.filter(association_id=membership.association_id, pk=slot_id).first()
    if slot is None:
        raise Http404
    return slot
