"""The printable PDF report of a campaign: the whole comparison, every list, on paper.

Title page, method, the overview grid (A4 landscape, split into page-sized tables whose
header repeats), each question with the reviewed answers, and the contact log.

It must hold 1,000 lists × 30 questions: the story is a generator that platypus reads from
the front (``StreamedStory``), so only the flowables of the page being laid out exist at any
time. Every text from the data is untrusted: ``_text`` makes it drawable in Vera and escapes
it for ReportLab's mini-markup, where ``<b>`` or ``&`` would otherwise be interpreted.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from veilleuse.publishing.marks import (
    GRADE_STYLES,
    STROKES,
    grade_labels,
    grade_table,
    has_glyph,
    local_date,
    printable,
    register_pdf_fonts,
)
from veilleuse.publishing.record import AnswerRecord, CandidateRecord, Publication

FONT = "Vera"
ROWS_PER_TABLE, QUESTIONS_PER_GRID = 25, 10
TABLE_STYLE: list[tuple[Any, ...]] = [
    ("FONT", (0, 0), (-1, -1), FONT, 8),
    ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#c9c9d1")),
    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f4f4f6")),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
]
# Marked for extraction here, translated when drawn (the scale in the data has no meanings).
MEANINGS = {
    "yes": gettext_noop("commits to the demand, with means"),
    "rather_yes": gettext_noop("supports it, with conditions or without concrete means"),
    "noncommittal": gettext_noop("openness, study, dialogue, no commitment"),
    "rather_no": gettext_noop("rejects the demand as asked, offers something lesser"),
    "no": gettext_noop("rejects the demand"),
    "no_answer": gettext_noop("nothing, or off-topic"),
}


def _style(name: str, size: float, **extra: Any) -> ParagraphStyle:
    options: dict[str, Any] = {"fontName": FONT, "fontSize": size, "leading": size * 1.3}
    return ParagraphStyle(name, **(options | extra))


STYLES = {
    "title": _style("title", 26, fontName="Vera-Bold", spaceAfter=12),
    "h1": _style("h1", 17, fontName="Vera-Bold", spaceBefore=6, spaceAfter=8, keepWithNext=1),
    "h2": _style("h2", 12.5, fontName="Vera-Bold", spaceBefore=10, spaceAfter=4, keepWithNext=1),
    "body": _style("body", 10, spaceAfter=5),
    "small": _style("small", 8.5, spaceAfter=3),
    "cell": _style("cell", 8),
}


def _text(value: object) -> str:
    """Untrusted text → safe mini-markup: drawable glyphs, escaped, paragraphs kept."""
    blocks = [printable(block) for block in str(value or "").split("\n")]
    return "<br/>".join(escape(block) for block in blocks if block)


class StreamedStory:
    """The list interface that ``BaseDocTemplate.build`` uses, fed by a generator.

    Platypus only reads, deletes and re-inserts at the front (plus a short look-ahead for
    keep-with-next), so a small buffer is enough and the full story never exists at once.
    """

    LOOKAHEAD = 8

    def __init__(self, flowables: Iterator[Flowable]) -> None:
        self._source = flowables
        self._buffer: list[Flowable] = []

    def _fill(self, size: int) -> None:
        while len(self._buffer) < size:
            item = next(self._source, None)
            if item is None:
                return
            self._buffer.append(item)

    def __len__(self) -> int:
        self._fill(self.LOOKAHEAD)
        return len(self._buffer)

    def __getitem__(self, index: int | slice) -> Any:
        self._fill((index.stop or self.LOOKAHEAD) if isinstance(index, slice) else index + 1)
        return self._buffer[index]

    def __delitem__(self, index: int | slice) -> None:
        del self._buffer[index]

    def __setitem__(self, index: slice, value: list[Flowable]) -> None:
        self._buffer[index] = value  # only [0:0] = split parts, put back at the front

    def insert(self, index: int, value: Flowable) -> None:
        self._buffer.insert(index, value)


class GradeMark(Flowable):  # type: ignore[misc]  # reportlab has no type hints: Flowable is Any
    """A grade as symbol + word in the grade's ink; the cell behind it carries the colour."""

    def __init__(self, code: str, label: str, size: float = 7.5) -> None:
        super().__init__()
        self.code, self.size = code, size
        self.style = GRADE_STYLES.get(code, GRADE_STYLES["no_answer"])
        self.para = Paragraph(_text(label), _style("mark", size, textColor=self.style.ink))

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        _w, text_height = self.para.wrap(avail_width, avail_height)
        self.height = self.size * 1.3 + text_height
        return avail_width, self.height

    def draw(self) -> None:
        canvas: Canvas = self.canv
        canvas.setFillColor(colors.HexColor(self.style.ink))
        canvas.setStrokeColor(colors.HexColor(self.style.ink))
        canvas.setLineWidth(self.size / 7)
        x, top = 0.0, self.height
        for char in self.style.symbol:
            x += _draw_symbol_char(canvas, char, x, top, self.size)
        self.para.drawOn(canvas, 0, 0)


