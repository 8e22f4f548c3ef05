"""The duress passphrase (issue 17): it opens a plausible, empty account; signing in takes
the same work whether a member has one or not; the association is told only if she chose
it; the database does not say who has one; and the decoy's session cannot reach the real
account."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse

from veilleuse.alerts.cast import MEMBER_PASSPHRASE
from veilleuse.alerts.models import Member
from veilleuse.alerts.services.duress import DURESS_ACTION, decoy_of, member_duress_set
from veilleuse.alerts.tests.reporting import alert_from, member_report
from veilleuse.core.models import AuditEntry

pytestmark = pytest.mark.django_db

DURESS = "parapluie jaune sous la pluie"
STORY = "Il ne m'a pas payée et a pris mon téléphone."


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def signed_in_with(pseudonym: str, passphrase: str) -> Client:
    client = Client()
    answer = client.post(
        reverse("alerts:login"), {"pseudonym": pseudonym, "passphrase": passphrase}
    )
    assert answer.status_code == 302
    assert answer["Location"] == reverse("alerts:feed")
    return client


def page(client: Client, name: str) -> str:
    answer = client.get(reverse(name))
    assert answer.status_code == 200, name
    return answer.content.decode()


def test_the_duress_passphrase_opens_an_empty_account_under_her_pseudonym(network) -> None:
    report = member_report(network.rosa, description=STORY)
    alert_from(report)
    member_duress_set(
        member=network.rosa, passphrase=MEMBER_PASSPHRASE, duress=DURESS, notify=False
    )
    real, decoy = signed_in_with("Rosa", MEMBER_PASSPHRASE), signed_in_with("rosa", DURESS)

    assert 'class="alert' in page(real, "alerts:feed")
    assert 'class="alert' not in page(decoy, "alerts:feed")
    assert STORY not in page(decoy, "alerts:my_data")
    assert "Rosa" in page(decoy, "alerts:my_data")
    assert f"/mes-signalements/{report.pk}/" not in page(decoy, "alerts:my_reports")
    assert decoy.get(reverse("alerts:my_report", args=[report.pk])).status_code == 404
    assert 'data-set="no"' in page(decoy, "alerts:duress")
    assert 'data-set="yes"' in page(real, "alerts:duress")
    # The same pages, in the same language, as her real account.
    assert page(decoy, "alerts:report_new").count("<input") == page(
        real, "alerts:report_new"
    ).count("<input")


class CountingHasher(MD5PasswordHasher):
    """The test hasher, counting how many passphrases it hashes."""

    algorithm = "md5"
    work = 0

    def encode(self, password, salt):
        CountingHasher.work += 1
        return super().encode(password, salt)


def hashing_work(pseudonym: str, passphrase: str) -> int:
    CountingHasher.work = 0
    Client().post(reverse("alerts:login"), {"pseudonym": pseudonym, "passphrase": passphrase})
    return CountingHasher.work


def test_signing_in_costs_the_same_hashing_with_or_without_a_duress_passphrase(
    network, settings
) -> None:
    member_duress_set(
        member=network.rosa, passphrase=MEMBER_PASSPHRASE, duress=DURESS, notify=False
    )
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    hashing_work("Lin", "warming up")  # the throwaway hash is made once, at the first sign-in

    work = {
        "Rosa, with a decoy, wrong": hashing_work("Rosa", "not the passphrase at all"),
        "Lin, without one, wrong": hashing_work("Lin", "not the passphrase at all"),
        "unknown pseudonym": hashing_work("Nobody Here", "not the passphrase at all"),
        "Rosa, her passphrase": hashing_work("Rosa", MEMBER_PASSPHRASE),
        "Rosa, the duress passphrase": hashing_work("Rosa", DURESS),
        "Lin, her passphrase": hashing_work("Lin", MEMBER_PASSPHRASE),
    }

    assert set(work.values()) == {2}, work


def test_the_association_is_told_of_a_duress_sign_in_only_if_she_chose_it(
    network, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    member_duress_set(member=network.lin, passphrase=MEMBER_PASSPHRASE, duress=DURESS, notify=False)
    member_duress_set(member=network.rosa, passphrase=MEMBER_PASSPHRASE, duress=DURESS, notify=True)

    with django_capture_on_commit_callbacks(execute=True):
        signed_in_with("Lin", DURESS)
    assert not AuditEntry.objects.filter(action=DURESS_ACTION).exists()
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        signed_in_with("Rosa", DURESS)

    entry = AuditEntry.objects.get(action=DURESS_ACTION)
    assert entry.target_id == str(network.rosa.pk)  # the real member, for the association
    assert entry.actor is None
    assert sorted(message.to[0] for message in mailoutbox) == [
        "marc@example.org",
        "mona@example.org",
    ]
    assert all("Rosa" in message.body for message in mailoutbox)


def test_a_copy_of_the_database_does_not_tell_who_has_a_duress_passphrase(network) -> None:
    member_duress_set(member=network.rosa, passphrase=MEMBER_PASSPHRASE, duress=DURESS, notify=True)
    real_ids = [network.rosa.pk, network.lin.pk, network.ana.pk, network.sam.pk]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, decoy_ref, decoy_notify FROM alerts_member WHERE id IN (%s, %s, %s, %s)",
            real_ids,
        )
        rows = cursor.fetchall()

    refs = [str(ref) for _id, ref, _notify in rows]
    assert len({len(ref) for ref in refs}) == 1  # same length, with a decoy or without
    assert len(set(refs)) == len(refs)  # no two alike
    assert not any("000000000000" in ref for ref in refs)
    assert {notify for _id, _ref, notify in rows} == {False}  # the choice sits on the decoy


def test_the_decoy_session_cannot_reach_or_undo_the_real_account(network) -> None:
    member_duress_set(
        member=network.rosa, passphrase=MEMBER_PASSPHRASE, duress=DURESS, notify=False
    )
    decoy = signed_in_with("Rosa", DURESS)

    decoy.post(
        reverse("alerts:duress"),
        {
            "passphrase": DURESS,
            "duress": "another one for the road",
            "duress_again": "another one for the road",
        },
    )
    decoy.post(reverse("alerts:duress"), {"passphrase": DURESS, "remove": "1"})
    decoy.post(reverse("alerts:my_data_erase"), {"passphrase": DURESS})

    network.rosa.refresh_from_db()
    assert Member.objects.filter(pk=network.rosa.pk).exists()  # her account is untouched
    assert decoy_of(member=network.rosa) is None  # the decoy erased itself, and only itself
    assert signed_in_with("Rosa", MEMBER_PASSPHRASE)
