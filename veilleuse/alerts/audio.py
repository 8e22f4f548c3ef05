"""What a voice note is, read from its bytes: the container and how long it lasts.

Two recordings are accepted, those browsers' ``MediaRecorder`` makes: WebM with Opus
(Chromium, Firefox: ``audio/webm;codecs=opus``) and MP4 with AAC (Safari: ``audio/mp4``). The
type a browser declares is never trusted: the first bytes say which it is (an EBML header of
doctype ``webm``, or an ISO ``ftyp`` box), and the duration is read from the container, so
that a file cannot pass as a short note by saying so.

Chromium's WebM has no duration in its header (it is written live): it is computed from the
last cluster's timecode and its blocks, and ``webm_with_duration`` writes it in, so that a
moderator's player shows the length and can seek. Plain Python, no Django.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass

WEBM = "audio/webm"
MP4 = "audio/mp4"
EBML_MAGIC = b"\x1a\x45\xdf\xa3"
SEGMENT, INFO, CLUSTER, SEEK_HEAD = 0x18538067, 0x1549A966, 0x1F43B675, 0x114D9B74
TIMECODE_SCALE, DURATION, DOCTYPE = 0x2AD7B1, 0x4489, 0x4282
CLUSTER_TIMECODE, SIMPLE_BLOCK, BLOCK_GROUP, BLOCK = 0xE7, 0xA3, 0xA0, 0xA1
EBML_HEADER = 0x1A45DFA3
# Master elements whose children are walked to find the doctype, the blocks and their times.
WEBM_MASTERS = frozenset({EBML_HEADER, SEGMENT, INFO, CLUSTER, BLOCK_GROUP})
MP4_BRANDS = frozenset({b"M4A ", b"mp42", b"isom", b"iso5", b"iso6", b"mp41", b"iso2", b"dash"})
MP4_CONTAINERS = frozenset({b"moov", b"trak", b"mdia", b"moof", b"traf", b"mvex"})
UNKNOWN_SIZE = -1
OPUS_FRAME_MS = 20


class AudioError(ValueError):
    """Not a recording this platform accepts (another format, truncated, or unreadable)."""


@dataclass(frozen=True)
class AudioInfo:
    mime: str
    duration_ms: int


def audio_inspect(data: bytes) -> AudioInfo:
    """The container and duration of ``data``; ``AudioError`` unless it is WebM or MP4 audio
    whose duration can be read."""
    if data.startswith(EBML_MAGIC):
        return AudioInfo(WEBM, _webm_duration_ms(data))
    if data[4:8] == b"ftyp" and data[8:12] in MP4_BRANDS:
        return AudioInfo(MP4, _mp4_duration_ms(data))
    raise AudioError("not a WebM or MP4 recording")


# WebM (Matroska's EBML) ------------------------------------------------------------------


def _vint(data: bytes, at: int, *, keep_marker: bool) -> tuple[int, int]:
    """An EBML variable-length integer at ``at``: (value, length). Sizes drop the marker
    bit (all ones then mean "unknown size"); element ids keep it."""
    if at >= len(data):
        raise AudioError("truncated")
    first = data[at]
    length = 9 - first.bit_length() if first else 0
    if not 1 <= length <= 8 or at + length > len(data):
        raise AudioError("malformed element")
    value = int.from_bytes(data[at : at + length], "big")
    if keep_marker:
        return value, length
    value &= (1 << (7 * length)) - 1
    return (UNKNOWN_SIZE if value == (1 << (7 * length)) - 1 else value), length


def _elements(data: bytes, start: int, end: int) -> Iterator[tuple[int, int, int, int, bool]]:
    """(id, header start, body start, body end, unknown size) of each element in
    ``data[start:end]``. An element of unknown size (a live recording's segment or cluster)
    runs to ``end``, and its children are read as its siblings: they follow it in the list."""
    at = start
    while at < end:
        element, id_length = _vint(data, at, keep_marker=True)
        size, size_length = _vint(data, at + id_length, keep_marker=False)
        body = at + id_length + size_length
        unknown = size == UNKNOWN_SIZE
        stop = end if unknown else min(body + size, end)
        yield element, at, body, stop, unknown
        at = body if unknown else stop


def _webm_walk(data: bytes, start: int, end: int) -> Iterator[tuple[int, int, int, bool]]:
    """Every element that matters, in the order of the file (depth first)."""
    for element, _at, body, stop, unknown in _elements(data, start, end):
        yield element, body, stop, unknown
        if not unknown and element in WEBM_MASTERS:
            yield from _webm_walk(data, body, stop)


def _uint(data: bytes, body: int, stop: int) -> int:
    return int.from_bytes(data[body:stop], "big") if stop > body else 0


def _webm_duration_ms(data: bytes) -> int:
    doctype, scale, declared = b"", 1_000_000, 0.0
    cluster_time, last = 0, 0
    for element, body, stop, _unknown in _webm_walk(data, 0, len(data)):
        if element == DOCTYPE:
            doctype = data[body:stop]
        elif element == TIMECODE_SCALE:
            scale = _uint(data, body, stop) or scale
        elif element == DURATION and stop - body in (4, 8):
            declared = struct.unpack(">f" if stop - body == 4 else ">d", data[body:stop])[0]
        elif element == CLUSTER_TIMECODE:
            cluster_time = _uint(data, body, stop)
        elif element in (SIMPLE_BLOCK, BLOCK) and stop - body >= 4:
            _track, length = _vint(data, body, keep_marker=False)
            offset = struct.unpack(">h", data[body + length : body + length + 2])[0]
            last = max(last, cluster_time + offset)
    if doctype != b"webm":
        raise AudioError("not a WebM recording")
    if declared > 0:
        return int(declared * scale / 1_000_000)
    # The last block starts at ``last``; its Opus frame (20 ms) is counted in.
    return int(last * scale / 1_000_000) + OPUS_FRAME_MS


def webm_with_duration(data: bytes, duration_ms: int) -> bytes:
    """``data`` with a Duration written into its segment info when it has none (Chromium's
    live WebM, whose segment has an unknown size), so that players show the length and can
    seek. Left as it is otherwise, or when an index (SeekHead) holds offsets a change would
    shift."""
    top = list(_elements(data, 0, len(data)))
    kinds = {element: (at, body, stop, unknown) for element, at, body, stop, unknown in top}
    segment, info = kinds.get(SEGMENT), kinds.get(INFO)
    if segment is None or not segment[3] or info is None or SEEK_HEAD in kinds:
        return data
    header_start, body, stop, _unknown = info
    children = {element: (b, s) for element, _a, b, s, _u in _elements(data, body, stop)}
    if DURATION in children:
        return data
    scale = _uint(data, *children[TIMECODE_SCALE]) if TIMECODE_SCALE in children else 1_000_000
    duration = b"\x44\x89\x88" + struct.pack(">d", duration_ms * 1_000_000 / scale)
    new_info = _id_bytes(INFO) + _size8(stop - body + len(duration)) + data[body:stop] + duration
    return data[:header_start] + new_info + data[stop:]


def _id_bytes(element: int) -> bytes:
    return element.to_bytes((element.bit_length() + 7) // 8, "big")


def _size8(size: int) -> bytes:
    """An EBML size on eight bytes (marker 0x01)."""
    return (size | (1 << 56)).to_bytes(8, "big")


# MP4 (ISO base media) ------------------------------------------------------------------


def _boxes(data: bytes, start: int, end: int) -> Iterator[tuple[bytes, int, int]]:
    """(type, body start, body end) of each box in ``data[start:end]``."""
    at = start
    while at + 8 <= end:
        size, kind = struct.unpack(">I4s", data[at : at + 8])
        header = 8
        if size == 1:
            if at + 16 > end:
                raise AudioError("truncated")
            size, header = struct.unpack(">Q", data[at + 8 : at + 16])[0], 16
        elif size == 0:
            size = end - at
        if size < header or at + size > end:
            raise AudioError("truncated")
        yield kind, at + header, at + size
        at += size


def _mp4_walk(data: bytes, start: int, end: int) -> Iterator[tuple[bytes, int, int]]:
    """Every box, in the order of the file (depth first)."""
    for kind, body, stop in _boxes(data, start, end):
        yield kind, body, stop
        if kind in MP4_CONTAINERS:
            yield from _mp4_walk(data, body, stop)


def _mp4_duration_ms(data: bytes) -> int:
    """The movie header's duration, or (a fragmented recording, Safari's) the sum of its
    fragments' sample durations in the track's timescale."""
    movie = (0, 0)
    track_scale, default_duration, fragments = 0, 0, 0
    for kind, body, stop in _mp4_walk(data, 0, len(data)):
        if kind in (b"mvhd", b"mdhd") and stop - body >= 24:
            scale, duration = _header_times(data, body)
            if kind == b"mvhd":
                movie = (scale, duration)
            else:
                track_scale = scale
        elif kind == b"trex" and stop - body >= 24:
            default_duration = struct.unpack(">I", data[body + 12 : body + 16])[0]
        elif kind == b"tfhd":
            default_duration = _fragment_default(data, body, stop) or default_duration
        elif kind == b"trun":
            fragments += _run_duration(data, body, stop, default_duration)
    if movie[1] and movie[0]:
        return movie[1] * 1000 // movie[0]
    if fragments and track_scale:
        return fragments * 1000 // track_scale
    raise AudioError("no duration")


def _header_times(data: bytes, body: int) -> tuple[int, int]:
    """(timescale, duration) of an mvhd or mdhd box, version 0 or 1."""
    if data[body] == 1:
        return struct.unpack(">IQ", data[body + 20 : body + 32])
    return struct.unpack(">II", data[body + 12 : body + 20])


def _fragment_default(data: bytes, body: int, stop: int) -> int:
    """A track fragment header's default sample duration (0 when it gives none)."""
    flags = int.from_bytes(data[body + 1 : body + 4], "big")
    at = body + 8 + (8 if flags & 0x1 else 0) + (4 if flags & 0x2 else 0)
    if not flags & 0x8 or at + 4 > stop:
        return 0
    return int(struct.unpack(">I", data[at : at + 4])[0])


def _run_duration(data: bytes, body: int, stop: int, default: int) -> int:
    flags = int.from_bytes(data[body + 1 : body + 4], "big")
    count = int(struct.unpack(">I", data[body + 4 : body + 8])[0])
    at = body + 8 + (4 if flags & 0x1 else 0) + (4 if flags & 0x4 else 0)
    if not flags & 0x100:
        return count * default
    fields = sum(4 for bit in (0x100, 0x200, 0x400, 0x800) if flags & bit)
    total = 0
    for index in range(count):
        start = at + index * fields
        if start + 4 > stop:
            raise AudioError("truncated")
        total += struct.unpack(">I", data[start : start + 4])[0]
    return total