def _draw_symbol_char(canvas: Canvas, char: str, x: float, top: float, size: float) -> float:
    """Draw one symbol character; Vera lacks ✓ ✗ ∅, so those are strokes. Returns its width."""
    if char in STROKES and not has_glyph(char):
        box = size * 0.9
        for stroke in STROKES[char]:
            path = canvas.beginPath()
            path.moveTo(x + stroke[0][0] * box, top - stroke[0][1] * box)
            for u, v in stroke[1:]:
                path.lineTo(x + u * box, top - v * box)
            canvas.drawPath(path, stroke=1, fill=0)
        return box + 1
    canvas.setFont("Vera-Bold", size)
    canvas.drawString(x, top - size * 0.85, char)
    return float(canvas.stringWidth(char, "Vera-Bold", size))


def _grade_cell_style(cells: list[tuple[int, int, str]]) -> list[tuple[Any, ...]]:
    """TableStyle commands giving each grade cell its colour (and a dashed look for ∅)."""
    commands: list[tuple[Any, ...]] = []
    for col, row, code in cells:
        style = GRADE_STYLES.get(code, GRADE_STYLES["no_answer"])
        commands.append(("BACKGROUND", (col, row), (col, row), colors.HexColor(style.fill)))
        if style.dashed:
            commands.append(
                ("BOX", (col, row), (col, row), 0.8, colors.HexColor(style.border), 0, (2, 2))
            )
    return commands


def _grid_tables(data: Publication, labels: dict[str, str], width: float) -> Iterator[Flowable]:
    """Candidates × questions, QUESTIONS_PER_GRID columns and ROWS_PER_TABLE rows at a time."""
    questions, table_of_grades = data["questions"], grade_table(data)
    for start in range(0, len(questions), QUESTIONS_PER_GRID):
        group = questions[start : start + QUESTIONS_PER_GRID]
        header = [Paragraph(_("List"), STYLES["cell"])] + [
            Paragraph(f"<b>{_('Q%(number)s') % {'number': q['number']}}</b>", STYLES["cell"])
            for q in group
        ]
        name_width = min(200.0, width * 0.28)
        col_widths = [name_width] + [(width - name_width) / len(group)] * len(group)
        for first in range(0, len(data["candidates"]), ROWS_PER_TABLE):
            rows, cells = [header], []
            for r, candidate in enumerate(data["candidates"][first : first + ROWS_PER_TABLE], 1):
                grades = table_of_grades[candidate["slug"]]
                row: list[Any] = [Paragraph(_text(candidate["name"]), STYLES["cell"])]
                for c, question in enumerate(group, 1):
                    code = grades[question["number"]]
                    row.append(GradeMark(code, labels.get(code, code)))
                    cells.append((c, r, code))
                rows.append(row)
            table = Table(rows, colWidths=col_widths, repeatRows=1)
            table.setStyle(TableStyle(TABLE_STYLE + _grade_cell_style(cells)))
            yield table
            yield Spacer(1, 4 * mm)


def _title_page(data: Publication) -> Iterator[Flowable]:
    campaign = data["campaign"]
    election = campaign.get("election") or {}
    yield Spacer(1, 50 * mm)
    yield Paragraph(_text(campaign["title"]), STYLES["title"])
    yield Paragraph(_text(campaign.get("association")), STYLES["h2"])
    where = " · ".join(_text(v) for v in (election.get("name"), election.get("territory")) if v)
    yield Paragraph(where, STYLES["body"])
    for day, label in (
        (election.get("first_round"), _("First round")),
        (election.get("second_round"), _("Second round")),
    ):
        if day:
            yield Paragraph(f"{label}: {local_date(day)}", STYLES["body"])
    if data.get("generated_at"):
        generated = _("Generated on %(date)s") % {"date": local_date(data["generated_at"])}
        yield Paragraph(generated, STYLES["body"])
    if campaign.get("introduction"):
        yield Spacer(1, 10 * mm)
        yield Paragraph(_text(campaign["introduction"]), STYLES["body"])
    yield PageBreak()


