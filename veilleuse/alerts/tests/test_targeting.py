"""Aiming an alert through the network's sealed targeting index (docs/decisions/0011): only
members the index does not know as they are now are decrypted, a changed profile is never
missed, and a member who leaves leaves no entry behind."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from veilleuse.alerts import crypto
from veilleuse.alerts.cast import MEMBER_PASSPHRASE
from veilleuse.alerts.models import TargetingIndex
from veilleuse.alerts.services.data_rights import member_erase
from veilleuse.alerts.services.members import member_remove
from veilleuse.alerts.targeting import targeted_ids
from veilleuse.alerts.tests.delivery_world import members_bulk

MEMBER_FIELDS = ("alerts.Member.language", "alerts.Member.languages", "alerts.Member.zone_ids")


@pytest.fixture
def decryptions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The purposes of the member fields decrypted, in order (the real ``decrypt`` runs)."""
    seen: list[str] = []
    real = crypto.decrypt_bytes

    def counted(token: str, *, purpose: str) -> bytes:
        if purpose in MEMBER_FIELDS:
            seen.append(purpose)
        return real(token, purpose=purpose)

    monkeypatch.setattr(crypto, "decrypt_bytes", counted)
    return seen


def belleville_fr(network: Any) -> list[int]:
    return targeted_ids(
        association_id=network.association.pk,
        zone_ids=[network.zones["belleville"].pk],
        languages=["fr", "es"],
    )


def test_a_second_alert_decrypts_no_member_and_finds_the_same_ones(
    network: Any, decryptions: list[str]
) -> None:
    members_bulk(network.association, network.zones["belleville"], 40, language="fr")
    first = belleville_fr(network)
    assert len(decryptions) >= 40  # every member was new to the index
    decryptions.clear()
    assert belleville_fr(network) == first
    assert decryptions == []


def test_a_member_who_changed_zones_is_read_again_and_never_missed(
    network: Any, decryptions: list[str]
) -> None:
    rosa, belleville = network.rosa, network.zones["belleville"]
    assert rosa.pk in belleville_fr(network)
    rosa.zone_ids = [network.zones["bois-de-boulogne"].pk]
    rosa.save(update_fields=["zone_ids"])
    decryptions.clear()
    assert rosa.pk not in belleville_fr(network)
    assert sorted(decryptions) == sorted(MEMBER_FIELDS)  # Rosa only, nobody else
    rosa.zone_ids = [belleville.pk]
    rosa.save(update_fields=["zone_ids"])
    assert rosa.pk in belleville_fr(network)


def test_the_index_is_one_sealed_value_per_network(network: Any) -> None:
    belleville_fr(network)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM alerts_targetingindex")
        rows = cursor.fetchall()
    assert [row[0] for row in rows] == [network.association.pk]
    assert str(rows[0][1]).startswith("v1:")  # ciphertext, nothing else beside the network id


@pytest.mark.parametrize("leave", ["erase", "remove"])
def test_a_member_who_leaves_leaves_no_entry_in_the_index(network: Any, leave: str) -> None:
    rosa = network.rosa
    belleville_fr(network)
    assert str(rosa.pk) in TargetingIndex.objects.get().entries
    if leave == "erase":
        member_erase(member=rosa, passphrase=MEMBER_PASSPHRASE)
    else:
        member_remove(actor=network.moderator, member=rosa)
    assert str(rosa.pk) not in TargetingIndex.objects.get().entries
