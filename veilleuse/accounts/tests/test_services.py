"""The accounts services: each writes once, audits, and refuses what would break a team."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django_otp.plugins.otp_totp.models import TOTPDevice

from veilleuse.accounts.models import Membership, Role, User
from veilleuse.accounts.services import (
    association_two_factor_set,
    membership_add,
    membership_remove,
    membership_role_change,
    two_factor_reset,
)
from veilleuse.accounts.tests.conftest import confirmed_device
from veilleuse.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def membership_of(user: User, association) -> Membership:
    return Membership.objects.get(user=user, association=association)


def test_adding_a_member_creates_an_account_without_password_and_e_mails_a_link(
    cast, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        membership = membership_add(
            actor=cast.admin,
            association=cast.association,
            username="dora",
            email="dora@example.org",
            role=Role.REVIEWER,
        )

    assert membership.role == Role.REVIEWER
    assert membership.user.has_usable_password() is False
    entry = AuditEntry.objects.get(action="membership.add")
    assert entry.actor == cast.admin
    assert entry.association_id == cast.association.pk
    assert entry.data == {"username": "dora", "role": "reviewer", "new_account": True}
    assert [message.to for message in mail.outbox] == [["dora@example.org"]]
    assert "/accounts/password/reset/" in mail.outbox[0].body


def test_no_e_mail_leaves_if_the_addition_is_rolled_back(
    cast, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        membership_add(
            actor=cast.admin,
            association=cast.association,
            username="dora",
            email="dora@example.org",
            role=Role.VIEWER,
        )

    assert len(callbacks) == 1  # queued for after commit, not sent inside the transaction
    assert mail.outbox == []


def test_someone_with_an_account_joins_a_second_team_when_name_and_e_mail_match(
    cast, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        membership = membership_add(
            actor=cast.outsider,
            association=cast.other_association,
            username="bruno",
            email="BRUNO@example.org",
            role=Role.VIEWER,
        )

    assert membership.user == cast.reviewer
    assert cast.reviewer.has_usable_password()
    assert mail.outbox == []


def test_a_taken_username_with_another_e_mail_is_refused(cast) -> None:
    with pytest.raises(ValidationError) as refused:
        membership_add(
            actor=cast.outsider,
            association=cast.other_association,
            username="bruno",
            email="someone-else@example.org",
            role=Role.VIEWER,
        )

    assert "username" in refused.value.message_dict
    assert not Membership.objects.filter(association=cast.other_association, user=cast.reviewer)


def test_adding_someone_already_on_the_team_is_refused(cast) -> None:
    with pytest.raises(ValidationError) as refused:
        membership_add(
            actor=cast.admin,
            association=cast.association,
            username="chloe",
            email="chloe@example.org",
            role=Role.ADMIN,
        )

    assert refused.value.code == "already_member"
    assert membership_of(cast.viewer, cast.association).role == Role.VIEWER


def test_an_invalid_username_is_refused_and_no_account_is_left_behind(cast) -> None:
    with pytest.raises(ValidationError):
        membership_add(
            actor=cast.admin,
            association=cast.association,
            username="no spaces please",
            email="x@example.org",
            role=Role.VIEWER,
        )

    assert not User.objects.filter(email="x@example.org").exists()


def test_changing_a_role_is_audited_with_before_and_after(cast) -> None:
    membership = membership_of(cast.viewer, cast.association)

    membership_role_change(actor=cast.admin, membership=membership, role=Role.REVIEWER)

    assert membership_of(cast.viewer, cast.association).role == Role.REVIEWER
    entry = AuditEntry.objects.get(action="membership.role_change")
    assert entry.data == {"username": "chloe", "previous": "viewer", "role": "reviewer"}
    assert entry.target_id == str(membership.pk)


def test_the_last_administrator_cannot_step_down(cast) -> None:
    membership = membership_of(cast.admin, cast.association)

    with pytest.raises(ValidationError) as refused:
        membership_role_change(actor=cast.admin, membership=membership, role=Role.VIEWER)

    assert refused.value.code == "last_admin"
    assert membership_of(cast.admin, cast.association).role == Role.ADMIN
    assert not AuditEntry.objects.filter(action="membership.role_change").exists()


def test_an_administrator_can_step_down_once_there_is_another(cast) -> None:
    membership_role_change(
        actor=cast.admin, membership=membership_of(cast.reviewer, cast.association), role="admin"
    )

    membership_role_change(
        actor=cast.admin, membership=membership_of(cast.admin, cast.association), role="viewer"
    )

    assert membership_of(cast.admin, cast.association).role == Role.VIEWER


def test_removing_a_member_keeps_their_account_and_is_audited(cast) -> None:
    membership_remove(actor=cast.admin, membership=membership_of(cast.viewer, cast.association))

    assert not Membership.objects.filter(user=cast.viewer).exists()
    assert User.objects.filter(pk=cast.viewer.pk).exists()
    entry = AuditEntry.objects.get(action="membership.remove")
    assert entry.data == {"username": "chloe", "role": "viewer"}


def test_the_last_administrator_cannot_be_removed(cast) -> None:
    with pytest.raises(ValidationError) as refused:
        membership_remove(actor=cast.admin, membership=membership_of(cast.admin, cast.association))

    assert refused.value.code == "last_admin"
    assert Membership.objects.filter(user=cast.admin, association=cast.association).exists()
    assert not AuditEntry.objects.filter(action="membership.remove").exists()


def test_an_administrator_resets_a_members_lost_authenticator(cast) -> None:
    confirmed_device(cast.reviewer)

    two_factor_reset(actor=cast.admin, membership=membership_of(cast.reviewer, cast.association))

    assert not TOTPDevice.objects.filter(user=cast.reviewer).exists()
    entry = AuditEntry.objects.get(action="two_factor.reset")
    assert (entry.actor, entry.data) == (cast.admin, {"username": "bruno"})


def test_turning_two_factor_on_and_off_is_audited_each_time(cast) -> None:
    association_two_factor_set(actor=cast.admin, association=cast.association, required=True)
    association_two_factor_set(actor=cast.admin, association=cast.association, required=True)
    association_two_factor_set(actor=cast.admin, association=cast.association, required=False)

    cast.association.refresh_from_db()
    assert cast.association.require_two_factor is False
    entries = AuditEntry.objects.filter(action="association.two_factor_set").order_by("id")
    assert [entry.data for entry in entries] == [{"required": True}, {"required": False}]