def _method(data: Publication, labels: dict[str, str]) -> Iterator[Flowable]:
    yield Paragraph(_("Method"), STYLES["h1"])
    rows: list[list[Any]] = [[_("Grade"), _("Score"), _("Meaning")]]
    for grade in data["scale"]:
        code, score = grade["code"], grade.get("score")
        shown = _("none: shown as such, never counted as 0") if score is None else f"{score:+d}"
        shown = shown.replace("+0", "0")
        meaning = _(MEANINGS.get(code, ""))
        mark = GradeMark(code, labels.get(code, code), 9)
        rows.append([mark, Paragraph(shown, STYLES["cell"]), Paragraph(meaning, STYLES["cell"])])
    table = Table(rows, colWidths=[45 * mm, 35 * mm, 90 * mm], repeatRows=1)
    cells = [(0, r, row_grade["code"]) for r, row_grade in enumerate(data["scale"], 1)]
    table.setStyle(TableStyle(TABLE_STYLE + _grade_cell_style(cells)))
    yield table
    yield Spacer(1, 5 * mm)
    for sentence in _method_sentences(data):
        yield Paragraph(sentence, STYLES["body"])


def _method_sentences(data: Publication) -> Iterator[str]:
    campaign, reviews = data["campaign"], data.get("reviews") or {}
    yield _(
        "Every published grade is a human decision: the analysis engine suggests a grade with "
        "the quotes that justify it, and a person confirms or overrides it."
    )
    if campaign.get("four_eyes"):
        yield _("A second reviewer had to agree before any grade was published.")
    if campaign.get("right_of_reply"):
        yield _("Candidates could read their grades and reply before publication.")
    count = reviews.get("reviewers") or 0
    yield ngettext(
        "%(count)s person reviewed the answers.", "%(count)s people reviewed the answers.", count
    ) % {"count": count}
    first, last = reviews.get("first"), reviews.get("last")
    if first and last:
        yield _("Reviews from %(first)s to %(last)s.") % {
            "first": local_date(first),
            "last": local_date(last),
        }


def _overview(data: Publication, labels: dict[str, str], width: float) -> Iterator[Flowable]:
    yield NextPageTemplate("landscape")
    yield PageBreak()
    yield Paragraph(_("Overview"), STYLES["h1"])
    for q in data["questions"]:
        short = printable(q["text"])
        short = short if len(short) <= 140 else short[:139] + "…"
        yield Paragraph(
            f"<b>{_('Q%(number)s') % {'number': q['number']}}</b> {escape(short)}", STYLES["small"]
        )
    yield Spacer(1, 4 * mm)
    yield from _grid_tables(data, labels, width)
    yield NextPageTemplate("portrait")
    yield PageBreak()


# Above this many lists the report gives each answer's grade and commitments but not its
# full text (which the website carries): 1,000 lists would otherwise print 3,000 pages.
FULL_TEXT_LISTS = 60


def _questions(data: Publication, labels: dict[str, str]) -> Iterator[Flowable]:
    answers = {(a["candidate"], a["question"]): a for a in data["answers"]}
    with_text = len(data["candidates"]) <= FULL_TEXT_LISTS
    for q in data["questions"]:
        title = _("Question %(number)s") % {"number": q["number"]}
        theme = f" · {_text(q['theme'])}" if q.get("theme") else ""
        yield Paragraph(f"{title}{theme}", STYLES["h1"])
        yield Paragraph(f"<b>{_text(q['text'])}</b>", STYLES["body"])
        if not with_text:
            yield Paragraph(
                escape(_("The full text of every answer is on the website.")), STYLES["small"]
            )
        silent: dict[str, list[str]] = {}
        for candidate in data["candidates"]:
            answer = answers.get((candidate["slug"], q["number"]))
            if answer is None or answer.get("status") != "reviewed":
                code = "pending" if answer else "no_answer"
                silent.setdefault(code, []).append(_text(candidate["name"]))
                continue
            yield from _answer(candidate, answer, labels, with_text=with_text)
        for code, names in silent.items():  # one line, not one block per silent list
            yield Paragraph(f"<b>{escape(labels[code])}</b>: {', '.join(names)}", STYLES["small"])
        yield PageBreak()


