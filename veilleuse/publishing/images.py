"""Share images: one 1200×630 PNG (the Open Graph size) per candidate and per question.

They are seen as thumbnails on a phone, so the type is big (nothing under 26 px) and every
grade is colour + symbol + word. What is drawn is decided by two pure functions,
``candidate_card_lines`` and ``question_card_lines``, which return a ``Card``; the drawing
code only places it. The same data always gives the same bytes (no PNG metadata).
"""

from __future__ import annotations

import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from PIL import Image, ImageDraw, ImageFont

from veilleuse.publishing.marks import (
    GRADE_ORDER,
    GRADE_STYLES,
    STROKES,
    Grades,
    font_path,
    grade_labels,
    grade_table,
    has_glyph,
    local_date,
    printable,
)
from veilleuse.publishing.record import CandidateRecord, Publication, QuestionRecord

WIDTH, HEIGHT, MARGIN = 1200, 630, 50
INNER = WIDTH - 2 * MARGIN
ACCENT, INK, MUTED, PAPER = "#2d3a8c", "#1b1b1f", "#4a4a55", "#ffffff"
HEADER_PX, TITLE_PX, QUESTION_PX, KICKER_PX, SUMMARY_PX, CHIP_PX = 30, 56, 48, 32, 36, 28
BAR_TOP_GAP, BAR_PX, CHIP_ROW, FOOTER_PX = 12, 56, 54, 26


@dataclass(frozen=True)
class Chip:
    """One grade mark: the grade (colour + symbol), its word, and what it counts or names."""

    code: str
    label: str
    detail: str


@dataclass(frozen=True)
class Card:
    header: str
    heading: tuple[str, ...]
    kicker: str
    summary: str
    bar: tuple[tuple[str, int], ...]
    chips: tuple[Chip, ...]
    footer: str = ""

    def strings(self) -> list[str]:
        """Every string drawn on the image, in reading order."""
        out = [self.header, *self.heading, self.kicker, self.summary]
        for chip in self.chips:
            out += [chip.label, chip.detail]
        out.append(self.footer)
        return [s for s in out if s]


