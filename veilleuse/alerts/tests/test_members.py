"""Members: invitation codes, pseudonyms, passphrases and signing in."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError

from veilleuse.alerts.access import access_member, member_alerts
from veilleuse.alerts.cast import MEMBER_PASSPHRASE
from veilleuse.alerts.models import Member, MemberInvitation
from veilleuse.alerts.services.members import (
    member_invitation_create,
    member_register,
    pseudonym_hash,
)


def test_an_invitation_code_makes_one_member_and_is_spent(network, cast):
    invitation, code = member_invitation_create(actor=cast.admin, association=cast.association)
    assert code not in invitation.code_hash
    member = member_register(
        code=code.lower(),
        pseudonym="Nuit",
        passphrase="quatre mots bien longs",
        language="ro",
        zone_ids=[network.zones["belleville"].pk],
    )
    assert member.association == cast.association
    assert member.languages == ["ro"]
    assert member.zone_ids == [network.zones["belleville"].pk]
    assert member.user.email == ""
    with pytest.raises(ValidationError, match="not valid"):
        member_register(code=code, pseudonym="Autre", passphrase="x" * 20, language="fr")
    assert not Member.objects.filter(
        pseudonym_hash=pseudonym_hash(association_id=network.association.pk, pseudonym="Autre")
    ).exists()
    assert MemberInvitation.objects.get().used_at is not None


def test_pseudonyms_are_unique_whatever_their_case(network):
    _, code = member_invitation_create(actor=None, association=network.association)
    with pytest.raises(ValidationError, match="taken"):
        member_register(code=code, pseudonym=" ROSA ", passphrase="x" * 20, language="es")


def test_members_sign_in_with_pseudonym_and_passphrase(network):
    assert authenticate(None, pseudonym="rosa", passphrase=MEMBER_PASSPHRASE) == network.rosa.user
    assert authenticate(None, pseudonym="rosa", passphrase="wrong passphrase") is None
    assert authenticate(None, pseudonym="nobody", passphrase=MEMBER_PASSPHRASE) is None


def test_a_suspended_member_is_refused_by_the_gate(network):
    from veilleuse.alerts.access import MemberSuspended

    assert access_member(network.rosa.user) == network.rosa
    with pytest.raises(MemberSuspended):
        access_member(network.sam.user)
    assert list(member_alerts(network.rosa)) == []
