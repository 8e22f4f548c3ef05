"""Finding 8: a stolen backup and its passphrase, without the field keys, reveal no protected
field of the alert network.

The archive keeps every encrypted field as the database stores it (ciphertext under
``VEILLEUSE_FIELD_KEYS``), so restoring needs the field keys too; the passphrase alone opens
the tar, not the numbers, contacts, legal summaries, push endpoints or report texts in it.
"""

from __future__ import annotations

import datetime as dt
import io
import tarfile
from pathlib import Path
from typing import Any

import pytest

from veilleuse.core.backup import BackupError, backup_create, backup_restore
from veilleuse.core.backup_crypto import SCRYPT_LOG2_N, SCRYPT_R, decrypt_to

PASSPHRASE = "correct horse battery staple"
SECRETS = {
    "reported number": "+33698765432",
    "reported number, national": "06 98 76 54 32",
    "member's phone": "+33611223344",
    "member's e-mail": "rosa.contact@example.org",
    "legal summary": "Audience fixée au tribunal de Bobigny",
    "report text": "Un client violent près du canal",
    "push endpoint": "https://fcm.googleapis.com/fcm/send/secret-endpoint-4711",
    "staff TOTP secret": "3132333435363738393031323334353637383930",
}


@pytest.fixture
def world(transactional_db: None, settings: Any, tmp_path: Path) -> Any:
    """The demo with its alert network, and one of each protected field filled in."""
    from veilleuse.alerts.demo import alerts_demo_load
    from veilleuse.alerts.models import Identifier, LegalCase, PushSubscription, ReportSource
    from veilleuse.alerts.services.notifications import endpoint_hash
    from veilleuse.alerts.services.reports import ReportDetails, report_submit
    from veilleuse.demo import CAST_PASSWORD, demo_load

    settings.MEDIA_ROOT = tmp_path / "media"
    network = alerts_demo_load(demo_load().association, CAST_PASSWORD)
    rosa = network.rosa
    rosa.contact_phone, rosa.contact_email = SECRETS["member's phone"], SECRETS["member's e-mail"]
    rosa.save(update_fields=["contact_phone", "contact_email"])
    report = report_submit(
        author=rosa,
        association=network.association,
        source=ReportSource.MEMBER,
        details=ReportDetails(
            occurred_on=dt.date(2026, 11, 3),
            zone=network.zones["belleville"],
            kinds=["physical"],
            language="fr",
            description=SECRETS["report text"],
            identifiers=[("phone", SECRETS["reported number, national"])],
        ),
    )
    LegalCase.objects.create(
        association=network.association, report=report, summary=SECRETS["legal summary"]
    )
    endpoint = SECRETS["push endpoint"]
    PushSubscription.objects.create(
        member=rosa,
        endpoint=endpoint,
        endpoint_hash=endpoint_hash(endpoint=endpoint),
        p256dh="k",
        auth="a",
    )
    _staff_authenticator(network)
    assert Identifier.objects.get(report=report).value == SECRETS["reported number"]
    return network


def _staff_authenticator(network: Any) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(
        user=network.association.memberships.first().user,
        name="phone",
        key=SECRETS["staff TOTP secret"],
        confirmed=True,
    )


def _opened_with_the_passphrase_alone(archive: Path) -> bytes:
    plain = io.BytesIO()
    with archive.open("rb") as source:
        decrypt_to(source, PASSPHRASE, plain)
    plain.seek(0)
    with tarfile.open(fileobj=plain, mode="r:") as tar:
        return b"".join(
            handle.read() for member in tar if (handle := tar.extractfile(member)) is not None
        )


def test_an_archive_and_its_passphrase_reveal_no_protected_field(world: Any, tmp_path: Path):
    archive = tmp_path / "stolen.vbak"
    backup_create(out=archive, passphrase=PASSPHRASE)
    content = _opened_with_the_passphrase_alone(archive)
    assert b"alerts.report" in content  # the dump is there, readable...
    leaked = [name for name, secret in SECRETS.items() if secret.encode() in content]
    assert leaked == []  # ...but none of what the database keeps encrypted


def test_restoring_needs_the_field_keys(world: Any, settings: Any, tmp_path: Path):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from veilleuse.alerts.models import LegalCase, Member
    from veilleuse.settings import new_aes_key

    archive = tmp_path / "veilleuse.vbak"
    backup_create(out=archive, passphrase=PASSPHRASE)
    keys = settings.VEILLEUSE_FIELD_KEYS
    settings.VEILLEUSE_FIELD_KEYS = [new_aes_key()]
    with pytest.raises(BackupError, match="VEILLEUSE_FIELD_KEYS"):
        backup_restore(path=archive, passphrase=PASSPHRASE, force=True)
    settings.VEILLEUSE_FIELD_KEYS = keys
    backup_restore(path=archive, passphrase=PASSPHRASE, force=True)
    rosa = Member.objects.get(pk=world.rosa.pk)
    assert rosa.contact_phone == SECRETS["member's phone"]
    assert LegalCase.objects.get().summary == SECRETS["legal summary"]
    assert TOTPDevice.objects.get(name="phone").key == SECRETS["staff TOTP secret"]


def test_the_passphrase_key_derivation_costs_at_least_256_mib():
    """scrypt's memory is 128 × r × N bytes: guessing passphrases stays expensive."""
    assert 128 * SCRYPT_R * 2**SCRYPT_LOG2_N >= 256 * 1024 * 1024
