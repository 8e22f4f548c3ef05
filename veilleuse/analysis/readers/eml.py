"""E-mails (.eml): the largest attached document if there is one, else the message body."""

from __future__ import annotations

import email
import re
from dataclasses import dataclass, field
from email import policy
from email.message import Message
from pathlib import PurePath

from veilleuse.analysis.document import AnalysisError, Document, Paragraph, UnreadableDocument
from veilleuse.analysis.readers.common import build_document, decode_text, display_name
from veilleuse.analysis.readers.html import html_paragraphs
from veilleuse.analysis.readers.registry import READERS, register
from veilleuse.analysis.readers.text import text_paragraphs

_HEADER_LINE = re.compile(rb"[A-Za-z0-9-]+[ \t]*:")
_KNOWN_HEADER = re.compile(
    rb"^(?:from|to|subject|date|mime-version|message-id|received|return-path|delivered-to)"
    rb"[ \t]*:",
    re.IGNORECASE | re.MULTILINE,
)


@dataclass(slots=True)
class _Contents:
    metadata: dict[str, str]
    attachment: tuple[str, bytes] | None = None
    body: list[Paragraph] = field(default_factory=list)


def sniff_eml(data: bytes) -> bool:
    """RFC 822 headers: a header on the first line, and two well-known ones before the body."""
    head = data[:8192].replace(b"\r\n", b"\n").split(b"\n\n", 1)[0]
    return bool(_HEADER_LINE.match(head)) and len(_KNOWN_HEADER.findall(head)) >= 2


@register("eml", extensions=(".eml",), sniff=sniff_eml, sniff_order=30)
def read_eml(data: bytes, name: str) -> Document:
    contents = _parse(data, name)
    if contents.attachment is None:
        return build_document(contents.body, "eml", name, metadata=contents.metadata)
    filename, payload = contents.attachment
    inner = READERS[_attachment_format(filename) or "txt"](payload, filename)
    return Document(
        paragraphs=inner.paragraphs,
        format=inner.format,
        name=display_name(name),
        attachment=filename,
        metadata={**inner.metadata, **contents.metadata, "container": "eml"},
    )


def _parse(data: bytes, name: str) -> _Contents:
    try:
        message = email.message_from_bytes(data, policy=policy.default)
        contents = _Contents(metadata=_metadata(message))
        contents.attachment = _largest_attachment(message)
        if contents.attachment is None:
            contents.body = _body_paragraphs(message, name)
    except AnalysisError:
        raise
    except Exception as exc:
        # The email package mostly records defects, but still raises on some malformed
        # headers and encodings; for a person that is simply a broken e-mail.
        raise UnreadableDocument(
            f"{display_name(name)} could not be read as an e-mail; it may be damaged."
        ) from exc
    return contents


def _metadata(message: Message) -> dict[str, str]:
    metadata = {}
    for header in ("Subject", "From"):
        value = message.get(header)
        if value is not None:
            metadata[header.lower()] = " ".join(str(value).split())
    return metadata


def _attachment_format(filename: str) -> str | None:
    """The registered format of an attachment from its extension; e-mails are not nested."""
    extension = PurePath(filename).suffix.lower()
    for reader in READERS.values():
        if extension in reader.extensions and reader.format != "eml":
            return reader.format
    return None


def _largest_attachment(message: Message) -> tuple[str, bytes] | None:
    candidates: list[tuple[str, bytes]] = []
    for part in message.walk():
        filename = part.get_filename()
        if part.is_multipart() or not filename or _attachment_format(filename) is None:
            continue
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes) and payload:
            candidates.append((display_name(filename), payload))
    return max(candidates, key=lambda candidate: len(candidate[1]), default=None)


def _body_paragraphs(message: Message, name: str) -> list[Paragraph]:
    if not hasattr(message, "get_body"):
        return []
    plain = message.get_body(preferencelist=("plain",))
    if plain is not None:
        lines = _part_text(plain, name).split("\n")
        # Quoted replies repeat the questions sent earlier, not the campaign's answers.
        return text_paragraphs(
            "\n".join(line for line in lines if not line.lstrip().startswith(">"))
        )
    rich = message.get_body(preferencelist=("html",))
    return html_paragraphs(_part_text(rich, name)) if rich is not None else []


def _part_text(part: Message, name: str) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    charset = part.get_content_charset()
    if charset:
        try:
            text = payload.decode(charset, errors="replace")
            return text.replace("\r\n", "\n").replace("\r", "\n")
        except LookupError:
            pass  # an unknown charset name: guess like for a plain text file
    return decode_text(payload, name)
