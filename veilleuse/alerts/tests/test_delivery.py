"""From the outbox to the channels: fan-out, leases, retries, dead letters, the tasks."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from veilleuse.alerts import tasks
from veilleuse.alerts.models import Delivery, DeliveryState, Outbox
from veilleuse.alerts.selectors.delivery import delivery_counts
from veilleuse.alerts.services.delivery import (
    deliveries_claim,
    deliveries_run,
    delivery_requeue,
    outbox_process,
)
from veilleuse.alerts.services.members import member_suspend
from veilleuse.alerts.tests.delivery_world import members_bulk, published_alert
from veilleuse.alerts.tests.local_servers import local_server
from veilleuse.core.models import AuditEntry


@pytest.fixture
def sms_to_files(settings, tmp_path):
    settings.VEILLEUSE_SMS_BACKEND = "file"
    settings.VEILLEUSE_SMS_DIR = tmp_path / "sms"
    return tmp_path / "sms"


@pytest.fixture
def contacts(network):
    """Rosa, Lin and Sam (Belleville) chose SMS and e-mail; Ana (Bois de Boulogne) SMS."""
    for number, member in enumerate((network.rosa, network.lin, network.sam, network.ana)):
        member.contact_phone, member.notify_sms = f"+3361234560{number}", True
        member.contact_email, member.notify_email = f"m{number}@example.org", True
        member.save()
    return network


def belleville_alert(network, languages=("es", "fr")):
    return published_alert(network.association, [network.zones["belleville"]], languages)


def test_an_alert_reaches_active_members_of_its_zones_in_their_languages(contacts, sms_to_files):
    alert, entry = belleville_alert(contacts)
    assert outbox_process(outbox_id=entry.pk) == 2
    rows = Delivery.objects.filter(alert=alert)
    # Lin reads Chinese, Sam is suspended, Ana works elsewhere: Rosa only, on both channels.
    assert {(d.member.pseudonym, d.channel) for d in rows} == {("Rosa", "sms"), ("Rosa", "email")}
    Outbox.objects.filter(pk=entry.pk).update(processed_at=None)  # a replay after a crash
    outbox_process(outbox_id=entry.pk)
    assert Delivery.objects.filter(alert=alert).count() == 2
    assert Outbox.objects.get(pk=entry.pk).processed_at is not None


def test_the_fan_out_costs_the_same_queries_for_ten_or_a_hundred_members(
    network, django_assert_max_num_queries
):
    members_bulk(network.association, network.zones["belleville"], 100, language="fr")
    _, entry = belleville_alert(network, ["fr"])
    # Four queries more than before members' zones were encrypted: the alert's zone ids, the
    # members' sealed fields, the targeting index, and (here, where it is new) the members it
    # did not know yet and the index written (docs/decisions/0011).
    with django_assert_max_num_queries(13):
        assert outbox_process(outbox_id=entry.pk) == 100


def test_deliveries_are_sent_once_and_recorded(contacts, sms_to_files, mailoutbox):
    alert, entry = belleville_alert(contacts)
    outbox_process(outbox_id=entry.pk)
    assert deliveries_run() == {"sent": 2}
    assert deliveries_run() == {}
    assert len(list(sms_to_files.iterdir())) == 1
    assert len(mailoutbox) == 1
    assert all(d.sent_at for d in Delivery.objects.filter(alert=alert))


def test_a_failing_gateway_is_retried_with_back_off_then_dead(contacts, settings):
    settings.VEILLEUSE_DELIVERY_RETRY_SECONDS, settings.VEILLEUSE_DELIVERY_MAX_ATTEMPTS = 30, 2
    contacts.rosa.notify_email = False
    contacts.rosa.save()
    _, entry = belleville_alert(contacts)
    outbox_process(outbox_id=entry.pk)
    with local_server(statuses=[503, 503]) as gateway:
        settings.VEILLEUSE_SMS_BACKEND, settings.VEILLEUSE_SMS_URL = "http", gateway.url
        before = timezone.now()
        assert deliveries_run() == {"pending": 1}
        delivery = Delivery.objects.get()
        assert delivery.attempts == 1
        assert delivery.last_error == "SMS gateway answered 503"
        assert delivery.next_attempt_at >= before + timedelta(seconds=30)
        assert deliveries_run() == {}  # not due yet
        Delivery.objects.update(next_attempt_at=timezone.now())
        assert deliveries_run() == {"dead": 1}
    assert len(gateway.received) == 2
    assert Delivery.objects.get().state == DeliveryState.DEAD


def test_a_member_suspended_after_the_fan_out_is_not_notified(contacts, sms_to_files):
    _, entry = belleville_alert(contacts)
    outbox_process(outbox_id=entry.pk)
    member_suspend(actor=None, member=contacts.rosa)
    assert deliveries_run() == {"dead": 2}
    assert set(Delivery.objects.values_list("last_error", flat=True)) == {"member suspended"}
    assert not sms_to_files.exists()


def test_two_workers_never_claim_the_same_row_and_a_dead_workers_rows_come_back(network, settings):
    members_bulk(network.association, network.zones["belleville"], 5, language="fr")
    _, entry = belleville_alert(network, ["fr"])
    outbox_process(outbox_id=entry.pk)
    first, second = deliveries_claim(limit=3), deliveries_claim(limit=3)
    assert len(first) == 3
    assert len(second) == 2
    assert not {d.pk for d in first} & {d.pk for d in second}
    assert deliveries_claim() == []
    # The first worker dies; once its lease has run out, its rows are due again.
    Delivery.objects.filter(pk__in=[d.pk for d in first]).update(
        lease_until=timezone.now() - timedelta(seconds=1)
    )
    assert {d.pk for d in deliveries_claim()} == {d.pk for d in first}


def test_staff_requeue_a_dead_letter_and_it_is_audited(contacts, sms_to_files):
    _, entry = belleville_alert(contacts)
    outbox_process(outbox_id=entry.pk)
    Delivery.objects.update(state=DeliveryState.DEAD, attempts=8, last_error="gateway down")
    delivery = Delivery.objects.get(channel="sms")
    delivery_requeue(delivery=delivery, actor=contacts.moderator)
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_error) == ("pending", 0, "")
    entry = AuditEntry.objects.get(action="delivery.requeue")
    assert entry.data == {"channel": "sms"}
    assert delivery_counts(contacts.association.pk)[0]["pending"] == 1


def test_publishing_delivers_through_the_tasks(
    contacts, sms_to_files, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        alert, _ = belleville_alert(contacts)
    assert set(Delivery.objects.values_list("state", flat=True)) == {"sent"}
    assert (
        sms_to_files / f"veilleuse-alert-{alert.pk}-member-{contacts.rosa.pk}-sms.json"
    ).exists()


def test_the_sweep_recovers_a_lost_queue_message(contacts, sms_to_files):
    alert, entry = belleville_alert(contacts)  # its on-commit message never ran
    tasks.deliveries_sweep.call_local()
    assert Outbox.objects.get(pk=entry.pk).processed_at is not None
    assert Delivery.objects.filter(alert=alert, state="sent").count() == 2
