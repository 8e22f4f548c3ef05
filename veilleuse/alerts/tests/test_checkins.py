"""Safe-date check-ins: recording, checking in, the duress code, and the escalation's state
machine advanced by the worker's passes (each step once, whatever is replayed)."""

from __future__ import annotations

import json
from datetime import time, timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from veilleuse.alerts.models import (
    Checkin,
    CheckinState,
    DutyPage,
    EscalationMessage,
    MessageState,
)
from veilleuse.alerts.services.checkins import (
    checkin_close,
    checkin_create,
    checkin_extend,
    safety_codes_set,
    safety_plan_update,
)
from veilleuse.alerts.services.duty import duty_page_acknowledge, duty_repage_due, duty_slot_add
from veilleuse.alerts.services.escalation import (
    ack_token,
    checkin_acknowledge,
    checkins_advance,
    message_for_ack,
    messages_run,
)
from veilleuse.core.models import AuditEntry
from veilleuse.core.tasks import ALERTS, worker_started

pytestmark = pytest.mark.django_db


@pytest.fixture
def sms_dir(settings, tmp_path: Path) -> Path:
    settings.VEILLEUSE_SMS_BACKEND = "file"
    settings.VEILLEUSE_SMS_DIR = tmp_path / "sms"
    return tmp_path / "sms"


@pytest.fixture
def rosa(network, sms_dir):
    rosa = network.rosa
    rosa.contact_phone, rosa.notify_sms = "+33611111111", True
    rosa.save()
    safety_plan_update(
        member=rosa,
        remind_first=True,
        grace_minutes=10,
        notify_duty=True,
        contacts=[("phone", "06 22 22 22 22"), ("email", "amie@example.org")],
    )
    return rosa


@pytest.fixture
def on_duty(network, cast):
    """mona on duty every hour of every day, marc her backup."""
    for weekday in range(7):
        duty_slot_add(
            actor=cast.admin,
            association=network.association,
            weekday=weekday,
            starts=time(0, 0),
            ends=time(23, 59, 59),
            person=network.moderator,
            backup=network.second_moderator,
        )
    return network.moderator


def record(member, minutes: int = 60, **fields):
    due = timezone.now() + timedelta(minutes=minutes)
    return checkin_create(
        member=member, due_at=due, place="Hôtel du Canal, ch. 12", **fields
    ).checkin


def sms_texts(sms_dir: Path) -> list[dict[str, str]]:
    return [json.loads(p.read_text()) for p in sorted(sms_dir.glob("*.json"))]


def test_what_she_records_is_encrypted_and_the_number_checked_within_the_quota(rosa) -> None:
    recorded = checkin_create(
        member=rosa,
        due_at=timezone.now() + timedelta(hours=2),
        place="Hôtel du Canal",
        identifier="06 98 76 54 32",
    )

    assert recorded.check is not None
    assert recorded.check.reported is False
    assert recorded.check.remaining == 9  # one check of the quota used
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT place, identifier FROM alerts_checkin WHERE id = %s", [recorded.checkin.pk]
        )
        place, identifier = cursor.fetchone()
    assert "Canal" not in place
    assert "9876" not in identifier
    assert Checkin.objects.get().identifier == "+33698765432"


def test_a_time_in_the_past_or_a_bad_number_writes_nothing(rosa) -> None:
    with pytest.raises(ValidationError):
        checkin_create(member=rosa, due_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError):
        record(rosa, identifier="not a number")

    assert not Checkin.objects.exists()


def test_checking_in_in_time_sends_nothing_ever(rosa, on_duty, sms_dir) -> None:
    checkin = record(rosa)
    checkin_close(checkin=checkin)

    assert checkins_advance(now=timezone.now() + timedelta(hours=5)) == 0
    assert messages_run() == {}
    assert Checkin.objects.get().state == CheckinState.SAFE
    assert not EscalationMessage.objects.exists()


def test_a_missed_check_in_reminds_her_then_raises_the_alarm_once(rosa, on_duty, sms_dir) -> None:
    checkin = record(rosa, minutes=30)
    later = timezone.now() + timedelta(minutes=31)

    assert checkins_advance(now=later) == 1
    assert checkins_advance(now=later) == 0  # a second pass, or a restarted worker
    assert list(EscalationMessage.objects.values_list("step", flat=True)) == ["reminder"]
    assert checkins_advance(now=later + timedelta(minutes=10)) == 1
    assert checkins_advance(now=later + timedelta(minutes=20)) == 0
    messages_run()

    checkin.refresh_from_db()
    assert checkin.state == CheckinState.ESCALATED
    assert checkin.reason == "missed"
    steps = sorted(EscalationMessage.objects.values_list("step", "recipient"))
    assert steps == [
        ("alarm", "contact"),
        ("alarm", "contact"),
        ("duty", "duty"),
        ("reminder", "herself"),
    ]
    texts = [m["text"] for m in sms_texts(sms_dir)]
    # The phone contact, in Rosa's language; the reminder, on her own phone.
    assert sum("Rosa no ha confirmado" in t for t in texts) == 1
    assert sum("es hora de confirmar" in t for t in texts) == 1
    assert not any("Canal" in t for t in texts)  # the place is behind the link
    assert len(mail.outbox) == 2  # the e-mail contact, and mona on duty
    assert AuditEntry.objects.filter(action="checkin.message_sent").count() == 4


