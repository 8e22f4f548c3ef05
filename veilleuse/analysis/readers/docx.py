"""Word documents (.docx), through python-docx."""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterator
from typing import Any

import docx
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.hyperlink import Hyperlink
from docx.text.paragraph import Paragraph as WordParagraph
from docx.text.run import Run

from veilleuse.analysis.document import Document, Paragraph, UnreadableDocument
from veilleuse.analysis.readers.archive import (
    ENCRYPTED_PACKAGE,
    OLE_SIGNATURE,
    is_zip,
    open_zip,
    refuse_large_part,
)
from veilleuse.analysis.readers.common import (
    MAX_PARAGRAPHS,
    build_document,
    clean_text,
    display_name,
    link_text,
)
from veilleuse.analysis.readers.registry import register

KIND = "Word document"
_RUN, _HYPERLINK, _DELETED = qn("w:r"), qn("w:hyperlink"), qn("w:del")
_HEADING_STYLES = ("heading", "title")
_MAIN_PART = b"word/document.xml"
_MAX_STYLE_DEPTH = 10


def sniff_docx(data: bytes) -> bool:
    if data.startswith(OLE_SIGNATURE):
        # Recognised so that the reader can say the file is password-protected.
        return ENCRYPTED_PACKAGE in data
    # The central directory at the end of the ZIP lists every part, whatever their order.
    return is_zip(data) and (_MAIN_PART in data[:65536] or _MAIN_PART in data[-65536:])


@register("docx", extensions=(".docx",), sniff=sniff_docx, sniff_order=10)
def read_docx(data: bytes, name: str) -> Document:
    refuse_large_part(open_zip(data, name, KIND), _MAIN_PART.decode(), name)
    try:
        word = docx.Document(io.BytesIO(data))
        # One more than the cap is enough to refuse: the rest is never walked. Counted as
        # build_document counts (non-empty once cleaned), so nothing is cut silently.
        texts = (p for p in _container_paragraphs(word) if clean_text(p.text))
        paragraphs = list(itertools.islice(texts, MAX_PARAGRAPHS + 1))
    except UnreadableDocument:
        raise
    except Exception as exc:
        # python-docx and lxml raise many kinds of errors on damaged parts; to a person they
        # all mean the same thing.
        raise UnreadableDocument(
            f"{display_name(name)} could not be opened as a Word document; it may be damaged.",
            code="docx_damaged",
            params={"name": display_name(name)},
        ) from exc
    return build_document(paragraphs, "docx", name)


def _container_paragraphs(container: Any) -> Iterator[Paragraph]:
    """Paragraphs of a document body or a table cell, tables included, in document order."""
    for item in container.iter_inner_content():
        if isinstance(item, Table):
            yield from _table_paragraphs(item)
        else:
            yield Paragraph(_paragraph_text(item), heading=_is_heading(item))


def _table_paragraphs(table: Table) -> Iterator[Paragraph]:
    seen: set[Any] = set()
    for row in table.rows:
        for cell in row.cells:
            # A merged cell is returned once per grid column it spans.
            if cell._tc in seen:
                continue
            seen.add(cell._tc)
            yield from _container_paragraphs(cell)


def _paragraph_text(paragraph: WordParagraph) -> str:
    return "".join(_inline_text(paragraph._p, paragraph))


def _inline_text(element: Any, paragraph: WordParagraph) -> Iterator[str]:
    """Text of runs and hyperlinks, also inside insertions, fields and content controls."""
    for child in element.iterchildren():
        if child.tag == _RUN:
            # Run.text turns line breaks into "\n" and tabs into "\t"; both end up as spaces.
            yield Run(child, paragraph).text
        elif child.tag == _HYPERLINK:
            link = Hyperlink(child, paragraph)
            yield link_text(link.text, _hyperlink_url(link))
        elif child.tag != _DELETED:
            yield from _inline_text(child, paragraph)


def _hyperlink_url(link: Hyperlink) -> str:
    try:
        return link.url
    except KeyError:
        # A hyperlink whose relationship is missing still has readable text.
        return ""


def _is_heading(paragraph: WordParagraph) -> bool:
    style = paragraph.style
    # Bounded, because a damaged file can make a style its own ancestor.
    for _ in range(_MAX_STYLE_DEPTH):
        if style is None:
            break
        if (style.name or "").lower().startswith(_HEADING_STYLES):
            return True
        style = style.base_style
    return False
