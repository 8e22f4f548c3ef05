"""Voice notes: read by their bytes, capped, encrypted at rest, heard by moderators only,
deleted when the report closes, purged and erased with it, and in the member's own data.

The recordings in tests/fixtures/voice/ were made by Chromium's MediaRecorder from its fake
microphone: WebM/Opus, and MP4 (fragmented, as Safari writes its AAC recordings)."""

from __future__ import annotations

import base64
import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from veilleuse.alerts.audio import MP4, WEBM, AudioError, audio_inspect, webm_with_duration
from veilleuse.alerts.models import Report, ReportStatus, VoiceNote
from veilleuse.alerts.services import moderation, voice
from veilleuse.alerts.services.data_rights import member_data, member_erase
from veilleuse.alerts.services.reports import report_withdraw
from veilleuse.alerts.services.retention import purge
from veilleuse.alerts.tests.reporting import member_report

FIXTURES = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "voice"
WEBM_NOTE = (FIXTURES / "chromium-opus.webm").read_bytes()
MP4_NOTE = (FIXTURES / "chromium.mp4").read_bytes()


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_data(network, **overrides) -> dict:
    data = {
        "occurred_on": timezone.localdate().isoformat(),
        "time_of_day": "night",
        "zone": str(network.rosa.zone_ids[0]),
        "kinds": ["theft"],
        "description": "",
        "consent": "alert",
    }
    data.update(overrides)
    return data


def upload(data: bytes, name: str = "voice-note.webm", content_type: str = "audio/webm"):
    return SimpleUploadedFile(name, data, content_type=content_type)


# Reading the recordings --------------------------------------------------------------------


def test_a_chromium_webm_and_an_mp4_are_known_by_their_bytes_with_their_length() -> None:
    webm, mp4 = audio_inspect(WEBM_NOTE), audio_inspect(MP4_NOTE)
    assert webm.mime == WEBM
    assert 2000 <= webm.duration_ms <= 3000
    assert mp4.mime == MP4
    assert 2000 <= mp4.duration_ms <= 3000


@pytest.mark.parametrize(
    "data",
    [
        b"OggS\x00\x02" + bytes(200),  # an Ogg file
        b"ID3\x04\x00" + bytes(200),  # an MP3
        b"<html><script>alert(1)</script></html>",
        WEBM_NOTE[:40],  # cut inside the header
        b"\x00\x00\x00\x18ftypqt  " + bytes(100),  # a QuickTime movie
        b"",
    ],
)
def test_anything_else_is_refused_whatever_it_is_called(data: bytes) -> None:
    with pytest.raises((AudioError, IndexError, ValueError)):
        audio_inspect(data)


def test_a_live_webm_gets_its_duration_written_in_and_still_reads_the_same() -> None:
    length = audio_inspect(WEBM_NOTE).duration_ms
    fixed = webm_with_duration(WEBM_NOTE, length)
    assert len(fixed) > len(WEBM_NOTE)
    assert b"\x44\x89\x88" in fixed
    assert b"\x44\x89\x88" not in WEBM_NOTE
    assert audio_inspect(fixed).duration_ms == length
    assert webm_with_duration(fixed, length) == fixed  # once only


# Reporting by voice ------------------------------------------------------------------------


def test_a_member_reports_by_voice_alone_and_it_is_stored_encrypted(network) -> None:
    client = signed_in(network.rosa.user)
    response = client.post(
        reverse("alerts:report_new"),
        {**form_data(network), "voice": upload(WEBM_NOTE, content_type="audio/mp4")},
    )
    assert response.status_code == 302, re.findall(
        r"errorlist[^<]*<li>[^<]*", response.content.decode()
    )
    note = VoiceNote.objects.get(report__in=Report.objects.by_author(network.rosa))
    assert note.mime == WEBM  # the bytes decide, not the declared type
    assert 2000 <= note.duration_ms <= 3000
    assert audio_inspect(note.audio).duration_ms == note.duration_ms
    with connection.cursor() as cursor:
        cursor.execute("SELECT audio FROM alerts_voicenote WHERE id = %s", [note.pk])
        (stored,) = cursor.fetchone()
    assert stored.startswith("v1:")
    assert "webm" not in stored
    assert "OpusHead" not in stored


