"""The alert network's part of the shared cast (convention 7), built on ``cast_create()``.

In the association "Collectif démo":

- zones: the areas of the seed questionnaire's city (``ZONES``);
- staff with network roles: ``mona`` and ``marc`` (moderators, so that four-eyes can be
  shown), ``lea`` (legal worker); ``alice`` stays the admin, with no network role;
- a partner association "Association partenaire" and its staff member ``paul``;
- members (pseudonyms marked as demo), all with ``MEMBER_PASSPHRASE``: ``Rosa`` (Spanish,
  Belleville), ``Lin`` (Chinese, Belleville), ``Ana`` (Portuguese, Bois de Boulogne) and the
  suspended ``Sam`` (French, Belleville).

Idempotent, like ``cast_create``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction

if TYPE_CHECKING:  # the models are imported inside the functions: see network_cast_create
    from veilleuse.accounts.models import Association, User
    from veilleuse.alerts.models import Member, Zone

MEMBER_PASSPHRASE = "lanterne violette sur le canal"  # noqa: S105 - the demo's, printed by make demo

ZONES = (
    ("bois-de-boulogne", "Bois de Boulogne"),
    ("bois-de-vincennes", "Bois de Vincennes"),
    ("belleville", "Belleville"),
    ("marechaux", "Boulevards des Maréchaux"),
    ("chateau-rouge", "Château Rouge"),
    ("porte-de-choisy", "Porte de Choisy"),
    ("en-ligne", "En ligne"),
)


@dataclass(frozen=True)
class NetworkCast:
    association: Association
    zones: dict[str, Zone]
    moderator: User
    second_moderator: User
    legal_worker: User
    partner_association: Association
    partner_staff: User
    rosa: Member
    lin: Member
    ana: Member
    sam: Member


@transaction.atomic
def network_cast_create(association: Association, password: str) -> NetworkCast:
    from veilleuse.accounts.models import Association
    from veilleuse.alerts.models import MemberStatus, Partnership, Zone

    zones = {}
    for position, (slug, name) in enumerate(ZONES):
        zones[slug], _ = Zone.objects.get_or_create(
            association=association, slug=slug, defaults={"name": name, "position": position}
        )
    partner, _ = Association.objects.get_or_create(
        slug="partenaire", defaults={"name": "Association partenaire"}
    )
    Partnership.objects.get_or_create(association=association, partner=partner)
    staff = _network_staff(association, partner, password)
    members = _network_members(association, zones)
    sam = members["Sam"]
    if sam.status != MemberStatus.SUSPENDED:
        sam.status = MemberStatus.SUSPENDED
        sam.save(update_fields=["status", "updated"])
    return NetworkCast(
        association=association,
        zones=zones,
        moderator=staff["mona"],
        second_moderator=staff["marc"],
        legal_worker=staff["lea"],
        partner_association=partner,
        partner_staff=staff["paul"],
        rosa=members["Rosa"],
        lin=members["Lin"],
        ana=members["Ana"],
        sam=sam,
    )


def _network_staff(
    association: Association, partner: Association, password: str
) -> dict[str, User]:
    """mona and marc (moderators), lea (legal worker); paul, staff of the partner."""
    from veilleuse.accounts.models import Membership, Role, User
    from veilleuse.alerts.models import NetworkRole, NetworkRoleKind

    staff = {}
    for username, home, role, network_role in (
        ("mona", association, Role.REVIEWER, NetworkRoleKind.MODERATOR),
        ("marc", association, Role.REVIEWER, NetworkRoleKind.MODERATOR),
        ("lea", association, Role.VIEWER, NetworkRoleKind.LEGAL),
        ("paul", partner, Role.ADMIN, None),
    ):
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(username, f"{username}@example.org", password)
        Membership.objects.get_or_create(user=user, association=home, defaults={"role": role})
        if network_role:
            NetworkRole.objects.get_or_create(association=home, user=user, role=network_role)
        staff[username] = user
    return staff


def _network_members(association: Association, zones: dict[str, Zone]) -> dict[str, Member]:
    """Rosa, Lin, Ana and Sam, each in their language and zone."""
    from veilleuse.alerts.models import Member
    from veilleuse.alerts.services.members import member_create, pseudonym_hash

    members = {}
    for pseudonym, language, zone in (
        ("Rosa", "es", "belleville"),
        ("Lin", "zh-hans", "belleville"),
        ("Ana", "pt", "bois-de-boulogne"),
        ("Sam", "fr", "belleville"),
    ):
        hashed = pseudonym_hash(association_id=association.pk, pseudonym=pseudonym)
        member = Member.objects.filter(pseudonym_hash=hashed, association=association).first()
        if member is None:
            member = member_create(
                association=association,
                pseudonym=pseudonym,
                passphrase=MEMBER_PASSPHRASE,
                language=language,
                languages=[language],
                zones=[zones[zone]],
                is_demo=True,
            )
        members[pseudonym] = member
    return members