def _answer(
    candidate: CandidateRecord, answer: AnswerRecord, labels: dict[str, str], *, with_text: bool
) -> Iterator[Flowable]:
    code = answer.get("grade", "no_answer")
    name = Paragraph(f"<b>{_text(candidate['name'])}</b>", STYLES["body"])
    row = [[GradeMark(code, labels.get(code, code), 9), name]]
    table = Table(row, colWidths=[38 * mm, None], hAlign="LEFT")
    table.setStyle(
        TableStyle([*_grade_cell_style([(0, 0, code)]), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")])
    )
    table.keepWithNext = 1
    yield Spacer(1, 2 * mm)
    yield table
    if with_text and answer.get("text"):
        yield Paragraph(_text(answer["text"]), STYLES["body"])
    commitments = [c.get("text") or c.get("what") for c in answer.get("commitments") or []]
    if any(commitments):
        items = "; ".join(_text(c) for c in commitments if c)
        yield Paragraph(f"<b>{_('Commitments')}</b>: {items}", STYLES["small"])


def _contacts(data: Publication) -> Iterator[Flowable]:
    from veilleuse.questionnaires.models import ContactKind

    kinds = {k.value: str(k.label) for k in ContactKind}
    statuses = {
        "answered": _("Answered"),
        "invited": _("Asked, no answer"),
        "not_invited": _("Not contacted"),
    }
    yield Paragraph(_("Who was asked, and when"), STYLES["h1"])
    header = [_("List"), _("Status"), _("Contacts")]
    candidates = data["candidates"]
    for first in range(0, len(candidates), ROWS_PER_TABLE * 2):
        rows: list[list[Any]] = [header]
        for c in candidates[first : first + ROWS_PER_TABLE * 2]:
            name = _text(c["name"]) + (f" ({_text(c['party'])})" if c.get("party") else "")
            log = "; ".join(
                f"{escape(kinds.get(x['kind'], x['kind']))} {local_date(x['at'])}"
                for x in c.get("contacts", [])
            )
            status = statuses.get(c.get("status"), "")
            rows.append([Paragraph(cell, STYLES["cell"]) for cell in (name, status, log)])
        table = Table(rows, colWidths=[65 * mm, 30 * mm, 75 * mm], repeatRows=1)
        table.setStyle(TableStyle(TABLE_STYLE))
        yield table


def _story(data: Publication, lang: str, grid_width: float) -> Iterator[Flowable]:
    labels = grade_labels(data, lang)
    yield from _title_page(data)
    yield from _method(data, labels)
    yield from _overview(data, labels, grid_width)
    yield from _questions(data, labels)
    yield from _contacts(data)


def _document(path: Path, title: str) -> BaseDocTemplate:
    def footer(canvas: Canvas, doc: BaseDocTemplate) -> None:
        width = canvas._pagesize[0]
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.setFillColor(colors.HexColor("#4a4a55"))
        canvas.drawString(15 * mm, 9 * mm, printable(title)[:100])
        canvas.drawRightString(width - 15 * mm, 9 * mm, _("Page %(number)s") % {"number": doc.page})
        canvas.restoreState()

    templates = []
    for name, size in (("portrait", A4), ("landscape", landscape(A4))):
        frame = Frame(15 * mm, 15 * mm, size[0] - 30 * mm, size[1] - 30 * mm, id=name)
        templates.append(PageTemplate(id=name, frames=[frame], onPage=footer, pagesize=size))
    # invariant: no creation date or random id in the file, so the same data gives the same PDF.
    doc = BaseDocTemplate(str(path), pagesize=A4, title=printable(title), invariant=1)
    doc.addPageTemplates(templates)
    return doc


def report_pdf(data: Publication, path: Path, lang: str) -> Path:
    """Write the printable report of ``data`` (the public record) to ``path``, in ``lang``."""
    register_pdf_fonts()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with translation.override(lang):
        doc = _document(path, data["campaign"]["title"])
        grid_width = landscape(A4)[0] - 30 * mm - 12  # the frame's padding
        doc.build(StreamedStory(_story(data, lang, grid_width)))
    return path