def test_the_report_form_may_use_the_microphone_and_play_its_own_recording_only(
    network,
) -> None:
    response = signed_in(network.rosa.user).get(reverse("alerts:report_new"))
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.content.decode()
    assert "microphone=(self)" in response["Permissions-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "media-src 'self' blob:" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]
    feed = signed_in(network.rosa.user).get(reverse("alerts:feed"))
    assert "microphone=()" in feed["Permissions-Policy"]
    assert "blob:" not in feed["Content-Security-Policy"]


def test_a_file_that_is_not_a_recording_is_refused_in_her_language_keeping_her_text(
    network,
) -> None:
    client = signed_in(network.rosa.user)
    fake = upload(b"<svg onload=alert(1)>" + bytes(500), content_type="audio/webm")
    with translation.override("es"):
        response = client.post(
            reverse("alerts:report_new"),
            {**form_data(network, description="Me robó el bolso."), "voice": fake},
            HTTP_ACCEPT_LANGUAGE="es",
        )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Me robó el bolso." in page
    with translation.override(network.rosa.language):
        expected = translation.gettext(
            "This recording cannot be read. Record it again on this page, or write what "
            "happened instead."
        )
    assert expected in page
    assert not Report.objects.by_author(network.rosa).exists()
    assert not VoiceNote.objects.exists()


def test_a_recording_over_the_length_limit_is_refused_and_nothing_is_saved(
    network, monkeypatch
) -> None:
    monkeypatch.setattr(voice, "VOICE_MAX_SECONDS", 1)
    response = signed_in(network.rosa.user).post(
        reverse("alerts:report_new"), {**form_data(network), "voice": upload(WEBM_NOTE)}
    )
    assert response.status_code == 400
    assert not Report.objects.exists()
    assert not VoiceNote.objects.exists()


def test_a_request_too_large_for_a_voice_note_is_dropped_unread_and_said_so(
    network, monkeypatch
) -> None:
    monkeypatch.setattr("veilleuse.alerts.views.member_helpers.VOICE_MAX_BYTES", 1000)
    response = signed_in(network.rosa.user).post(
        reverse("alerts:report_new"),
        {**form_data(network, description="Il a crié."), "voice": upload(bytes(300_000))},
    )
    assert response.status_code == 400
    page = response.content.decode()
    with translation.override(network.rosa.language):
        assert voice.voice_too_large_message() in page
    assert "Il a crié." in page
    assert not Report.objects.exists()


# Heard by moderators only, then gone --------------------------------------------------------


def voiced_report(network, data: bytes = WEBM_NOTE) -> Report:
    return member_report(network.rosa, voice=data)


def test_a_moderator_hears_it_uncached_and_the_page_has_a_player(network) -> None:
    report = voiced_report(network, MP4_NOTE)
    client = signed_in(network.moderator)
    slug = report.association.slug
    url = reverse("alerts:moderation_report_voice", kwargs={"slug": slug, "pk": report.pk})
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == MP4
    assert "no-store" in response["Cache-Control"]
    assert response.content == MP4_NOTE
    page = client.get(reverse("alerts:moderation_report", kwargs={"slug": slug, "pk": report.pk}))
    assert f'src="{url}"' in page.content.decode()


def test_a_report_without_voice_has_no_player_and_its_address_is_missing(network) -> None:
    report = member_report(network.rosa)
    client = signed_in(network.moderator)
    slug = report.association.slug
    url = reverse("alerts:moderation_report_voice", kwargs={"slug": slug, "pk": report.pk})
    assert client.get(url).status_code == 404
    page = client.get(reverse("alerts:moderation_report", kwargs={"slug": slug, "pk": report.pk}))
    assert "data-voice-note" not in page.content.decode()


@pytest.mark.parametrize("closing", ["reject", "merge", "withdraw"])
def test_closing_or_withdrawing_the_report_deletes_its_voice(network, closing: str) -> None:
    report = voiced_report(network)
    if closing == "reject":
        moderation.report_reject(actor=network.moderator, report=report, reason="Faux")
    elif closing == "merge":
        primary = member_report(network.rosa, description="Le même.")
        moderation.reports_merge(actor=network.moderator, primary=primary, duplicate=report)
    else:
        report_withdraw(member=network.rosa, report=report)
    assert not VoiceNote.objects.filter(report=report).exists()


def test_approving_keeps_the_voice_and_the_retention_purge_deletes_it_with_the_report(
    network,
) -> None:
    report = voiced_report(network)
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.APPROVED)
    assert VoiceNote.objects.filter(report=report).exists()
    later = timezone.now() + timedelta(days=731)
    assert purge(now=later, dry_run=True).counts["voice_notes"] == 1
    purge(now=later)
    assert not VoiceNote.objects.exists()


def test_the_member_finds_her_voice_note_in_her_data_and_erasure_deletes_it(network) -> None:
    voiced_report(network)
    data = member_data(member=network.rosa)
    (entry,) = [r for r in data["reports"] if r["voice_note"]]
    assert entry["voice_note"]["format"] == WEBM
    assert entry["voice_note"]["seconds"] in (2, 3)
    assert json.dumps(data)  # the download is plain JSON
    page = signed_in(network.rosa.user).get(reverse("alerts:my_data"))
    with translation.override(network.rosa.language):
        assert translation.gettext("Voice note") in page.content.decode()
    from veilleuse.alerts.cast import MEMBER_PASSPHRASE

    member_erase(member=network.rosa, passphrase=MEMBER_PASSPHRASE)
    assert not VoiceNote.objects.exists()


def test_rotating_the_keys_moves_the_voice_note_under_the_new_key_whole(network, settings) -> None:
    from veilleuse.alerts.crypto import key_id
    from veilleuse.alerts.services.keys import encrypted_fields, reencrypt_all

    assert [f.name for f in encrypted_fields()[VoiceNote]] == ["audio"]
    report = voiced_report(network)
    played = VoiceNote.objects.get(report=report).audio
    new = b"n" * 32
    settings.VEILLEUSE_FIELD_KEYS = [
        base64.b64encode(new).decode(),
        *settings.VEILLEUSE_FIELD_KEYS,
    ]
    assert reencrypt_all()["alerts.VoiceNote"] == 1
    settings.VEILLEUSE_FIELD_KEYS = settings.VEILLEUSE_FIELD_KEYS[:1]  # the old key is gone
    with connection.cursor() as cursor:
        cursor.execute("SELECT audio FROM alerts_voicenote WHERE report_id = %s", [report.pk])
        (stored,) = cursor.fetchone()
    assert stored.split(":")[1] == key_id(new)
    assert VoiceNote.objects.get(report=report).audio == played
