"""HTML pages (.html, .htm), through BeautifulSoup and the standard library's parser."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator

from bs4 import BeautifulSoup
from bs4.element import NavigableString, PreformattedString, Tag

from veilleuse.analysis.document import Document, Paragraph
from veilleuse.analysis.readers.common import build_document, decode_text, link_text
from veilleuse.analysis.readers.registry import register

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Elements whose text stands apart from what comes before and after it.
_BLOCKS = _HEADINGS | frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "header",
        "hr",
        "html",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
_DROPPED = ("script", "style", "head", "title", "template", "noscript", "svg", "iframe", "object")
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_SNIFF = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)


def sniff_html(data: bytes) -> bool:
    return bool(_SNIFF.match(data[:4096].removeprefix(codecs.BOM_UTF8)))


@register("html", extensions=(".html", ".htm", ".xhtml"), sniff=sniff_html, sniff_order=20)
def read_html(data: bytes, name: str) -> Document:
    return build_document(html_paragraphs(_decode(data, name)), "html", name)


def _decode(data: bytes, name: str) -> str:
    declared = _DECLARED_CHARSET.search(data[:4096])
    if declared and not data.startswith(codecs.BOM_UTF8):
        try:
            codec = codecs.lookup(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            codec = None
        if codec is not None and codec.name not in ("utf-16-le", "utf-16-be", "utf-16"):
            return data.decode(codec.name, errors="replace")
    return decode_text(data, name)


def html_paragraphs(markup: str) -> list[Paragraph]:
    """Paragraphs of an HTML page: one per block element, links written out as text."""
    soup = BeautifulSoup(markup, "html.parser")
    for element in soup.find_all(_DROPPED):
        element.decompose()
    for element in soup.find_all("br"):
        element.replace_with(" ")
    for element in soup.find_all("a", href=True):
        element.replace_with(link_text(element.get_text(), str(element["href"])))
    paragraphs: list[Paragraph] = []
    current: Tag | None = None
    for text, block in _texts_with_block(soup):
        if block is not current or not paragraphs:
            paragraphs.append(Paragraph("", heading=block.name in _HEADINGS))
            current = block
        paragraphs[-1] = Paragraph(paragraphs[-1].text + text, paragraphs[-1].heading)
    return paragraphs


def _texts_with_block(soup: BeautifulSoup) -> Iterator[tuple[str, Tag]]:
    """Each piece of text in reading order, with the nearest block element around it."""
    for node in soup.descendants:
        if not isinstance(node, NavigableString) or isinstance(node, PreformattedString):
            continue  # comments, doctypes, CDATA and processing instructions are not text
        block = next((p for p in node.parents if p.name in _BLOCKS), soup)
        yield str(node), block
