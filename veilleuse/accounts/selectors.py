"""Reads of the accounts app. Query counts are pinned in tests/test_views_team.py."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Case, Exists, IntegerField, OuterRef, QuerySet, Value, When
from django.http import Http404
from django_otp.plugins.otp_totp.models import TOTPDevice

from veilleuse.accounts.models import Association, Membership, Role, User


def association_by_slug(slug: str) -> Association:
    association = Association.objects.filter(slug=slug).first()
    if association is None:
        raise Http404
    return association


def team_members(association: Association) -> QuerySet[Membership]:
    """The association's staff, administrators first, each with ``has_two_factor``."""
    role_order = Case(
        *(When(role=role, then=Value(-role.rank)) for role in Role),
        output_field=IntegerField(),
    )
    confirmed_device = TOTPDevice.objects.filter(user_id=OuterRef("user_id"), confirmed=True)
    return (
        Membership.objects.filter(association=association)
        .select_related("user")
        .annotate(role_order=role_order, has_two_factor=Exists(confirmed_device))
        .order_by("role_order", "user__username")
    )


def team_membership(association: Association, membership_id: int) -> Membership:
    """One membership of this association; another association's looks missing."""
    membership = (
        Membership.objects.select_related("user", "association")
        .filter(association=association, pk=membership_id)
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def user_memberships(user: User) -> QuerySet[Membership]:
    """The associations a person works for, for their account page."""
    return (
        Membership.objects.filter(user_id=user.pk)
        .select_related("association")
        .order_by("association__name")
    )


def user_confirmed_device(user: User | AnonymousUser) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).order_by("pk").first()


def user_has_confirmed_device(user: User | AnonymousUser) -> bool:
    return bool(TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists())
