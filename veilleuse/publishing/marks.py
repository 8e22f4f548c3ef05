"""Drawing marks shared by the share images and the PDF report: the fonts shipped inside
ReportLab, what they can draw, the grade colours and symbols, dates and labels.

No system font may be assumed on the machine that publishes (a laptop at the association,
a CI runner), so both outputs use the Bitstream Vera TTFs that ship inside ReportLab.
Vera covers most Latin, Greek and Cyrillic but has no ✓, ✗ or ∅: those are drawn as
strokes whenever the font lacks them, and
any other character the font lacks (emoji, CJK…) is replaced rather than shown as a box.

A grade is never shown by colour alone: colour AND symbol AND word, like ``app.css``.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from veilleuse.publishing.record import Publication

REPLACEMENT = "?"
BLUE, VERMILION = "#0b4f8a", "#9c3a00"


@dataclass(frozen=True)
class GradeStyle:
    fill: str
    border: str
    ink: str
    symbol: str
    dashed: bool = False


# The blue ↔ vermilion palette of app.css (safe for the common colour-vision deficiencies);
# "pending" is the public record's status for an answer still awaiting a human decision.
GRADE_STYLES: dict[str, GradeStyle] = {
    "yes": GradeStyle(BLUE, BLUE, "#ffffff", "✓✓"),
    "rather_yes": GradeStyle("#cfe2f3", "#5b8fc7", "#1b1b1f", "✓"),
    "noncommittal": GradeStyle("#e6e6e6", "#8a8a8a", "#1b1b1f", "~"),
    "rather_no": GradeStyle("#fbdcc4", "#d08a52", "#1b1b1f", "✗"),
    "no": GradeStyle(VERMILION, VERMILION, "#ffffff", "✗✗"),
    "no_answer": GradeStyle("#ffffff", "#6b6b6b", "#1b1b1f", "∅", dashed=True),
    "pending": GradeStyle("#f4f4f6", "#4a4a55", "#1b1b1f", "…", dashed=True),
}
GRADE_ORDER = tuple(GRADE_STYLES)

# Strokes of the symbols Vera lacks, in a unit box (x right, y down), drawn as thick lines.
_RING = tuple(
    (0.5 + 0.34 * math.cos(math.tau * k / 24), 0.5 + 0.34 * math.sin(math.tau * k / 24))
    for k in range(25)
)
STROKES: dict[str, tuple[tuple[tuple[float, float], ...], ...]] = {
    "✓": (((0.08, 0.55), (0.38, 0.85), (0.92, 0.15)),),
    "✗": (((0.15, 0.15), (0.85, 0.85)), ((0.85, 0.15), (0.15, 0.85))),
    "∅": (_RING, ((0.1, 0.9), (0.9, 0.1))),
}


def font_path(*, bold: bool = False, italic: bool = False) -> Path:
    """The Vera TTF shipped inside the ReportLab package."""
    name = {(0, 0): "Vera", (1, 0): "VeraBd", (0, 1): "VeraIt", (1, 1): "VeraBI"}[bold, italic]
    return Path(str(resources.files("reportlab") / "fonts" / f"{name}.ttf"))


@cache
def covered() -> frozenset[int]:
    """The code points Vera draws (its cmap), read once."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    # Glyph 0 is .notdef, the "tofu" box: Vera maps ∅ and Ď there, so they are not covered.
    faces = [TTFontFile(str(font_path(bold=b))).charToGlyph for b in (False, True)]
    return frozenset.intersection(*(frozenset(c for c, g in cmap.items() if g) for cmap in faces))


def has_glyph(char: str) -> bool:
    return ord(char) in covered()


def printable(text: str) -> str:
    """Untrusted text made drawable: one line, no control characters, no missing glyphs.

    NFKC first, so that styled letters (𝐀, ﬁ, full-width digits) keep their meaning.
    """
    text = unicodedata.normalize("NFKC", text or "")
    out = []
    for char in text:
        if char.isspace():
            out.append(" ")
        elif unicodedata.category(char) in ("Cc", "Cf", "Mn", "Cs", "Co", "Cn"):
            continue  # invisible or unassigned: drawing it would only make a box
        else:
            out.append(_drawable(char))
    return " ".join("".join(out).split())


def _drawable(char: str) -> str:
    if has_glyph(char):
        return char
    base = unicodedata.normalize("NFD", char)[0]  # Ď → D: the letter without its accent
    return base if has_glyph(base) else REPLACEMENT


@cache
def register_pdf_fonts() -> str:
    """Register Vera with ReportLab (accents, « », ’ and ∅ all embed); return its family."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    faces = {
        "Vera": font_path(),
        "Vera-Bold": font_path(bold=True),
        "Vera-Italic": font_path(italic=True),
        "Vera-BoldItalic": font_path(bold=True, italic=True),
    }
    for name, path in faces.items():
        pdfmetrics.registerFont(TTFont(name, str(path)))
    addMapping("Vera", 0, 0, "Vera")
    addMapping("Vera", 1, 0, "Vera-Bold")
    addMapping("Vera", 0, 1, "Vera-Italic")
    addMapping("Vera", 1, 1, "Vera-BoldItalic")
    return "Vera"


# Candidate slug → question number → grade code ("pending" while awaiting a decision).
Grades = dict[str, dict[int, str]]


def grade_table(data: Publication) -> Grades:
    """Every list's grade on every question, in one pass over the answers (1,000 × 30)."""
    blank = {q["number"]: "no_answer" for q in data["questions"]}
    table = {c["slug"]: dict(blank) for c in data["candidates"]}
    for answer in data["answers"]:
        row = table.get(answer["candidate"])
        if row is not None and answer["question"] in row:
            reviewed = answer.get("status") == "reviewed"
            row[answer["question"]] = answer.get("grade", "no_answer") if reviewed else "pending"
    return table


def grade_labels(data: Publication, lang: str) -> dict[str, str]:
    """The scale's words in ``lang`` (English if the data lacks that language)."""
    key: Literal["label_fr", "label_en"] = "label_fr" if lang == "fr" else "label_en"
    labels = {g["code"]: g[key] or g["label_en"] or "" for g in data["scale"]}
    labels["pending"] = _("Awaiting review")
    return {code: printable(label) for code, label in labels.items()}


def local_date(iso: str) -> str:
    """An ISO date or datetime of the data as a date in the active language, local time."""
    moment = datetime.fromisoformat(iso)
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return date_format(moment.date(), "DATE_FORMAT")
