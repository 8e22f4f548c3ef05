"""A generated Markdown document as an A4 PDF, with ReportLab as the complaint letter
(``veilleuse.alerts.complaint``): headings, paragraphs, bullets and tables; deterministic
(``invariant``), with no metadata naming anyone."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from veilleuse.alerts.complaint import _font

SIZES = {"# ": 16.0, "## ": 13.0, "### ": 11.0}


def _styles() -> dict[str, ParagraphStyle]:
    font = _font()
    styles = {
        prefix: ParagraphStyle(prefix, fontName=font, fontSize=size, leading=size * 1.3,
                               spaceBefore=8, spaceAfter=4)
        for prefix, size in SIZES.items()
    }  # fmt: skip
    styles["body"] = ParagraphStyle("body", fontName=font, fontSize=9, leading=12, spaceAfter=4)
    styles["cell"] = ParagraphStyle("cell", fontName=font, fontSize=7, leading=9)
    return styles


def _text(line: str) -> str:
    return escape(line.replace("`", ""))


def _table(rows: list[str], style: ParagraphStyle) -> Table:
    cells = [
        [Paragraph(_text(c.strip()), style) for c in row.strip().strip("|").split("|")]
        for row in rows
        if not row.startswith("|---")
    ]
    table = Table(cells, repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))  # fmt: skip
    return table


def _flowables(markdown: str, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    story: list[Flowable] = []
    table: list[str] = []
    for line in [*markdown.splitlines(), ""]:
        if line.startswith("|"):
            table.append(line)
            continue
        if table:
            story.append(_table(table, styles["cell"]))
            table = []
        heading = next((p for p in ("### ", "## ", "# ") if line.startswith(p)), None)
        if heading:
            story.append(Paragraph(_text(line[len(heading) :]), styles[heading]))
        elif line.strip():
            bullet = line.startswith("- ")
            text = ("• " if bullet else "") + _text(line[2:] if bullet else line)
            story.append(Paragraph(text, styles["body"]))
        else:
            story.append(Spacer(1, 4))
    return story


def markdown_pdf(markdown: str, *, title: str) -> bytes:
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2 * cm,
        bottomMargin=2 * cm, title=title, author="", creator="", invariant=1,
    )  # fmt: skip
    document.build(_flowables(markdown, _styles()))
    return buffer.getvalue()
