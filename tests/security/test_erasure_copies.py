"""Finding 15 of issue 12: erasing a member leaves no copy of their number anywhere, and the
development mail backend never prints a contact address.

The SMS ``file`` backend keeps one file per message, test notifications included; after the
member erases everything, the data folder (and the captured output) is searched for the
number.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.mail import EmailMessage
from django.test import override_settings

from veilleuse.alerts.cast import MEMBER_PASSPHRASE
from veilleuse.alerts.services.data_rights import member_erase
from veilleuse.alerts.services.notifications import notification_test_send

PHONE = "+33612345678"  # fictitious
ADDRESS = "rosa.contact@example.org"


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
