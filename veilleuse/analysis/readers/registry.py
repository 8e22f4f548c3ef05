"""The one table of document readers, and how a file's format is chosen from it."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePath

from veilleuse.analysis.document import Document, UnreadableDocument, UnsupportedFormat
from veilleuse.analysis.readers.common import display_name

ReadFunction = Callable[[bytes, str], Document]
SniffFunction = Callable[[bytes], bool]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
_MEGABYTE = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Reader:
    """A registered reader: call it like the function it wraps, ``reader(data, name)``.

    ``sniff`` recognises the format from the content when the extension is unknown; sniffers
    run in ascending ``sniff_order``, so specific signatures go before the text fallback.
    """

    format: str
    read: ReadFunction
    extensions: tuple[str, ...]
    sniff: SniffFunction | None = None
    sniff_order: int = 50

    def __call__(self, data: bytes, name: str) -> Document:
        return self.read(data, name)


READERS: dict[str, Reader] = {}


def register(
    format: str,
    *,
    extensions: tuple[str, ...],
    sniff: SniffFunction | None = None,
    sniff_order: int = 50,
) -> Callable[[ReadFunction], ReadFunction]:
    """Decorator that adds a reader function to ``READERS`` under ``format``."""

    def decorator(read: ReadFunction) -> ReadFunction:
        if format in READERS:
            raise ValueError(f"a reader is already registered for {format!r}")
        lowered = tuple(extension.lower() for extension in extensions)
        READERS[format] = Reader(format, read, lowered, sniff, sniff_order)
        return read

    return decorator


def supported_extensions() -> list[str]:
    return sorted({ext for reader in READERS.values() for ext in reader.extensions})


def detect_format(data: bytes, name: str) -> str:
    """The format of a file: by its extension first, then by what its content looks like."""
    extension = PurePath(name).suffix.lower()
    for reader in READERS.values():
        if extension in reader.extensions:
            return reader.format
    sniffers = sorted(
        (reader for reader in READERS.values() if reader.sniff is not None),
        key=lambda reader: reader.sniff_order,
    )
    for reader in sniffers:
        if reader.sniff is not None and reader.sniff(data):
            return reader.format
    raise UnsupportedFormat(
        f"{display_name(name)} is not a kind of document Veilleuse can read; "
        f"supported files end in {', '.join(supported_extensions())}.",
        code="unsupported",
        params={"name": display_name(name), "extensions": ", ".join(supported_extensions())},
    )


def _megabytes(size: int) -> str:
    return f"{size / _MEGABYTE:.1f}".removesuffix(".0")


def _too_large(name: str, size: int, max_bytes: int) -> UnreadableDocument:
    return UnreadableDocument(
        f"{display_name(name)} is {_megabytes(size)} MB, "
        f"more than the {_megabytes(max_bytes)} MB limit.",
        code="too_large",
        params={
            "name": display_name(name),
            "size": _megabytes(size),
            "limit": _megabytes(max_bytes),
        },
    )


def read_bytes(data: bytes, name: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read a document from its bytes; ``name`` (a file name) gives the extension."""
    if not data:
        raise UnreadableDocument(
            f"{display_name(name)} is empty.", code="empty", params={"name": display_name(name)}
        )
    if len(data) > max_bytes:
        raise _too_large(name, len(data), max_bytes)
    document = READERS[detect_format(data, name)](data, name)
    if not document.paragraphs:
        raise UnreadableDocument(
            f"{display_name(name)} contains no text.",
            code="no_text",
            params={"name": display_name(name)},
        )
    return document


def read_document(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read the document at ``path``, refusing files over ``max_bytes`` before reading them."""
    path = Path(path)
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            raise UnreadableDocument(f"{path.name or path} is not a file.")
        if status.st_size > max_bytes:
            raise _too_large(path.name, status.st_size, max_bytes)
        with path.open("rb") as handle:
            # One byte more than allowed tells a file that grew since stat() from one that fits.
            data = handle.read(max_bytes + 1)
    except FileNotFoundError as exc:
        raise UnreadableDocument(f"{path.name or path} does not exist.") from exc
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise UnreadableDocument(f"{path.name or path} cannot be opened: {reason}.") from exc
    return read_bytes(data, path.name, max_bytes=max_bytes)