@cache
def font(px: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    # BASIC layout: the same bytes whether or not libraqm is installed on this machine.
    return ImageFont.truetype(str(font_path(bold=bold)), px, layout_engine=ImageFont.Layout.BASIC)


def fit(text: str, face: ImageFont.FreeTypeFont, width: float, max_lines: int) -> tuple[str, ...]:
    """Wrap ``text`` into at most ``max_lines`` lines; cut over-long words; end with “…”."""
    lines: list[str] = []
    for word in printable(text).split(" "):
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and face.getlength(candidate) <= width:
            lines[-1] = candidate
            continue
        while face.getlength(word) > width:  # a word wider than the card: cut it
            cut = _longest_prefix(word, face, width)
            lines.append(word[:cut])
            word = word[cut:]
        lines.append(word)
    if len(lines) <= max_lines:
        return tuple(line for line in lines if line) or ("",)
    kept = lines[:max_lines]
    last = kept[-1]
    while last and face.getlength(last + "…") > width:
        last = last[:-1].rstrip()
    return (*kept[:-1], last + "…")


def _longest_prefix(word: str, face: ImageFont.FreeTypeFont, width: float) -> int:
    cut = len(word)
    while cut > 1 and face.getlength(word[:cut]) > width:
        cut -= 1
    return cut


def _distribution(codes: Iterable[str]) -> tuple[tuple[str, int], ...]:
    counts = Counter(code if code in GRADE_STYLES else "no_answer" for code in codes)
    return tuple((code, counts[code]) for code in GRADE_ORDER if counts[code])


def _candidate_summary(data: Publication, candidate: CandidateRecord, grades: Grades) -> str:
    total = len(data["questions"])
    if candidate.get("status") == "answered":
        answered = sum(1 for code in grades[candidate["slug"]].values() if code != "no_answer")
        return ngettext(
            "%(answered)s answer out of %(total)s",
            "%(answered)s answers out of %(total)s",
            answered,
        ) % {"answered": answered, "total": total}
    asked = [c for c in candidate.get("contacts", []) if c.get("kind") != "reply"]
    if not asked:
        return _("Not contacted")
    return ngettext(
        "Contacted on %(date)s, no answer",
        "Contacted %(count)s times since %(date)s, no answer",
        len(asked),
    ) % {"date": local_date(asked[0]["at"]), "count": len(asked)}


def _header(data: Publication) -> str:
    return fit(data["campaign"]["title"], font(HEADER_PX, bold=True), INNER, 1)[0]


def _footer(data: Publication) -> str:
    """Who published it, for an image seen far from its site."""
    campaign = data["campaign"]
    parts = (campaign.get("association"), (campaign.get("election") or {}).get("name"))
    return fit(" · ".join(p for p in parts if p), font(FOOTER_PX), INNER, 1)[0]


def candidate_card_lines(
    data: Publication, candidate: CandidateRecord, lang: str, grades: Grades | None = None
) -> Card:
    """What a candidate's share image says, in ``lang`` (``grades``: a ``grade_table``)."""
    grades = grades if grades is not None else grade_table(data)
    with translation.override(lang):
        labels = grade_labels(data, lang)
        bar = _distribution(grades[candidate["slug"]].values())
        where = " · ".join(p for p in (candidate.get("party"), candidate.get("territory")) if p)
        summary = _candidate_summary(data, candidate, grades)
        return Card(
            header=_header(data),
            heading=fit(candidate["name"], font(TITLE_PX, bold=True), INNER, 2),
            kicker=fit(where, font(KICKER_PX), INNER, 1)[0],
            summary=fit(summary, font(SUMMARY_PX, bold=True), INNER, 1)[0],
            bar=bar,
            chips=tuple(Chip(code, labels[code], str(count)) for code, count in bar),
            footer=_footer(data),
        )


def question_card_lines(
    data: Publication,
    question: QuestionRecord,
    lang: str,
    grades: Grades | None = None,
    *,
    max_names: int = 5,
) -> Card:
    """What a question's share image says: each list's grade, or the spread when many."""
    grades = grades if grades is not None else grade_table(data)
    with translation.override(lang):
        labels = grade_labels(data, lang)
        kicker = _("Question %(number)s") % {"number": question["number"]}
        if question.get("theme"):
            kicker = f"{kicker} · {question['theme']}"
        people = [(c["name"], grades[c["slug"]][question["number"]]) for c in data["candidates"]]
        bar = _distribution(code for _name, code in people)
        summary = ""
        if len(people) <= max_names:
            chips, bar = _named_chips(people, labels), ()
        else:
            chips = tuple(Chip(code, labels[code], str(count)) for code, count in bar)
            summary = ngettext("%(count)s list asked", "%(count)s lists asked", len(people))
            summary %= {"count": len(people)}
        text_lines = 4 if len(chips) <= 3 else 3  # few rows below: room for more of the text
        return Card(
            header=_header(data),
            heading=fit(question["text"], font(QUESTION_PX, bold=True), INNER, text_lines),
            kicker=fit(kicker, font(KICKER_PX), INNER, 1)[0],
            summary=summary,
            bar=bar,
            chips=chips,
            footer=_footer(data),
        )


def _named_chips(people: list[tuple[str, str]], labels: dict[str, str]) -> tuple[Chip, ...]:
    """One row per list: its grade badge, then its name cut to what is left of the width."""
    widest = max((_badge_width(Chip(code, labels[code], "")) for _n, code in people), default=0)
    room = INNER - 16 - widest
    return tuple(
        Chip(code, labels[code], fit(name, font(CHIP_PX), room, 1)[0]) for name, code in people
    )


# --- drawing -------------------------------------------------------------------------------


def _symbol_width(symbol: str, px: int) -> float:
    face = font(px, bold=True)
    return sum(
        px * 0.8 if char in STROKES and not has_glyph(char) else face.getlength(char)
        for char in symbol
    )


def _draw_symbol(
    draw: ImageDraw.ImageDraw, symbol: str, x: float, y: float, px: int, ink: str
) -> None:
    """Draw ``symbol`` with its top-left at (x, y); ✓ and ✗ as strokes (Vera has neither)."""
    face = font(px, bold=True)
    for char in symbol:
        if char in STROKES and not has_glyph(char):
            box = px * 0.8
            for stroke in STROKES[char]:
                points = [(x + u * box, y + px * 0.12 + v * box) for u, v in stroke]
                draw.line(points, fill=ink, width=max(3, px // 7), joint="curve")
            x += box
        else:
            draw.text((x, y), char, font=face, fill=ink)
            x += face.getlength(char)


def _dashed_box(
    draw: ImageDraw.ImageDraw, box: tuple[float, float, float, float], ink: str
) -> None:
    left, top, right, bottom = box
    dash = 10
    for start in range(int(left), int(right), dash * 2):
        end = min(start + dash, right)
        draw.line([(start, top), (end, top)], fill=ink, width=3)
        draw.line([(start, bottom), (end, bottom)], fill=ink, width=3)
    for start in range(int(top), int(bottom), dash * 2):
        end = min(start + dash, bottom)
        draw.line([(left, start), (left, end)], fill=ink, width=3)
        draw.line([(right, start), (right, end)], fill=ink, width=3)


def _badge_width(chip: Chip) -> float:
    symbol = GRADE_STYLES.get(chip.code, GRADE_STYLES["no_answer"]).symbol
    label = font(CHIP_PX, bold=True).getlength(chip.label)
    return 12 + _symbol_width(symbol, CHIP_PX) + 12 + label + 14


def _chip_width(chip: Chip, badge: float) -> float:
    return badge + (16 + font(CHIP_PX).getlength(chip.detail) if chip.detail else 0)


def _draw_chip(draw: ImageDraw.ImageDraw, chip: Chip, x: float, y: float, badge: float) -> None:
    """A grade badge (colour, symbol, word) followed by its count or a name."""
    style = GRADE_STYLES.get(chip.code, GRADE_STYLES["no_answer"])
    box = (x, y, x + badge, y + CHIP_ROW - 10)
    outline = None if style.dashed else style.border
    draw.rounded_rectangle(box, radius=8, fill=style.fill, outline=outline, width=3)
    if style.dashed:
        _dashed_box(draw, box, style.border)
    _draw_symbol(draw, style.symbol, x + 12, y + 5, CHIP_PX, style.ink)
    label_x = x + 24 + _symbol_width(style.symbol, CHIP_PX)
    draw.text((label_x, y + 6), chip.label, font=font(CHIP_PX, bold=True), fill=style.ink)
    draw.text((x + badge + 16, y + 6), chip.detail, font=font(CHIP_PX), fill=INK)


def _draw_bar(draw: ImageDraw.ImageDraw, bar: tuple[tuple[str, int], ...], y: float) -> None:
    total = sum(count for _code, count in bar) or 1
    x = float(MARGIN)
    for code, count in bar:
        style = GRADE_STYLES[code]
        width = INNER * count / total
        box = (x, y, x + width - 3, y + BAR_PX)
        draw.rectangle(
            box, fill=style.fill, outline=None if style.dashed else style.border, width=3
        )
        if style.dashed:
            _dashed_box(draw, box, style.border)
        if width >= _symbol_width(style.symbol, CHIP_PX) + 16:  # too thin a slice: legend only
            sym_x = x + (width - _symbol_width(style.symbol, CHIP_PX)) / 2
            _draw_symbol(
                draw, style.symbol, sym_x, y + (BAR_PX - CHIP_PX) / 2 - 2, CHIP_PX, style.ink
            )
        x += width


def _draw_chips(
    draw: ImageDraw.ImageDraw, chips: tuple[Chip, ...], y: float, *, one_per_row: bool
) -> float:
    """Names: one per row, badges of one width so that names line up. Counts: flowed left
    to right like words, so that short labels pack."""
    x = float(MARGIN)
    column = max((_badge_width(chip) for chip in chips), default=0.0)
    for chip in chips:
        badge = column if one_per_row else _badge_width(chip)
        width = _chip_width(chip, badge)
        if not one_per_row and x > MARGIN and x + width > WIDTH - MARGIN:
            x, y = float(MARGIN), y + CHIP_ROW
        _draw_chip(draw, chip, x, y, badge)
        if one_per_row:
            y += CHIP_ROW
        else:
            x += width + 28
    return y + (0 if one_per_row else CHIP_ROW)


def _draw_lines(
    draw: ImageDraw.ImageDraw, lines: Iterable[str], y: float, px: int, *, bold: bool, ink: str
) -> float:
    for line in lines:
        if line:
            draw.text((MARGIN, y), line, font=font(px, bold=bold), fill=ink)
            y += px * 1.22
    return y


def render(card: Card, *, question: bool = False) -> Image.Image:
    """Place a card: a question card leads with its number, a candidate card with the name."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 76), fill=ACCENT)
    draw.text((MARGIN, 20), card.header, font=font(HEADER_PX, bold=True), fill=PAPER)
    y = 96.0
    if question:
        y = _draw_lines(draw, [card.kicker], y, KICKER_PX, bold=False, ink=MUTED)
        y = _draw_lines(draw, card.heading, y, QUESTION_PX, bold=True, ink=INK)
    else:
        y = _draw_lines(draw, card.heading, y, TITLE_PX, bold=True, ink=INK)
        y = _draw_lines(draw, [card.kicker], y, KICKER_PX, bold=False, ink=MUTED)
    y = _draw_lines(draw, [card.summary], y + 14, SUMMARY_PX, bold=True, ink=INK)
    if card.bar:
        _draw_bar(draw, card.bar, y + BAR_TOP_GAP)
        y += BAR_TOP_GAP + BAR_PX + 16
    y = _draw_chips(draw, card.chips, y, one_per_row=question and not card.bar)
    if y < HEIGHT - FOOTER_PX * 2.2:  # the source line goes only where it has room
        _draw_lines(draw, [card.footer], HEIGHT - FOOTER_PX * 1.8, FOOTER_PX, bold=False, ink=MUTED)
    return image


def _save(image: Image.Image, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    # A palette image: flat colours compress to a few tens of KB; no metadata, no timestamp.
    # Fast octree quantisation and zlib's default level: five times faster than median cut
    # with ``optimize`` (which matters for 1,000 lists × 2 languages) for ~10 % more bytes.
    image.quantize(colors=128, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(
        path, format="PNG", compress_level=6
    )
    return path


def _safe(name: object) -> str:
    # Slugs come from the data: never let one walk out of the share directory.
    return re.sub(r"[^A-Za-z0-9_-]+", "-", str(name)).strip("-") or "x"


def share_image(data: Publication, lang: str, name: str) -> bytes | None:
    """One share image by its file name (``candidate-<slug>.png``, ``question-<n>.png``),
    made alone, for the live preview; None when no candidate or question has that name."""
    grades = grade_table(data)
    cards: dict[str, tuple[Callable[[], Card], bool]] = {
        f"candidate-{_safe(c['slug'])}.png": (
            partial(candidate_card_lines, data, c, lang, grades),
            False,
        )
        for c in data["candidates"]
    }
    cards.update(
        {
            f"question-{_safe(q['number'])}.png": (
                partial(question_card_lines, data, q, lang, grades),
                True,
            )
            for q in data["questions"]
        }
    )
    if name not in cards:
        return None
    make, question = cards[name]
    with tempfile.TemporaryDirectory() as folder:
        return _save(render(make(), question=question), Path(folder) / name).read_bytes()


def share_images(data: Publication, out_dir: Path, lang: str) -> list[Path]:
    """Write ``share/<lang>/candidate-<slug>.png`` and ``question-<n>.png``; return the paths."""
    folder = Path(out_dir) / "share" / _safe(lang)
    grades = grade_table(data)
    written = []
    for candidate in data["candidates"]:
        card = candidate_card_lines(data, candidate, lang, grades)
        written.append(_save(render(card), folder / f"candidate-{_safe(candidate['slug'])}.png"))
    for question in data["questions"]:
        card = question_card_lines(data, question, lang, grades)
        path = folder / f"question-{_safe(question['number'])}.png"
        written.append(_save(render(card, question=True), path))
    return written
