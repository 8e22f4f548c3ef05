"""Running the network: invitations, zones, staff roles and partner associations.

The association's administrators do this (``access_network_admin``); members are suspended
and removed through ``services.members``. Each service is one transaction with its audit
entry.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from veilleuse.accounts.models import Association, Membership, Role, User
from veilleuse.alerts.models import (
    MemberInvitation,
    NetworkRole,
    NetworkRoleKind,
    Partnership,
    Zone,
)
from veilleuse.alerts.staff_mail import network_role_granted_notify
from veilleuse.core.audit import audit, audited_delete
from veilleuse.core.tasks import enqueue


@transaction.atomic
def member_invitation_revoke(*, actor: User, invitation: MemberInvitation) -> MemberInvitation:
    """The code can no longer be used (lost, given to the wrong person)."""
    invitation = MemberInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.used_at is not None:
        raise ValidationError(_("This invitation was already used: suspend the member instead."))
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at", "updated"])
        audit(
            actor=actor,
            action="member_invitation.revoke",
            target=invitation,
            association_id=invitation.association_id,
        )
    return invitation


def _unique_zone_slug(association: Association, name: str) -> str:
    base = slugify(name)[:70] or "zone"
    slug, number = base, 2
    while Zone.objects.filter(association=association, slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def zone_create(*, actor: User, association: Association, name: str) -> Zone:
    """A new zone, last in the list."""
    name = " ".join(name.split())
    if Zone.objects.filter(association=association, name__iexact=name).exists():
        raise ValidationError({"name": _("A zone of this name already exists.")})
    last = Zone.objects.filter(association=association).aggregate(last=Max("position"))["last"]
    zone = Zone(
        association=association,
        name=name,
        slug=_unique_zone_slug(association, name),
        position=0 if last is None else last + 1,
    )
    zone.full_clean()
    zone.save()
    audit(actor=actor, action="zone.create", target=zone, association_id=association.pk)
    return zone


@transaction.atomic
def zone_update(
    *,
    actor: User,
    zone: Zone,
    name: str | None = None,
    position: int | None = None,
    active: bool | None = None,
) -> Zone:
    """Rename, move or (de)activate a zone. A deactivated zone keeps its reports and alerts
    but can no longer be chosen. Its slug never changes (links and exports keep working)."""
    zone = Zone.objects.select_for_update().get(pk=zone.pk)
    if name is not None:
        name = " ".join(name.split())
        others = Zone.objects.filter(association_id=zone.association_id).exclude(pk=zone.pk)
        if others.filter(name__iexact=name).exists():
            raise ValidationError({"name": _("A zone of this name already exists.")})
        zone.name = name
    if position is not None:
        zone.position = position
    if active is not None:
        zone.active = active
    zone.full_clean()
    zone.save(update_fields=["name", "position", "active"])
    audit(actor=actor, action="zone.update", target=zone, association_id=zone.association_id)
    return zone


@transaction.atomic
def network_role_grant(
    *, actor: User, association: Association, user: User, role: str
) -> NetworkRole:
    """Make a staff member of the association a moderator or a legal worker.

    Never oneself. Where another administrator can approve it (not the one granting, not
    the one receiving), the role waits for that approval (``network_role_approve``); in a
    network with one administrator it is in force at once, and the holders of that role are
    told (issue 12, finding 10).
    """
    if role not in NetworkRoleKind.values:
        raise ValidationError({"role": _("Choose a role from the list.")})
    if user.pk == actor.pk:
        raise ValidationError(
            {"user": _("You cannot give yourself a role: another administrator must.")}
        )
    if not Membership.objects.filter(association=association, user_id=user.pk).exists():
        raise ValidationError({"user": _("Choose a staff member of the association.")})
    alone = not _role_approvers(association, actor=actor, user=user).exists()
    granted, created = NetworkRole.objects.get_or_create(
        association=association,
        user=user,
        role=role,
        defaults={"granted_by": actor, "approved_at": timezone.now() if alone else None},
    )
    if created:
        audit(
            actor=actor,
            action="network_role.grant" if alone else "network_role.request",
            target=granted,
            association_id=association.pk,
            role=role,
        )
        if alone:
            enqueue(network_role_granted_notify, role_id=granted.pk)
    return granted


def _role_approvers(association: Association, *, actor: User, user: User) -> QuerySet[Membership]:
    """The administrators who may approve a role ``actor`` gives ``user``: any other one."""
    return Membership.objects.filter(association=association, role=Role.ADMIN).exclude(
        user_id__in=(actor.pk, user.pk)
    )


@transaction.atomic
def network_role_approve(*, actor: User, role: NetworkRole) -> NetworkRole:
    """A second administrator puts a requested role in force."""
    role = NetworkRole.objects.select_for_update().get(pk=role.pk)
    if role.approved_at is not None:
        return role
    granter = role.granted_by or role.user
    if not _role_approvers(role.association, actor=granter, user=role.user).filter(
        user_id=actor.pk
    ):
        raise ValidationError(
            _("Only another administrator can approve this role: not who gave it or got it.")
        )
    role.approved_by, role.approved_at = actor, timezone.now()
    role.save(update_fields=["approved_by", "approved_at", "updated"])
    audit(
        actor=actor,
        action="network_role.approve",
        target=role,
        association_id=role.association_id,
        role=role.role,
    )
    return role


@transaction.atomic
def network_role_revoke(*, actor: User, role: NetworkRole) -> None:
    audited_delete(
        actor=actor,
        action="network_role.revoke",
        target=role,
        association_id=role.association_id,
        role=role.role,
        user=role.user_id,
    )


@transaction.atomic
def partnership_create(*, actor: User, association: Association, partner_slug: str) -> Partnership:
    """Let another association's staff report on someone's behalf (reactivates a former
    partnership)."""
    partner = Association.objects.filter(slug=partner_slug.strip()).first()
    if partner is None or partner.pk == association.pk:
        raise ValidationError({"partner": _("No other association has this identifier.")})
    partnership, created = Partnership.objects.select_for_update().get_or_create(
        association=association, partner=partner
    )
    if not created and not partnership.active:
        partnership.active = True
        partnership.save(update_fields=["active", "updated"])
    audit(
        actor=actor,
        action="partnership.create",
        target=partnership,
        association_id=association.pk,
    )
    return partnership


@transaction.atomic
def partnership_deactivate(*, actor: User, partnership: Partnership) -> Partnership:
    """The partner's staff can no longer report; what they filed stays."""
    partnership.active = False
    partnership.save(update_fields=["active", "updated"])
    audit(
        actor=actor,
        action="partnership.deactivate",
        target=partnership,
        association_id=partnership.association_id,
    )
    return partnership
