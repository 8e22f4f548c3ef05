"""The duress passphrase (issue 17): it opens a plausible, empty account; signing in takes
the same work whether a member has one or not; the association is told only if she chose
it; the database does not say who has one; and the decoy's session cannot reach the real
account."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from veilleuse.alerts.cast import MEMBER_PASSPHRASE
from veilleuse.alerts.models import Identifier, Member, Report
from veilleuse.alerts.services.duress import DURESS_ACTION, decoy_of, member_duress_set
from veilleuse.alerts.services.members import member_sign_out_everywhere
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
    # The e-mail names nobody (a mailbox keeps it); the page it links to, behind sign-in, does.
    link = reverse("alerts:remote_sign_out", args=[network.association.slug])
    assert all("Rosa" not in message.body + message.subject for message in mailoutbox)
    assert all(link in message.body for message in mailoutbox)
    moderator = Client()
    moderator.force_login(network.moderator)
    listed = moderator.get(link)
    assert "<li>Rosa · " in listed.content.decode()
    assert "<li>Lin · " not in listed.content.decode()  # she did not choose to have it told


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


def test_a_report_from_the_decoy_looks_sent_but_reaches_no_one(
    network, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    """Someone holding her phone cannot file false reports, nor learn how the network reacts:
    the decoy's report gets the real "sent" page and is kept nowhere (no queue, no duty page,
    no audit entry)."""
    member_duress_set(member=network.rosa, passphrase=MEMBER_PASSPHRASE, duress=DURESS, notify=True)
    form = {
        "occurred_on": timezone.localdate().isoformat(),
        "time_of_day": "night",
        "zone": str(network.rosa.zone_ids[0]),
        "kinds": ["theft"],
        "description": STORY,
        "consent": "alert",
    }
    real, decoy = signed_in_with("Rosa", MEMBER_PASSPHRASE), signed_in_with("Rosa", DURESS)
    audited = AuditEntry.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        from_decoy = decoy.post(reverse("alerts:report_new"), form)
    assert from_decoy.status_code == 302
    assert from_decoy["Location"] == reverse("alerts:report_sent")
    assert not Report.objects.exists()
    assert not Identifier.objects.exists()
    assert AuditEntry.objects.count() == audited
    assert mailoutbox == []
    # Bad input gets the same refusal as in her real account.
    assert decoy.post(reverse("alerts:report_new"), {**form, "zone": ""}).status_code == 400
    # Her real account files the same form as ever.
    assert real.post(reverse("alerts:report_new"), form)["Location"] == from_decoy["Location"]
    assert Report.objects.count() == 1


def test_after_a_remote_sign_out_the_decoy_asks_for_its_passphrase_again_like_hers(
    network,
) -> None:
    member_duress_set(
        member=network.rosa, passphrase=MEMBER_PASSPHRASE, duress=DURESS, notify=False
    )
    member_sign_out_everywhere(actor=None, member=network.rosa)

    confirm = reverse("alerts:passphrase_confirm")
    answers = {}
    for passphrase in (MEMBER_PASSPHRASE, DURESS):
        client = Client()
        login = {"pseudonym": "Rosa", "passphrase": passphrase}
        first = client.post(reverse("alerts:login"), login)
        assert first.status_code == 302
        assert first["Location"].startswith(confirm)
        assert client.get(reverse("alerts:feed")).status_code == 302  # not signed in yet
        wrong = client.post(first["Location"], {"passphrase": "not this one at all"})
        second = client.post(first["Location"], {"passphrase": passphrase})
        assert second["Location"] == reverse("alerts:feed")
        answers[passphrase] = (wrong.status_code, client.get(reverse("alerts:feed")).status_code)
        # Asked once: the next sign-in goes straight in.
        assert Client().post(reverse("alerts:login"), login)["Location"] == reverse("alerts:feed")

    assert answers[MEMBER_PASSPHRASE] == answers[DURESS] == (400, 200)


def test_her_data_says_whether_a_duress_passphrase_is_set_never_the_passphrase(network) -> None:
    member_duress_set(member=network.rosa, passphrase=MEMBER_PASSPHRASE, duress=DURESS, notify=True)
    real, decoy = signed_in_with("Rosa", MEMBER_PASSPHRASE), signed_in_with("Rosa", DURESS)
    lin = signed_in_with("Lin", MEMBER_PASSPHRASE)

    def duress_of(client: Client) -> dict:
        answer = client.get(reverse("alerts:my_data_json"))
        assert DURESS not in answer.content.decode()
        return json.loads(answer.content)["profile"]["duress_passphrase"]

    assert duress_of(real) == {"set": True, "tell_association": True}
    assert duress_of(lin) == {"set": False, "tell_association": False}
    assert duress_of(decoy) == {"set": False, "tell_association": False}  # as its duress page
    assert 'data-duress="yes"' in page(real, "alerts:my_data")
    assert 'data-duress="no"' in page(decoy, "alerts:my_data")
    assert DURESS not in page(real, "alerts:my_data")
