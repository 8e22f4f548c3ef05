"""OpenDocument text (.odt), through odfpy."""

from __future__ import annotations

import io
import xml.parsers.expat
from collections.abc import Iterator
from typing import Any

from odf import opendocument
from odf.element import Node
from odf.namespaces import OFFICENS, TEXTNS, XLINKNS
from odf.opendocument import load

from veilleuse.analysis.document import Document, Paragraph, UnreadableDocument
from veilleuse.analysis.readers.archive import is_zip, open_zip, read_member, refuse_large_part
from veilleuse.analysis.readers.common import build_document, display_name, link_text
from veilleuse.analysis.readers.registry import register

KIND = "OpenDocument text file"
MIMETYPE = b"application/vnd.oasis.opendocument.text"
_P, _H = (TEXTNS, "p"), (TEXTNS, "h")
_SPACES = {(TEXTNS, "s"), (TEXTNS, "tab"), (TEXTNS, "line-break")}
_LINK = (TEXTNS, "a")
# Footnotes, comments and the record of deleted text are not part of the reading text.
_SKIPPED = {(TEXTNS, "note"), (OFFICENS, "annotation"), (TEXTNS, "tracked-changes")}


def sniff_odt(data: bytes) -> bool:
    # ODF stores an uncompressed "mimetype" member first, precisely so that it can be sniffed.
    return is_zip(data) and data[30:38] == b"mimetype" and data[38 : 38 + len(MIMETYPE)] == MIMETYPE


@register("odt", extensions=(".odt",), sniff=sniff_odt, sniff_order=10)
def read_odt(data: bytes, name: str) -> Document:
    archive = open_zip(data, name, KIND)
    manifest = read_member(archive, "META-INF/manifest.xml", name, KIND)
    if b"encryption-data" in manifest:
        raise UnreadableDocument(
            f"{display_name(name)} is password-protected; save it without a password "
            "and import it again."
        )
    refuse_large_part(archive, "content.xml", name)
    _require_well_formed(read_member(archive, "content.xml", name, KIND), name)
    try:
        paragraphs = list(_paragraphs(load(io.BytesIO(data)).text))
    except Exception as exc:
        # odfpy surfaces XML, ZIP and attribute errors from deep inside; all mean "damaged".
        raise UnreadableDocument(
            f"{display_name(name)} could not be opened as an OpenDocument text; it may be damaged."
        ) from exc
    return build_document(paragraphs, "odt", name)


def _require_well_formed(content: bytes, name: str) -> None:
    # odfpy does not raise on malformed XML: it prints the whole part (the reply's text) to
    # stdout, that is into the server's logs, and goes on with half a document.
    # Checked as odfpy will parse it: with namespaces, after its repair of missing prefixes.
    repair = getattr(opendocument, "__fixXmlPart", lambda text: text)
    try:
        fixed = repair(content.decode("utf-8")).encode("utf-8")
        xml.parsers.expat.ParserCreate(namespace_separator=" ").Parse(fixed, True)
    except (xml.parsers.expat.ExpatError, ValueError, LookupError) as exc:
        raise UnreadableDocument(
            f"{display_name(name)} could not be opened as an OpenDocument text; it may be damaged."
        ) from exc


def _paragraphs(root: Any) -> Iterator[Paragraph]:
    """text:p and text:h elements in document order, in lists, tables and sections too."""
    stack = [root]
    while stack:
        node = stack.pop()
        if node.nodeType != Node.ELEMENT_NODE or node.qname in _SKIPPED:
            continue
        if node.qname in (_P, _H):
            yield Paragraph(_inline_text(node, links=True), heading=node.qname == _H)
        else:
            stack.extend(reversed(node.childNodes))


def _inline_text(element: Any, *, links: bool) -> str:
    parts: list[str] = []
    stack = list(reversed(element.childNodes))
    while stack:
        node = stack.pop()
        if node.nodeType == Node.TEXT_NODE:
            parts.append(node.data)
        elif node.nodeType != Node.ELEMENT_NODE or node.qname in _SKIPPED:
            continue
        elif node.qname in _SPACES:
            parts.append(" ")
        elif node.qname == _LINK and links:
            href = node.getAttrNS(XLINKNS, "href") or ""
            parts.append(link_text(_inline_text(node, links=False), href))
        else:
            stack.extend(reversed(node.childNodes))
    return "".join(parts)
