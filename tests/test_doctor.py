"""``veilleuse doctor`` says in sentences what is wrong with an installation, and the health
check reports the worker's heartbeat (the end-to-end run against the production stack is in
tests/production/test_stack.py)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from veilleuse import doctor
from veilleuse.cli import main
from veilleuse.core.models import Heartbeat

PASSPHRASE = "correct horse battery staple"


def problems() -> list[str]:
    return [finding.sentence for finding in doctor.doctor_findings() if not finding.ok]


@pytest.mark.django_db
def test_the_test_profile_is_not_a_production_configuration(capsys: Any) -> None:
    code = main(["doctor"])

    out = capsys.readouterr().out
    assert code == 1
    assert "PROBLEM: The profile is 'test', not 'production'" in out
    assert "VEILLEUSE_SECRET_KEY is weak" in out
    assert "The worker that runs the periodic tasks has never beaten" in out
    assert "The alert worker has never beaten" in out
    assert "Nightly backups are off" in out
    assert "problem(s) found." in out


@pytest.mark.django_db
def test_the_worker_is_alive_after_its_heartbeat_and_late_when_it_stops(client: Client) -> None:
    from veilleuse.core.jobs import alert_worker_heartbeat, worker_heartbeat

    worker_heartbeat.call_local()  # type: ignore[attr-defined]
    default, alerts = doctor.check_worker()
    assert default.ok
    assert not alerts.ok, "the alert worker has not beaten yet"
    alert_worker_heartbeat.call_local()  # type: ignore[attr-defined]
    assert all(finding.ok for finding in doctor.check_worker())
    health = client.get("/healthz").json()
    assert health["worker_heartbeat_age_s"] < 5
    assert health["alert_worker_heartbeat_age_s"] < 5

    Heartbeat.objects.filter(name="alert-worker").update(
        beat_at=timezone.now() - dt.timedelta(minutes=12)
    )
    default, late = doctor.check_worker()
    assert default.ok
    assert not late.ok
    assert "The last heartbeat of the alert worker was 12 minutes ago" in late.sentence
    assert client.get("/healthz").json()["alert_worker_heartbeat_age_s"] >= 720


@pytest.mark.django_db
def test_backups_are_found_fresh_then_late(settings: Any, tmp_path: Path) -> None:
    from veilleuse.core.jobs import backup_nightly_run

    settings.VEILLEUSE_BACKUP_DIR = tmp_path / "backups"
    settings.VEILLEUSE_BACKUP_PASSPHRASE = PASSPHRASE
    assert doctor.check_backups()[0].sentence.startswith("No backup in")

    backup_nightly_run.call_local()  # type: ignore[attr-defined]
    assert doctor.check_backups()[0].ok

    (archive,) = (tmp_path / "backups").iterdir()
    two_days_ago = timezone.now().timestamp() - 48 * 3600
    os.utime(archive, (two_days_ago, two_days_ago))
    (late,) = doctor.check_backups()
    assert not late.ok
    assert "is 48 hours old" in late.sentence


def test_keys_that_are_not_32_bytes_are_named(settings: Any) -> None:
    settings.VEILLEUSE_FIELD_KEYS = ["c2hvcnQ=", settings.VEILLEUSE_FIELD_KEYS[0]]
    settings.VEILLEUSE_LOOKUP_KEY = settings.VEILLEUSE_FIELD_KEYS[1]

    sentences = [finding.sentence for finding in doctor.check_keys()]

    assert any("key number 1 is not a base64 32-byte key" in s for s in sentences)
    assert "VEILLEUSE_LOOKUP_KEY is also a field key: they must differ." in sentences


def test_a_disk_short_of_space_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    # More free space required than any test machine has: the real disk is then "full".
    monkeypatch.setattr(doctor, "DISK_FREE_MIN_BYTES", 1024**6)

    (finding,) = doctor.check_disk()

    assert not finding.ok
    assert "GB are free on the disk of" in finding.sentence


def test_https_settings_missing_are_reported(settings: Any) -> None:
    settings.VEILLEUSE_SITE_URL = "http://veilleuse.example.org"

    sentences = " ".join(finding.sentence for finding in doctor.check_https())

    assert "security.W004" in sentences  # no HSTS outside production
    assert "links in e-mails would not use HTTPS" in sentences
    assert "VEILLEUSE_BEHIND_TLS_PROXY is off" in sentences