def test_acknowledging_stops_the_escalation_and_the_link_is_single_use(
    rosa, on_duty, sms_dir
) -> None:
    checkin = record(rosa, minutes=5)
    checkins_advance(now=timezone.now() + timedelta(minutes=6))
    checkins_advance(now=timezone.now() + timedelta(minutes=20))
    message = EscalationMessage.objects.filter(recipient="contact").first()

    assert message_for_ack(message_id=message.pk, token="0" * 40) is None
    found = message_for_ack(message_id=message.pk, token=ack_token(message=message))
    assert checkin_acknowledge(message=found) is True
    assert checkin_acknowledge(message=found) is False

    checkin.refresh_from_db()
    assert checkin.state == CheckinState.ACKNOWLEDGED
    assert DutyPage.objects.get().acknowledged_at is not None
    assert duty_repage_due(now=timezone.now() + timedelta(hours=1)) == 0  # no backup paged
    assert not EscalationMessage.objects.filter(state=MessageState.PENDING).exists()
    assert AuditEntry.objects.filter(action="checkin.acknowledge").count() == 1


def test_nobody_acknowledging_pages_the_backup_once(rosa, on_duty, network, sms_dir) -> None:
    record(rosa, minutes=5)
    checkins_advance(now=timezone.now() + timedelta(minutes=6))
    checkins_advance(now=timezone.now() + timedelta(minutes=20))

    assert duty_repage_due(now=timezone.now() + timedelta(minutes=11)) == 1
    assert duty_repage_due(now=timezone.now() + timedelta(minutes=30)) == 0
    messages_run()
    assert [m.to for m in mail.outbox if "on duty" not in m.subject] != []
    assert EscalationMessage.objects.filter(recipient="backup").count() == 1

    page = DutyPage.objects.get()
    duty_page_acknowledge(page=page, actor=network.second_moderator)
    assert Checkin.objects.get().state == CheckinState.ACKNOWLEDGED


def test_the_duress_code_closes_it_on_her_side_and_raises_the_alarm_at_once(
    rosa, on_duty, sms_dir
) -> None:
    safety_codes_set(member=rosa, checkin_code="4821", duress_code="9173")
    checkin = record(rosa, minutes=120)

    closed = checkin_close(checkin=checkin, code="9173")

    assert closed.looks_closed
    assert closed.state == CheckinState.ESCALATED
    assert closed.reason == "duress"
    assert not EscalationMessage.objects.filter(step="reminder").exists()
    messages_run()
    assert "Rosa ha pedido ayuda" in " ".join(m["text"] for m in sms_texts(sms_dir))


def test_a_wrong_code_changes_nothing_and_the_right_one_closes(rosa, sms_dir) -> None:
    safety_codes_set(member=rosa, checkin_code="4821", duress_code="9173")
    checkin = record(rosa)

    with pytest.raises(ValidationError):
        checkin_close(checkin=checkin, code="0000")
    assert Checkin.objects.get().state == CheckinState.OPEN
    assert checkin_close(checkin=checkin, code="4821").state == CheckinState.SAFE


def test_extending_moves_the_deadline_and_a_closed_one_cannot_be_extended(rosa) -> None:
    checkin = record(rosa, minutes=10)

    extended = checkin_extend(checkin=checkin, minutes=30)
    assert extended.due_at > timezone.now() + timedelta(minutes=35)
    assert checkins_advance(now=timezone.now() + timedelta(minutes=15)) == 0
    checkin_close(checkin=checkin)
    with pytest.raises(ValidationError):
        checkin_extend(checkin=checkin, minutes=30)


def test_a_gateway_down_retries_within_a_minute_and_sends_once(rosa, settings) -> None:
    settings.VEILLEUSE_SMS_BACKEND = "http"
    settings.VEILLEUSE_SMS_URL = "http://127.0.0.1:9/unreachable"
    record(rosa, minutes=1)
    checkins_advance(now=timezone.now() + timedelta(minutes=2))

    assert messages_run() == {"pending": 1}
    reminder = EscalationMessage.objects.get()
    assert reminder.next_attempt_at - timezone.now() <= timedelta(seconds=60)
    assert reminder.last_error.startswith("SMS gateway unreachable")


def test_a_safe_check_in_is_deleted_within_a_day_an_escalated_one_after_30_days(
    rosa, sms_dir
) -> None:
    from veilleuse.alerts.services.checkins import checkins_purge

    safe = record(rosa)
    checkin_close(checkin=safe)
    missed = record(rosa, minutes=5)
    checkins_advance(now=timezone.now() + timedelta(minutes=6))
    checkins_advance(now=timezone.now() + timedelta(minutes=20))

    assert checkins_purge(now=timezone.now() + timedelta(hours=1)) == 0
    assert checkins_purge(now=timezone.now() + timedelta(hours=13)) == 1
    assert list(Checkin.objects.values_list("pk", flat=True)) == [missed.pk]
    assert checkins_purge(now=timezone.now() + timedelta(days=31)) == 1
    assert not EscalationMessage.objects.exists()


