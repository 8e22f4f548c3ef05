"""Voice notes: a member's spoken report, kept encrypted beside the report until it closes.

A note is checked by its bytes (``veilleuse.alerts.audio``: WebM/Opus or MP4/AAC, never the
type the browser declares), capped in size and duration, encrypted like the report's texts
(``EncryptedBytesField``), heard only by the association's moderators (``access_voice_note``)
and deleted when the report is rejected, merged or withdrawn, with the report by the
retention purge, and with the member's erasure. Threat model: what a voice reveals.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from veilleuse.alerts.audio import WEBM, AudioError, AudioInfo, audio_inspect, webm_with_duration
from veilleuse.alerts.models import Report, VoiceNote

# A few minutes at most: long enough to tell what happened, short enough to be heard.
VOICE_MAX_SECONDS = 180
# What three minutes weigh at the bit rates browsers record speech (Safari's AAC included),
# with room to spare; the recorder asks for 32 kbit/s.
VOICE_MAX_BYTES = 3 * 1024 * 1024


def voice_note_inspect(*, data: bytes) -> AudioInfo:
    """The recording's format and length; ``ValidationError`` on the ``voice`` field, in the
    member's language, when it is too large, too long or not a recording we accept."""
    if len(data) > VOICE_MAX_BYTES:
        raise ValidationError({"voice": voice_too_large_message()})
    try:
        info = audio_inspect(data)
    except (AudioError, IndexError, ValueError):
        raise ValidationError(
            {
                "voice": _(
                    "This recording cannot be read. Record it again on this page, or write "
                    "what happened instead."
                )
            }
        ) from None
    if info.duration_ms > (VOICE_MAX_SECONDS + 1) * 1000:
        raise ValidationError({"voice": voice_too_long_message()})
    return info


def voice_too_large_message() -> str:
    return _("This recording is too large. Record a shorter one, or write what happened instead.")


def voice_too_long_message() -> str:
    minutes = VOICE_MAX_SECONDS // 60
    return ngettext(
        "A voice note lasts %(minutes)d minute at most. Record a shorter one.",
        "A voice note lasts %(minutes)d minutes at most. Record a shorter one.",
        minutes,
    ) % {"minutes": minutes}


def voice_note_attach(*, report: Report, data: bytes, info: AudioInfo) -> VoiceNote:
    """Keep ``data`` (already inspected) as the report's voice note, encrypted. Called inside
    the report's transaction (``report_submit``)."""
    if info.mime == WEBM:
        data = webm_with_duration(data, info.duration_ms)
    note = VoiceNote(
        report=report, audio=data, mime=info.mime, duration_ms=info.duration_ms, size=len(data)
    )
    note.full_clean(exclude=["report"])
    note.save()
    return note


def voice_note_delete(*, report: Report) -> int:
    """Delete the report's voice note, if it has one (the report closes); how many were."""
    deleted, _by_model = VoiceNote.objects.filter(report=report).delete()
    return deleted
