"""Plain text (.txt) and Markdown (.md) files."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from veilleuse.analysis.document import Document, Paragraph
from veilleuse.analysis.readers.common import build_document, decode_text, link_text, looks_binary
from veilleuse.analysis.readers.registry import register

# A line that opens a list item or a numbered question starts a new paragraph even without a
# blank line before it; any other line inside a block is a soft wrap of the previous one.
LIST_ITEM = re.compile(
    r"^(?:[-*•‣◦–]\s|\d{1,3}[.)](?:\s|$)|Q\d{1,3}\b|Question\s+\d{1,3}\b)", re.IGNORECASE
)
_BLANK_LINES = re.compile(r"\n[^\S\n]*\n")

_ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_RULE_OR_FENCE = re.compile(r"^ {0,3}(?:(?:[-*_][ \t]*){3,}|```.*|~~~.*)$")
_QUOTE_PREFIX = re.compile(r"^ {0,3}>[ \t]?")
_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^()\s]*)(?:\s+\"[^\"]*\")?\)")
_LINK = re.compile(r"\[([^\]]+)\]\(([^()\s]*)(?:\s+\"[^\"]*\")?\)")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])")


def blocks(text: str) -> list[list[str]]:
    """Lines grouped into blocks that blank lines separate."""
    return [chunk.split("\n") for chunk in _BLANK_LINES.split(text) if chunk.strip()]


def split_items(lines: Iterable[str]) -> list[list[str]]:
    """Lines of one block grouped into paragraphs: a new one at each list or question item."""
    groups: list[list[str]] = []
    for line in (line.strip() for line in lines):
        if not line:
            continue
        if not groups or LIST_ITEM.match(line):
            groups.append([])
        groups[-1].append(line)
    return groups


def text_paragraphs(text: str) -> list[Paragraph]:
    return [Paragraph(" ".join(group)) for block in blocks(text) for group in split_items(block)]


def _markdown_link(match: re.Match[str]) -> str:
    text, url = match.group(1), match.group(2)
    # [url](url) is the same link as the autolink <url>, and reads the same.
    return f"<{url}>" if text.strip() == url else link_text(text, url)


def markdown_inline(text: str) -> str:
    text = _IMAGE.sub(lambda match: match.group(1), text)
    text = _LINK.sub(_markdown_link, text)
    text = _STRONG.sub(lambda match: match.group(2), text)
    return _ESCAPE.sub(r"\1", text)


def _markdown_block(lines: list[str]) -> Iterator[Paragraph]:
    pending: list[str] = []
    for line in lines:
        heading = _ATX_HEADING.match(line)
        if heading or (_RULE_OR_FENCE.match(line) and not _SETEXT_UNDERLINE.match(line)):
            yield from _markdown_items(pending)
            pending = []
            if heading:
                yield Paragraph(markdown_inline(heading.group(2) or ""), heading=True)
        elif _SETEXT_UNDERLINE.match(line):
            # "Title" over "=====" is a heading; a lone "---" is a horizontal rule.
            groups = split_items(pending)
            for group in groups[:-1]:
                yield Paragraph(markdown_inline(" ".join(group)))
            if groups:
                yield Paragraph(markdown_inline(" ".join(groups[-1])), heading=True)
            pending = []
        else:
            pending.append(_QUOTE_PREFIX.sub("", line))
    yield from _markdown_items(pending)


def _markdown_items(lines: list[str]) -> Iterator[Paragraph]:
    for group in split_items(lines):
        yield Paragraph(markdown_inline(" ".join(group)))


def markdown_paragraphs(text: str) -> list[Paragraph]:
    return [paragraph for block in blocks(text) for paragraph in _markdown_block(block)]


def sniff_text(data: bytes) -> bool:
    return not looks_binary(data)


@register("txt", extensions=(".txt", ".text"), sniff=sniff_text, sniff_order=1000)
def read_text(data: bytes, name: str) -> Document:
    return build_document(text_paragraphs(decode_text(data, name)), "txt", name)


@register("md", extensions=(".md", ".markdown"))
def read_markdown(data: bytes, name: str) -> Document:
    return build_document(markdown_paragraphs(decode_text(data, name)), "md", name)