def test_a_report_of_violence_pages_the_person_on_duty(network, on_duty) -> None:
    from veilleuse.alerts.services.duty import duty_page_acknowledge
    from veilleuse.alerts.tests.reporting import member_report

    urgent = member_report(network.rosa, kinds=["physical"], identifiers=())
    member_report(network.lin, kinds=["non_payment"], identifiers=())
    messages_run()

    page = DutyPage.objects.get()
    assert page.report == urgent
    assert page.person == on_duty
    assert [m.subject for m in mail.outbox] == ["Veilleuse on duty: an urgent report is waiting"]
    duty_page_acknowledge(page=page, actor=on_duty)
    assert duty_repage_due(now=timezone.now() + timedelta(hours=1)) == 0


def test_the_alert_worker_takes_a_due_step_as_it_starts_once(
    rosa, sms_dir, django_capture_on_commit_callbacks
) -> None:
    """A check-in that came due while the worker was down: its start queues the sweep (run
    in-process by the test profile's immediate queue), twice starting takes the step once."""
    checkin = record(rosa, minutes=30)
    Checkin.objects.filter(pk=checkin.pk).update(
        due_at=timezone.now() - timedelta(seconds=5),
        next_step_at=timezone.now() - timedelta(seconds=5),
    )

    for _start in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            assert worker_started(queue=ALERTS) >= 1

    checkin.refresh_from_db()
    assert checkin.state == CheckinState.REMINDED
    message = EscalationMessage.objects.get()
    assert (message.step, message.state) == ("reminder", MessageState.SENT)
    assert len(sms_texts(sms_dir)) == 1


def test_i_am_safe_after_the_alarm_tells_her_contacts_once(rosa, sms_dir) -> None:
    checkin = record(rosa, minutes=5)
    checkins_advance(now=timezone.now() + timedelta(minutes=6))
    checkins_advance(now=timezone.now() + timedelta(minutes=20))
    messages_run()
    mail.outbox.clear()

    checkin_close(checkin=checkin)
    checkin_close(checkin=checkin)  # a second tap adds nothing
    messages_run()

    clear = EscalationMessage.objects.filter(step="allclear")
    assert sorted(clear.values_list("channel", "state")) == [("email", "sent"), ("sms", "sent")]
    texts = [m["text"] for m in sms_texts(sms_dir)]
    assert sum("Rosa ha confirmado" in t for t in texts) == 1  # in her language, once
    assert [m.to for m in mail.outbox] == [["amie@example.org"]]
    assert AuditEntry.objects.filter(action="checkin.all_clear").count() == 1


def test_no_all_clear_before_the_alarm_nor_after_a_duress_alarm(rosa, sms_dir) -> None:
    safety_codes_set(member=rosa, checkin_code="4821", duress_code="9173")
    in_time = record(rosa)
    checkin_close(checkin=in_time, code="4821")
    under_duress = record(rosa)
    checkin_close(checkin=under_duress, code="9173")
    messages_run()
    Checkin.objects.filter(pk=under_duress.pk).update(state=CheckinState.ESCALATED)
    checkin_close(checkin=under_duress, code="4821")

    assert not EscalationMessage.objects.filter(step="allclear").exists()


def test_her_check_in_code_after_her_duress_code_does_not_call_the_alarm_off(
    rosa, on_duty, sms_dir
) -> None:
    safety_codes_set(member=rosa, checkin_code="4821", duress_code="9173")
    checkin = record(rosa, minutes=120)
    checkin_close(checkin=checkin, code="9173")
    waiting = EscalationMessage.objects.filter(state=MessageState.PENDING).count()

    again = checkin_close(checkin=checkin, code="4821")

    assert again.state == CheckinState.ESCALATED
    assert again.reason == "duress"
    assert EscalationMessage.objects.filter(state=MessageState.PENDING).count() == waiting > 0
    assert not AuditEntry.objects.filter(action="checkin.safe").exists()


def test_hours_with_no_slot_at_all_are_gaps_too(network, cast) -> None:
    from django.test import Client
    from django.urls import reverse

    from veilleuse.alerts.services.duty import duty_gaps_notify, duty_uncovered_hours

    duty_slot_add(  # Monday night only, past midnight, with someone on it
        actor=cast.admin,
        association=network.association,
        weekday=0,
        starts=time(22, 0),
        ends=time(6, 0),
        person=network.moderator,
        backup=None,
    )

    runs = duty_uncovered_hours(association=network.association)
    assert runs[:3] == [(0, 0, 22), (1, 6, 24), (2, 0, 24)]
    assert sum(end - start for _day, start, end in runs) == 168 - 8
    assert duty_gaps_notify() == 1  # no slot with nobody, but hours with no slot
    assert "160" in mail.outbox[-1].body
    admin = Client()
    admin.force_login(cast.admin)
    rota = admin.get(reverse("alerts:duty_rota", args=[network.association.slug]))
    assert 'id="duty-uncovered"' in rota.content.decode()
