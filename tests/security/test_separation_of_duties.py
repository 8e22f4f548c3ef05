"""Finding 10 of issue 12: separation of duties does not rest on goodwill.

An administrator cannot give herself a role; where the network has another administrator,
a role is in force only once that other administrator approved it; in a network with one
administrator, the holders of the role are told at once. The two moderators of a four-eyes
decision must be two people the network knows as two: neither gave the other their role,
and both held it before the first approval.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from veilleuse.accounts.models import Membership, Role, User
from veilleuse.alerts.access import access_legal, access_moderation
from veilleuse.alerts.models import AlertStatus, NetworkRole, NetworkRoleKind
from veilleuse.alerts.services import moderation
from veilleuse.alerts.services.network import network_role_approve, network_role_grant
from veilleuse.alerts.tests.moderation_helpers import PHONE, draft_alert, file_report


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def staff(association, username: str, role: str = Role.REVIEWER) -> User:
    user = User.objects.create_user(username, f"{username}@example.org", "a long password 1")
    Membership.objects.create(user=user, association=association, role=role)
    return user


def test_an_admin_cannot_give_herself_a_role_nor_read_a_case_file(network, cast):
    with pytest.raises(ValidationError, match="yourself"):
        network_role_grant(
            actor=cast.admin,
            association=network.association,
            user=cast.admin,
            role=NetworkRoleKind.LEGAL,
        )
    client = Client()
    client.force_login(cast.admin)
    page = reverse("alerts:network_roles", kwargs={"slug": network.association.slug})
    refused = client.post(page, {"user": cast.admin.pk, "role": NetworkRoleKind.MODERATOR})
    assert refused.status_code == 400
    assert not NetworkRole.objects.filter(user=cast.admin).exists()
    with pytest.raises(Http404):
        access_legal(cast.admin, network.association.slug)


def test_with_a_second_admin_a_role_is_in_force_only_once_she_approves_it(network, cast):
    diane = staff(network.association, "diane", Role.ADMIN)
    role = network_role_grant(
        actor=cast.admin,
        association=network.association,
        user=cast.reviewer,
        role=NetworkRoleKind.LEGAL,
    )
    assert role.approved_at is None
    with pytest.raises(Http404):
        access_legal(cast.reviewer, network.association.slug)
    with pytest.raises(ValidationError, match="another administrator"):
        network_role_approve(actor=cast.admin, role=role)
    network_role_approve(actor=diane, role=role)
    assert access_legal(cast.reviewer, network.association.slug) == network.association


def test_with_one_admin_a_grant_is_told_to_the_holders_of_that_role(
    network, cast, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        role = network_role_grant(
            actor=cast.admin,
            association=network.association,
            user=cast.viewer,
            role=NetworkRoleKind.MODERATOR,
        )
    assert role.approved_at is not None
    assert access_moderation(cast.viewer, network.association.slug) == network.association
    told = sorted(address for mail in mailoutbox for address in mail.to)
    assert told == sorted([network.moderator.email, network.second_moderator.email])
    assert all(cast.viewer.get_username() in mail.body for mail in mailoutbox)


def awaiting_second(network, first):
    report = file_report(network, identifiers=[("phone", PHONE)])
    alert = draft_alert(network, report, show_identifiers=True, actor=first)
    alert = moderation.alert_approve(actor=first, alert=alert)
    assert alert.status == AlertStatus.AWAITING_SECOND
    return alert


def test_an_account_the_first_moderator_enrolled_cannot_be_the_second(network, cast):
    # alice, the only admin, also moderates (a role given before this rule), enrols a
    # second account of her own and makes it a moderator: she would meet four eyes alone.
    NetworkRole.objects.create(
        association=network.association, user=cast.admin, role=NetworkRoleKind.MODERATOR
    )
    alice_again = staff(network.association, "alice-bis")
    network_role_grant(
        actor=cast.admin,
        association=network.association,
        user=alice_again,
        role=NetworkRoleKind.MODERATOR,
    )
    alert = awaiting_second(network, cast.admin)
    with pytest.raises(ValidationError, match="gave"):
        moderation.alert_approve(actor=alice_again, alert=alert)
    alert.refresh_from_db()
    assert alert.status == AlertStatus.AWAITING_SECOND
    published = moderation.alert_approve(actor=network.second_moderator, alert=alert)
    assert published.status == AlertStatus.PUBLISHED


def test_a_moderator_named_after_the_first_approval_cannot_be_the_second(network, cast):
    alert = awaiting_second(network, network.moderator)
    late = staff(network.association, "tardive")
    role = NetworkRole.objects.create(
        association=network.association, user=late, role=NetworkRoleKind.MODERATOR
    )
    NetworkRole.objects.filter(pk=role.pk).update(
        approved_at=alert.approved_at + timedelta(seconds=1)
    )
    with pytest.raises(ValidationError, match="before"):
        moderation.alert_approve(actor=late, alert=alert)
    assert alert.approved_at < timezone.now()
