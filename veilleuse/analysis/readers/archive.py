"""Opening the ZIP container of .docx and .odt files without trusting it."""

from __future__ import annotations

import io
import zipfile
import zlib

from veilleuse.analysis.document import UnreadableDocument
from veilleuse.analysis.readers.common import display_name

# Caps near what a real reply needs (docs/hostile-input.md, "Dense documents"): a 100-page
# reply with photos unpacks to well under 50 MB, and its text part (word/document.xml,
# content.xml) to 1 to 3 MB; the adversarial review's 7 MB file unpacked to 199 MB.
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_TEXT_PART_BYTES = 8 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_MEMBERS = 10_000
# Small, highly repetitive XML parts legitimately compress past 100:1; the ratio only
# matters once the expansion is big enough to hurt.
_RATIO_FLOOR_BYTES = 10 * 1024 * 1024
# Word and LibreOffice write password-protected files as an OLE compound file, not a ZIP.
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def is_zip(data: bytes) -> bool:
    return data.startswith(b"PK\x03\x04")


def open_zip(data: bytes, name: str, kind: str) -> zipfile.ZipFile:
    """Open ``data`` as a ZIP after checking, from its directory alone, that it is no bomb."""
    if data.startswith(OLE_SIGNATURE):
        if ENCRYPTED_PACKAGE in data:
            raise UnreadableDocument(
                f"{display_name(name)} is password-protected; save it without a password "
                "and import it again.",
                code="office_password",
                params={"name": display_name(name)},
            )
        raise UnreadableDocument(
            f"{display_name(name)} is an old binary Office file, not a {kind}; "
            "save it as .docx or .odt and import it again.",
            code="old_office",
            params={"name": display_name(name), "kind": kind},
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as exc:
        raise UnreadableDocument(
            f"{display_name(name)} is damaged: it is not a complete {kind}.",
            code="archive_damaged",
            params={"name": display_name(name), "kind": kind},
        ) from exc
    _refuse_bomb(members, name)
    return archive


def _refuse_bomb(members: list[zipfile.ZipInfo], name: str) -> None:
    declared = sum(member.file_size for member in members)
    compressed = sum(member.compress_size for member in members)
    too_big = declared > MAX_UNCOMPRESSED_BYTES or len(members) > MAX_MEMBERS
    too_dense = declared > _RATIO_FLOOR_BYTES and declared > MAX_COMPRESSION_RATIO * max(
        compressed, 1
    )
    if too_big or too_dense:
        raise UnreadableDocument(
            f"{display_name(name)} would expand to {declared // (1024 * 1024)} MB when "
            "unpacked, which looks like a zip bomb, so it was not opened."
        )


TEXT_PARTS = ("word/document.xml", "content.xml")


def refuse_oversized_container(data: bytes, name: str) -> None:
    """From the ZIP directory alone (cheap enough for a web request): refuse a .docx or .odt
    over the caps. A damaged ZIP passes here; the reader will say it is damaged."""
    if not is_zip(data):
        return
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        return
    _refuse_bomb(members, name)
    for part in TEXT_PARTS:
        refuse_large_part(archive, part, name)


def refuse_large_part(archive: zipfile.ZipFile, member: str, name: str) -> None:
    """The text part is parsed whole, so its declared size is capped before any parsing."""
    try:
        size = archive.getinfo(member).file_size
    except KeyError:
        return  # the reader says the part is missing, in its own words
    if size > MAX_TEXT_PART_BYTES:
        raise UnreadableDocument(
            f"{display_name(name)} holds {size // (1024 * 1024)} MB of text markup, more than "
            f"the {MAX_TEXT_PART_BYTES // (1024 * 1024)} MB a reply needs, so it was not read."
        )


def read_member(archive: zipfile.ZipFile, member: str, name: str, kind: str) -> bytes:
    try:
        return archive.read(member)
    except KeyError as exc:
        raise UnreadableDocument(
            f"{display_name(name)} is not a valid {kind}: it has no {member}."
        ) from exc
    except (zipfile.BadZipFile, zlib.error, ValueError, EOFError, OSError, RuntimeError) as exc:
        raise UnreadableDocument(
            f"{display_name(name)} is damaged: it is not a complete {kind}.",
            code="archive_damaged",
            params={"name": display_name(name), "kind": kind},
        ) from exc
