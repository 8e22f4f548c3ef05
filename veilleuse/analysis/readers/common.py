"""Helpers shared by the readers: decoding text, cleaning paragraphs, naming files."""

from __future__ import annotations

import codecs
import itertools
import unicodedata
from collections.abc import Iterable
from pathlib import PurePath

from veilleuse.analysis.document import Document, Paragraph, UnreadableDocument

# Bytes that never occur in real text files; a few are tolerated (stray form feeds, old EOF
# markers), many mean the file is binary. 0x80-0x9F are not here: cp1252 uses them.
_CONTROL_BYTES = frozenset({*range(0x09), *range(0x0E, 0x1A), *range(0x1C, 0x20), 0x7F})
_BINARY_SAMPLE = 65536
# A reply to a 300-question questionnaire is about 1,000 paragraphs (docs/hostile-input.md).
MAX_PARAGRAPHS = 5_000
_BINARY_RATIO = 0.01
# Control characters become spaces, soft hyphens and zero-width marks disappear: they are
# layout, and leaving them in would break quotes that a person copies from the document.
_CLEANUP = {
    **dict.fromkeys((*range(32), 127, *range(128, 160)), " "),
    0x00AD: None,
    0x200B: None,
    0xFEFF: None,
}


def display_name(name: str) -> str:
    """The file name a person recognises, without the folders it came from."""
    return PurePath(name).name or "The document"


def looks_binary(data: bytes) -> bool:
    sample = data[:_BINARY_SAMPLE]
    if not sample or b"\x00" in sample:
        return bool(sample)
    controls = sum(1 for byte in sample if byte in _CONTROL_BYTES)
    return controls / len(sample) > _BINARY_RATIO


def decode_text(data: bytes, name: str) -> str:
    """Decode text bytes, trying the stricter encodings first; newlines become ``\\n``, NFC."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decode_utf16(data, name)
    else:
        if looks_binary(data):
            raise UnreadableDocument(
                f"{display_name(name)} is a binary file, not a text document.",
                code="binary",
                params={"name": display_name(name)},
            )
        text = _decode_8bit(data.removeprefix(codecs.BOM_UTF8))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def _decode_utf16(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-16")
    except UnicodeDecodeError as exc:
        raise UnreadableDocument(
            f"{display_name(name)} starts like UTF-16 text but cannot be decoded as such."
        ) from exc


def _decode_8bit(data: bytes) -> str:
    # cp1252 before latin-1: the bytes 0x80-0x9F are curly quotes, dashes and "œ" in files
    # written on Windows, almost never the C1 control characters latin-1 reads them as.
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def clean_text(text: str) -> str:
    """One line of text: NFC, whitespace (non-breaking spaces too) collapsed, stripped."""
    text = unicodedata.normalize("NFC", text).translate(_CLEANUP)
    return " ".join(text.split())


def link_text(text: str, url: str) -> str:
    """How a hyperlink reads in plain text: ``text <url>``, or the URL alone if it is the text."""
    text, url = clean_text(text), clean_text(url)
    if not url or url.startswith("#") or url.lower().startswith("javascript:"):
        return text
    if not text or text == url or text == url.removeprefix("mailto:"):
        return url
    return f"{text} <{url}>"


def build_document(
    paragraphs: Iterable[Paragraph],
    format: str,
    name: str,
    *,
    attachment: str = "",
    metadata: dict[str, str] | None = None,
) -> Document:
    """The Document for these paragraphs, cleaned, with empty ones dropped; more than
    ``MAX_PARAGRAPHS`` is refused (a reader may stop after one more)."""
    cleaned = (Paragraph(clean_text(p.text), p.heading) for p in paragraphs)
    kept = tuple(itertools.islice((p for p in cleaned if p.text), MAX_PARAGRAPHS + 1))
    if len(kept) > MAX_PARAGRAPHS:
        raise UnreadableDocument(
            f"{display_name(name)} has more than {MAX_PARAGRAPHS:,} paragraphs, far more than "
            "a reply needs, so it was not read."
        )
    return Document(
        paragraphs=kept,
        format=format,
        name=display_name(name) if name else "",
        attachment=attachment,
        metadata=dict(metadata or {}),
    )
