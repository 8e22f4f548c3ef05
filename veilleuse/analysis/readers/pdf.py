"""PDF files, through pdfminer.six: the text layer only, paragraphs rebuilt from the layout."""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass

from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTChar, LTTextBox, LTTextLine
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from veilleuse.analysis.document import Document, Paragraph, UnreadableDocument
from veilleuse.analysis.readers.common import build_document, clean_text, display_name
from veilleuse.analysis.readers.registry import register
from veilleuse.analysis.readers.text import LIST_ITEM

_PAGE_NUMBER = re.compile(
    r"^(?:(?:page|p\.)\s*)?\d{1,4}(?:\s*(?:/|of|sur|de)\s*\d{1,4})?$|^[-–—]\s*\d{1,4}\s*[-–—]$",
    re.IGNORECASE,
)
_HYPHENATED = re.compile(r"(\w+)-$")
_COMPOUND = re.compile(r"\b\w+-\w+\b")
_WORD = re.compile(r"\w+")
# Endings of French inclusive writing ("concerné-es", "acteur-ices"): the hyphen is meant.
_INCLUSIVE_SUFFIXES = frozenset(
    [
        "e",
        "es",
        "s",
        "x",
        "se",
        "ses",
        "ne",
        "nes",
        "le",
        "les",
        "te",
        "tes",
        "rice",
        "rices",
        "trice",
        "trices",
        "euse",
        "euses",
        "ice",
        "ices",
    ]
)
# Prefixes that keep their hyphen before a noun ("anti-stationnement", "non-recours").
_HYPHEN_PREFIXES = frozenset(["anti", "non", "ex", "post", "semi", "quasi", "demi", "vice"])
_SENTENCE_END = tuple('.!?:;…»)"”')
_LIGATURES = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
)
_HEADING_SCALE = 1.15
_HEADING_MAX_CHARS = 200


@dataclass(frozen=True, slots=True)
class _Line:
    text: str
    size: float


@dataclass(frozen=True, slots=True)
class _Vocabulary:
    """Words and hyphenated compounds that occur whole, inside a line, in the document."""

    words: frozenset[str]
    compounds: frozenset[str]

    @classmethod
    def of(cls, lines: list[str]) -> _Vocabulary:
        text = " ".join(lines).lower()
        return cls(frozenset(_WORD.findall(text)), frozenset(_COMPOUND.findall(text)))


@dataclass(slots=True)
class _Block:
    """A paragraph being rebuilt, with the font size of its first line."""

    lines: list[str]
    size: float
    page: int


def sniff_pdf(data: bytes) -> bool:
    # The specification tolerates a little junk before the header.
    return b"%PDF-" in data[:1024]


@register("pdf", extensions=(".pdf",), sniff=sniff_pdf, sniff_order=10)
def read_pdf(data: bytes, name: str) -> Document:
    pages = _text_boxes(data, name)
    lines = [line.text for page in pages for box in page for line in box]
    vocabulary = _Vocabulary.of(lines)
    blocks = _join_across_pages(_blocks(pages))
    if not blocks:
        raise UnreadableDocument(
            f"{display_name(name)} has no text layer; it may be a scan.",
            code="no_text_layer",
            params={"name": display_name(name)},
        )
    body_size = _body_size(blocks)
    paragraphs = [
        Paragraph(
            text := _join_lines(block.lines, vocabulary),
            heading=block.size > body_size * _HEADING_SCALE and len(text) < _HEADING_MAX_CHARS,
        )
        for block in blocks
    ]
    return build_document(paragraphs, "pdf", name)


def _text_boxes(data: bytes, name: str) -> list[list[list[_Line]]]:
    """Pages, each a list of text boxes, each a list of lines."""
    try:
        return [
            [_box_lines(box) for box in page if isinstance(box, LTTextBox)]
            for page in extract_pages(io.BytesIO(data), laparams=LAParams())
        ]
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise UnreadableDocument(
            f"{display_name(name)} is password-protected; save or print it to a PDF without "
            "a password and import it again.",
            code="pdf_password",
            params={"name": display_name(name)},
        ) from exc
    except Exception as exc:
        # pdfminer raises dozens of parser errors on broken files; to a person they all mean
        # the same thing.
        raise UnreadableDocument(
            f"{display_name(name)} is damaged and cannot be read as a PDF.",
            code="pdf_damaged",
            params={"name": display_name(name)},
        ) from exc


def _box_lines(box: LTTextBox) -> list[_Line]:
    lines = []
    for line in box:
        if not isinstance(line, LTTextLine):
            continue
        text = clean_text(line.get_text().translate(_LIGATURES))
        size = next((round(char.size * 2) / 2 for char in line if isinstance(char, LTChar)), 0.0)
        if text and not _PAGE_NUMBER.match(text):
            lines.append(_Line(text, size))
    return lines


def _blocks(pages: list[list[list[_Line]]]) -> list[_Block]:
    """One block per paragraph: a box splits at list items and at changes of font size."""
    blocks: list[_Block] = []
    for number, page in enumerate(pages):
        for box in page:
            previous: _Line | None = None
            for line in box:
                if previous is None or LIST_ITEM.match(line.text) or line.size != previous.size:
                    blocks.append(_Block([], line.size, number))
                blocks[-1].lines.append(line.text)
                previous = line
    return blocks


def _join_across_pages(blocks: list[_Block]) -> list[_Block]:
    """Mend a paragraph that a page break cut in two: no sentence end, lowercase after."""
    joined: list[_Block] = []
    for block in blocks:
        last = joined[-1] if joined else None
        if (
            last is not None
            and block.page != last.page
            and block.size == last.size
            and not last.lines[-1].endswith(_SENTENCE_END)
            and block.lines[0][:1].islower()
        ):
            last.lines.extend(block.lines)
            last.page = block.page
        else:
            joined.append(block)
    return joined


def _body_size(blocks: list[_Block]) -> float:
    weights: Counter[float] = Counter()
    for block in blocks:
        weights[block.size] += sum(len(line) for line in block.lines)
    return weights.most_common(1)[0][0]


def _join_lines(lines: list[str], vocabulary: _Vocabulary) -> str:
    text = lines[0]
    for line in lines[1:]:
        last_word = text.rsplit(" ", 1)[-1]
        if _is_line_end_hyphen(text, line, vocabulary):
            text = text[:-1] + line
        elif _HYPHENATED.search(text) and line[:1].isalnum():
            # A hyphen that belongs to the word ("anti-" + "stationnement") joins tightly too.
            text += line
        elif last_word.startswith("<") and ">" not in last_word:
            # A URL between angle brackets holds no space: the layout wrapped it.
            text += line
        else:
            text += " " + line
    return text


def _is_line_end_hyphen(text: str, line: str, vocabulary: _Vocabulary) -> bool:
    """True for "exam-" + "ple", false for compounds, inclusive writing and URLs.

    A PDF does not say whether a line-end hyphen was added by hyphenation or belongs to the
    word, so the document's own words decide when they can, then a few French rules.
    """
    match = _HYPHENATED.search(text)
    if not match or not text[-2:-1].islower() or not line[:1].islower():
        return False
    if any(mark in text.rsplit(" ", 1)[-1] for mark in ("/", "%", "@")):
        return False
    left, right = match.group(1).lower(), re.split(r"\W", line, maxsplit=1)[0].lower()
    if left + right in vocabulary.words:
        return True
    if f"{left}-{right}" in vocabulary.compounds:
        return False
    return right not in _INCLUSIVE_SUFFIXES and left not in _HYPHEN_PREFIXES
