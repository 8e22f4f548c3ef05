"""Turn a file a campaign sent back into a Document: paragraphs of plain text.

    from veilleuse.analysis.readers import read_document
    document = read_document("reponses.docx")

Every format lives in one module that registers its reader in ``READERS`` with
``@register(format, extensions=..., sniff=...)``; a new format is one new module imported
below. A file's format is chosen by its extension, else by sniffing its content. Every
problem with the input is raised as an ``AnalysisError`` whose message is one sentence a
person can act on.
"""

from __future__ import annotations

# The built-in readers register themselves on import, exactly as a plug-in would.
from veilleuse.analysis.readers import docx, eml, html, odt, pdf, text
from veilleuse.analysis.readers.archive import refuse_oversized_container
from veilleuse.analysis.readers.registry import (
    DEFAULT_MAX_BYTES,
    READERS,
    Reader,
    ReadFunction,
    SniffFunction,
    detect_format,
    read_bytes,
    read_document,
    register,
    supported_extensions,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "READERS",
    "ReadFunction",
    "Reader",
    "SniffFunction",
    "detect_format",
    "docx",
    "eml",
    "html",
    "odt",
    "pdf",
    "read_bytes",
    "read_document",
    "refuse_oversized_container",
    "register",
    "supported_extensions",
    "text",
]
