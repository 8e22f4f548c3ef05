"""Reading a document someone sent, the one way the platform does it: in a child process
under memory, CPU and time limits (``veilleuse.analysis.isolated``, docs/hostile-input.md),
never in a web request (the callers are background tasks, or staff's own uploads)."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from veilleuse.analysis import Document, UnreadableDocument
from veilleuse.analysis.isolated import DocumentTooComplex, Limits, read_bytes_isolated
from veilleuse.analysis.readers.common import display_name

_MEGABYTE = 1024 * 1024


def document_limits() -> Limits:
    return Limits(
        memory_bytes=settings.VEILLEUSE_DOCUMENT_MEMORY_MB * _MEGABYTE,
        cpu_seconds=settings.VEILLEUSE_DOCUMENT_CPU_SECONDS,
        wall_seconds=settings.VEILLEUSE_DOCUMENT_TIMEOUT_SECONDS,
    )


def document_read(*, data: bytes, name: str) -> Document:
    """The document in ``data``; ``AnalysisError`` with one sentence when it cannot be read,
    translated when reading it went past the limits."""
    try:
        return read_bytes_isolated(
            data, name, max_bytes=settings.VEILLEUSE_UPLOAD_MAX_BYTES, limits=document_limits()
        )
    except DocumentTooComplex:
        raise UnreadableDocument(
            _(
                "This document is too large or too complex to read. Save it again as a "
                "simpler file (without images, in fewer pages), or copy the answers into "
                "the form."
            ),
            code="too_complex",
            params={"name": display_name(name)},
        ) from None
