"""Who may act for an association. Every staff gate of the other apps goes through
``staff_membership``; "not a member" and "no such thing" look the same from outside (404)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from veilleuse.accounts.models import Association, Membership, Role, User


class TwoFactorRequired(Exception):
    """The person is a member, but must confirm this sign-in with a TOTP code first.
    Views turn it into a redirect to the verification page (``accounts.views``)."""


def two_factor_required(association: Association) -> bool:
    return bool(settings.VEILLEUSE_REQUIRE_2FA or association.require_two_factor)


def staff_membership(
    user: User | AnonymousUser, association_id: int, role: str = Role.VIEWER
) -> Membership:
    """The user's membership of the association, if it grants at least ``role``."""
    if not user.is_authenticated:
        raise Http404
    membership = (
        Membership.objects.select_related("association")
        .filter(user_id=user.pk, association_id=association_id)
        .first()
    )
    if membership is None or not membership.allows(role):
        raise Http404
    if two_factor_required(membership.association) and not two_factor_verified(user):
        raise TwoFactorRequired
    return membership


def two_factor_verified(user: User | AnonymousUser) -> bool:
    """Whether this sign-in was confirmed with a code. ``is_verified`` is set on the request's
    user by django-otp's middleware; a user loaded otherwise has none, hence getattr."""
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


# Members of the alert network (veilleuse/alerts) sign in as users too, with their pseudonym.
# They are never staff: no staff page, no staff sign-in. The relation is named here rather
# than imported, because accounts sits below alerts (docs/architecture.md).
MEMBER_RELATION = "alerts_member"


def is_member_account(user: User | AnonymousUser) -> bool:
    """True for the account of an alert network's member (``alerts.Member.user``)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return hasattr(user, MEMBER_RELATION)
