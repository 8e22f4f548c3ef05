"""Finding 15 of issue 12: erasing a member leaves no copy of their number anywhere, and the
development mail backend never prints a contact address.

The SMS ``file`` backend keeps one file per message, test notifications included; after the
member erases everything, the data folder (and the captured output) is searched for the
number. The same search follows a member's removal by staff and the retention purge, after a
test notification and an alert went out by SMS and by e-mail through the development backends.
"""

from __future__ import annotations

import os
import re
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.mail import EmailMessage
from django.test import override_settings
from django.utils import timezone

from veilleuse.alerts.cast import MEMBER_PASSPHRASE
from veilleuse.alerts.services.data_rights import member_erase
from veilleuse.alerts.services.delivery import deliveries_run, outbox_process
from veilleuse.alerts.services.members import member_remove
from veilleuse.alerts.services.notifications import notification_test_send
from veilleuse.alerts.services.retention import purge
from veilleuse.alerts.tests.delivery_world import published_alert

PHONE = "+33612345678"  # fictitious
ADDRESS = "rosa.contact@example.org"
# Used by this file's journeys only, so that a search of the shared test data folder finds
# nothing written by another test.
JOURNEY_PHONE = "+33647291853"
JOURNEY_ADDRESS = "erasure-journey-5b1f@example.org"
JOURNEY_PHONE_ANY_SPELLING = re.compile(rb"6\D{0,3}47\D{0,3}29\D{0,3}18\D{0,3}53")


def _files_holding(folder: Path, text: str) -> list[str]:
    return [
        str(path)
        for path in folder.rglob("*")
        if path.is_file() and text in path.read_text(encoding="utf-8", errors="replace")
    ]


@pytest.mark.django_db(transaction=True)
def test_erasure_removes_every_sms_file_with_the_member_s_number(
    network: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rosa = network.rosa
    rosa.contact_phone, rosa.notify_sms = PHONE, True
    rosa.save(update_fields=["contact_phone", "notify_sms"])
    with override_settings(VEILLEUSE_SMS_BACKEND="file", VEILLEUSE_SMS_DIR=tmp_path / "sms"):
        assert "sms" in notification_test_send(member_id=rosa.pk)
        assert _files_holding(tmp_path, PHONE), "the test SMS should be on disk before"
        member_erase(member=rosa, passphrase=MEMBER_PASSPHRASE)
    assert _files_holding(tmp_path, PHONE) == []
    assert PHONE not in capsys.readouterr().out


def test_the_development_mail_backend_prints_no_contact_address(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from django.core.mail import get_connection

    connection = get_connection("veilleuse.core.mail.ConsoleEmailBackend")
    connection.send_messages(
        [EmailMessage("New alert", "Open Veilleuse.", "veilleuse@localhost", [ADDRESS])]
    )
    printed = capsys.readouterr().out
    assert "New alert" in printed
    assert ADDRESS not in printed


def test_development_uses_the_mail_backend_that_hides_addresses() -> None:
    from veilleuse import settings as project_settings

    assert (
        "ConsoleEmailBackend"
        in project_settings.__dict__["EMAIL_BACKEND_BY_PROFILE"]["development"]
    )


def _copies_in(folders: list[Path], printed: str) -> list[str]:
    """Every file under ``folders`` (database files included) and the printed output that
    holds the journey's number, in any spelling, or its address."""
    found = [
        str(path)
        for folder in folders
        for path in folder.rglob("*")
        if path.is_file()
        and (
            JOURNEY_PHONE_ANY_SPELLING.search(data := path.read_bytes())
            or JOURNEY_ADDRESS.encode() in data
        )
    ]
    if JOURNEY_PHONE_ANY_SPELLING.search(printed.encode()) or JOURNEY_ADDRESS in printed:
        found.append("standard output or the logs")
    return found


def _notified_by_sms_and_mail(network: Any) -> None:
    """Rosa gives a number and an address; a test notification and an alert reach her by SMS
    (the ``file`` backend) and e-mail (the development console backend)."""
    rosa = network.rosa
    rosa.contact_phone, rosa.notify_sms = JOURNEY_PHONE, True
    rosa.contact_email, rosa.notify_email = JOURNEY_ADDRESS, True
    rosa.save()
    assert sorted(notification_test_send(member_id=rosa.pk)) == ["email", "sms"]
    _, entry = published_alert(network.association, [network.zones["belleville"]], ["es"])
    outbox_process(outbox_id=entry.pk)  # the test's task queue may already have run both
    deliveries_run()
    sms = [path.name for path in Path(settings.VEILLEUSE_SMS_DIR).iterdir()]
    assert any(name.startswith("veilleuse-alert-") for name in sms), sms


@pytest.fixture
def journey_backends(tmp_path: Path) -> Any:
    data = tmp_path / "data"
    with override_settings(
        VEILLEUSE_SMS_BACKEND="file",
        VEILLEUSE_SMS_DIR=data / "sms",
        EMAIL_BACKEND="veilleuse.core.mail.ConsoleEmailBackend",
    ):
        yield [data, Path(settings.DATA_DIR)]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("way", ["erased by the member", "removed by staff"])
def test_a_member_who_leaves_leaves_no_copy_of_their_number_or_address(
    network: Any,
    journey_backends: list[Path],
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    way: str,
) -> None:
    _notified_by_sms_and_mail(network)
    assert _copies_in(journey_backends, ""), "the SMS files should hold the number before"
    if way == "erased by the member":
        member_erase(member=network.rosa, passphrase=MEMBER_PASSPHRASE)
    else:
        member_remove(actor=network.moderator, member=network.rosa)
    captured = capsys.readouterr()
    printed = captured.out + captured.err + caplog.text
    assert "recipient(s), not shown" in printed  # the mails were printed, without addresses
    assert _copies_in(journey_backends, printed) == []


@pytest.mark.django_db(transaction=True)
def test_the_retention_purge_deletes_every_sms_file_older_than_the_alerts_period(
    network: Any,
    journey_backends: list[Path],
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The member stays (the purge does not remove members): her test message, named after no
    alert, and the alert's message go once they are older than the alerts' period."""
    _notified_by_sms_and_mail(network)
    sms_folder = journey_backends[0] / "sms"
    assert any(name.startswith("veilleuse-test-") for name in os.listdir(sms_folder))
    later = timezone.now() + timedelta(days=settings.VEILLEUSE_RETENTION_ALERTS_DAYS + 1)
    old = time.time() - 86400 * (settings.VEILLEUSE_RETENTION_ALERTS_DAYS + 2)
    for path in sms_folder.iterdir():
        os.utime(path, (old, old))
    purge(now=later + timedelta(days=1))
    captured = capsys.readouterr()
    assert list(sms_folder.iterdir()) == []
    assert _copies_in(journey_backends, captured.out + captured.err + caplog.text) == []
