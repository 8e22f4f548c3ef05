"""The check-in pages: recording in a few taps, "I am safe" and the duress code giving the
same answer, the acknowledgement link, and the duty page."""

from __future__ import annotations

import json
import re
from datetime import time, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from veilleuse.alerts.models import (
    Checkin,
    CheckinState,
    DutyPage,
    EscalationMessage,
    Report,
)
from veilleuse.alerts.services.checkins import (
    checkin_create,
    checkin_duress,
    safety_codes_set,
    safety_plan_update,
)
from veilleuse.alerts.services.duty import duty_slot_add
from veilleuse.alerts.services.escalation import ack_token
from veilleuse.core.models import AuditEntry

pytestmark = pytest.mark.django_db

CSRF_VALUE = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture
def rosa_client(network) -> Client:
    client = Client()
    client.force_login(network.rosa.user)
    return client


def in_two_hours() -> str:
    return timezone.localtime(timezone.now() + timedelta(hours=2)).strftime("%H:%M")


def test_a_check_in_is_recorded_in_one_form_and_the_number_checked(rosa_client) -> None:
    response = rosa_client.post(
        reverse("alerts:checkin"),
        {
            "due_time": in_two_hours(),
            "place": "Hôtel",
            "identifier_kind": "phone",
            "identifier": "0611223344",
        },
    )

    assert response.status_code == 200
    assert (
        response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    )
    assert "no-store" in response["Cache-Control"]
    assert 'data-reported="no"' in response.content.decode()
    assert Checkin.objects.get().state == CheckinState.OPEN


def test_a_bad_number_is_said_on_its_field_in_her_language(rosa_client) -> None:
    response = rosa_client.post(
        reverse("alerts:checkin"),
        {"due_time": in_two_hours(), "identifier_kind": "phone", "identifier": "hello"},
    )

    assert response.status_code == 400
    assert "Esto no es un número de teléfono." in response.content.decode()  # Rosa reads Spanish
    assert not Checkin.objects.exists()


def test_duress_and_safe_check_ins_give_her_the_same_answer(network, rosa_client) -> None:
    safety_codes_set(member=network.rosa, checkin_code="4821", duress_code="9173")
    answers = []
    for code in ("4821", "9173"):
        due = timezone.now() + timedelta(hours=1)
        checkin = checkin_create(member=network.rosa, due_at=due).checkin
        response = rosa_client.post(
            reverse("alerts:checkin_safe", args=[checkin.pk]), {"code": code}
        )
        done = rosa_client.get(response["Location"])
        # The CSRF token is masked afresh on every page: the only part allowed to differ.
        body = CSRF_VALUE.sub("", done.content.decode())
        answers.append((response.status_code, response["Location"], done.status_code, body))

    assert answers[0] == answers[1]
    assert list(Checkin.objects.order_by("pk").values_list("state", "reason")) == [
        ("safe", ""),
        ("escalated", "duress"),
    ]
    # Back on the check-in page: a new form, nothing of either date.
    again = rosa_client.get(reverse("alerts:checkin")).content.decode()
    assert 'id="checkin-form"' in again


def test_a_wrong_code_is_refused_and_nothing_closes(network, rosa_client) -> None:
    safety_codes_set(member=network.rosa, checkin_code="4821", duress_code="9173")
    checkin = checkin_create(
        member=network.rosa, due_at=timezone.now() + timedelta(hours=1)
    ).checkin

    response = rosa_client.post(reverse("alerts:checkin_safe", args=[checkin.pk]), {"code": "1111"})

    assert response.status_code == 400
    assert Checkin.objects.get().state == CheckinState.OPEN


def test_another_members_check_in_is_not_found(network, rosa_client) -> None:
    anas = checkin_create(member=network.ana, due_at=timezone.now() + timedelta(hours=1)).checkin

    assert rosa_client.post(reverse("alerts:checkin_safe", args=[anas.pk])).status_code == 404
    assert Checkin.objects.get().state == CheckinState.OPEN


def duress_message(network):
    safety_plan_update(
        member=network.ana,
        remind_first=True,
        grace_minutes=10,
        notify_duty=True,
        contacts=[("email", "amie@example.org")],
    )
    checkin = checkin_create(
        member=network.ana, due_at=timezone.now() + timedelta(hours=1), place="Quai de Valmy"
    ).checkin
    checkin_duress(checkin=checkin)
    return EscalationMessage.objects.get(checkin=checkin, recipient="contact")


def test_the_link_shows_what_she_recorded_and_acknowledges_once(network) -> None:
    message = duress_message(network)
    url = reverse("alerts:checkin_ack", args=[message.pk, ack_token(message=message)])
    client = Client()

    page = client.get(url)
    assert "Quai de Valmy" in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    assert Checkin.objects.get().state == CheckinState.ESCALATED  # a GET changes nothing
    client.post(url)
    client.post(url)

    assert Checkin.objects.get().state == CheckinState.ACKNOWLEDGED
    assert AuditEntry.objects.filter(action="checkin.acknowledge").count() == 1


def test_a_link_with_a_wrong_mac_is_not_found(network) -> None:
    message = duress_message(network)
    url = reverse("alerts:checkin_ack", args=[message.pk, "0" * 40])

    assert Client().get(url).status_code == 404
    assert Client().post(url).status_code == 404
    assert Checkin.objects.get().state == CheckinState.ESCALATED


def test_the_duty_page_shows_what_waits_and_the_person_on_duty_acknowledges(network, cast) -> None:
    duty_slot_add(
        actor=cast.admin,
        association=network.association,
        weekday=0,
        starts=time(22, 0),
        ends=time(6, 0),
        person=None,
        backup=None,
    )
    duress_message(network)
    mona = Client()
    mona.force_login(network.moderator)
    url = reverse("alerts:duty", args=[network.association.slug])

    page = mona.get(url).content.decode()
    assert "Quai de Valmy" in page
    assert 'id="duty-gaps"' in page
    assert AuditEntry.objects.filter(action="checkin.view").count() == 1
    pk = DutyPage.objects.get().pk
    mona.post(reverse("alerts:duty_acknowledge", args=[network.association.slug, pk]))

    assert DutyPage.objects.get().acknowledged_by == network.moderator
    assert Checkin.objects.get().state == CheckinState.ACKNOWLEDGED
    assert "Quai de Valmy" not in mona.get(url).content.decode()


def test_after_checking_in_the_report_form_starts_from_what_she_recorded(
    network, rosa_client
) -> None:
    due = timezone.now() + timedelta(hours=1)
    checkin = checkin_create(
        member=network.rosa, due_at=due, place="Quai de Jemmapes", identifier="0611223344"
    ).checkin
    rosa_client.post(reverse("alerts:checkin_safe", args=[checkin.pk]))

    form = rosa_client.get(reverse("alerts:report_new")).content.decode()

    assert 'value="Quai de Jemmapes"' in form
    assert 'value="+33611223344"' in form
    assert "Jemmapes" not in Client().get(reverse("alerts:report_new")).content.decode()


def test_her_data_lists_her_plan_and_check_ins_never_the_codes(network, rosa_client) -> None:
    rosa = network.rosa
    safety_plan_update(
        member=rosa,
        remind_first=True,
        grace_minutes=15,
        notify_duty=False,
        contacts=[("email", "amie@example.org")],
    )
    safety_codes_set(member=rosa, checkin_code="4821", duress_code="9173")
    due = timezone.now() + timedelta(hours=1)
    checkin_create(member=rosa, due_at=due, place="Hôtel du Nord", identifier="0611223344")
    checkin_duress(checkin=checkin_create(member=rosa, due_at=due, place="Quai").checkin)

    download = rosa_client.get(reverse("alerts:my_data_json"))
    data = json.loads(download.content)
    page = rosa_client.get(reverse("alerts:my_data")).content.decode()

    assert data["safety_plan"] == {
        "remind_first": True,
        "grace_minutes": 15,
        "notify_duty": False,
        "trusted_contacts": [{"kind": "email", "value": "amie@example.org"}],
        "codes_set": True,
    }
    # The duress check-in reads as a safe one, in the download as on her pages.
    assert [(c["place"], c["state"]) for c in data["checkins"]] == [
        ("Hôtel du Nord", "waiting"),
        ("Quai", "safe"),
    ]
    assert data["checkins"][0]["identifier"] == "+33611223344"
    assert all("reason" not in checkin for checkin in data["checkins"])
    for secret in ("4821", "9173", "pbkdf2"):
        assert secret not in download.content.decode()
        assert secret not in page
    # Rosa reads Spanish: her plan and check-ins, labelled in her language.
    for shown in ("amie@example.org", "Hôtel du Nord", "Esperando tu confirmación", "Confirmado"):
        assert shown in page


def test_a_report_she_marks_urgent_pages_the_person_on_duty(network, cast, rosa_client) -> None:
    from veilleuse.alerts.tests.test_member_views import report_form_data

    for weekday in range(7):
        duty_slot_add(
            actor=cast.admin,
            association=network.association,
            weekday=weekday,
            starts=time(0, 0),
            ends=time(23, 59, 59),
            person=network.moderator,
            backup=None,
        )
    form = rosa_client.get(reverse("alerts:report_new")).content.decode()
    assert 'name="urgent"' in form
    assert "Urgente: necesito a alguien ahora" in form  # Rosa reads Spanish

    zone = network.zones["belleville"].pk
    for urgent in ("", "on"):  # the same report (a non-violent kind), unmarked then marked
        data = report_form_data(zone=zone, kinds=["non_payment"])
        if urgent:
            data["urgent"] = urgent
        assert rosa_client.post(reverse("alerts:report_new"), data).status_code == 302

    page = DutyPage.objects.get()
    assert page.report == Report.objects.order_by("pk").last()
    assert page.person == network.moderator
    assert EscalationMessage.objects.filter(page=page, recipient="duty").count() == 1


def test_failed_check_in_messages_show_on_the_deliveries_page(network) -> None:
    message = duress_message(network)
    EscalationMessage.objects.filter(pk=message.pk).update(
        state="dead", attempts=240, last_error="HTTP 503 from the gateway"
    )
    mona = Client()
    mona.force_login(network.moderator)

    page = mona.get(reverse("alerts:deliveries", args=[network.association.slug]))
    body = page.content.decode()
    listed = body.split('id="dead-checkin-messages"')[1]

    assert page.status_code == 200
    assert f"#{message.checkin_id}" in listed
    assert "HTTP 503 from the gateway" in listed
    assert "amie@example.org" not in body  # the contact's address stays behind


def test_the_duty_page_says_how_she_is_paged(network) -> None:
    from veilleuse.alerts.models import DutyContact

    mona = Client()
    mona.force_login(network.moderator)
    url = reverse("alerts:duty", args=[network.association.slug])

    assert 'data-channel="email"' in mona.get(url).content.decode()
    DutyContact.objects.create(
        association=network.association, user=network.moderator, channel="sms", phone="+33600000001"
    )
    assert 'data-channel="sms"' in mona.get(url).content.decode()
