"""Segmenting a reply: the seed reads back as its title, themes, ten questions and answers.

The expected answers are computed here from the seed text itself (blocks separated by blank
lines), never by calling the segmenter, so a segmenter that drifts cannot agree with itself.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from veilleuse.analysis import (
    AnalysisError,
    Document,
    Paragraph,
    Segmentation,
    infer_questionnaire,
    read_document,
    segment,
)
from veilleuse.analysis.tests.documents import FIXTURES
from veilleuse.analysis.tests.documents import SEED_VARIANTS as SEED_VARIANTS_OTHER_THAN_TXT

ROOT = Path(__file__).resolve().parents[3]
SEED_TXT = ROOT / "demo" / "questionnaire-tds-paris-2026-gregoire.txt"
SEED_VARIANTS = ["seed.txt", *SEED_VARIANTS_OTHER_THAN_TXT]
THEMES = (
    "Droit et accès à l'accompagnement sanitaire et social",
    "Droit à la sécurité et lutte contre les violences",
    "Droit au travail et lutte contre le harcèlement et la discrimination",
    "Droits des étrangers, migration et traite",
)
# What scripts/make_fixtures.py replaces in the latin-1 variant (latin-1 has no room for them).
LATIN1_REPLACEMENTS = str.maketrans(
    {"’": "'", "‘": "'", "œ": "oe", "Œ": "OE", "…": "...", "–": "-", "—": "-"}
)
SEED_QUESTION = re.compile(r"^- (\d+)\) (.*)$", re.DOTALL)


def seed_blocks() -> list[str]:
    text = SEED_TXT.read_text(encoding="utf-8")
    return [block.strip() for block in re.split(r"\n\s*\n", text) if block.strip()]


def expected_seed() -> dict[int, tuple[str, str]]:
    """Question number → (question text, answer) read straight off the seed's blocks."""
    expected: dict[int, tuple[str, list[str]]] = {}
    current: int | None = None
    for block in seed_blocks():
        match = SEED_QUESTION.match(block)
        if match:
            current = int(match.group(1))
            expected[current] = (match.group(2), [])
        elif block.endswith(" :"):
            current = None  # a theme heading closes the answer before it
        elif current is not None:
            expected[current][1].append(block)
    answers = {n: (q, "\n\n".join(paragraphs)) for n, (q, paragraphs) in expected.items()}
    # The one repair: question 9's sentence is broken across two paragraphs in the seed.
    question, answer = answers[9]
    assert "afin\n\nqu'une délégation" in answer
    answers[9] = (question, answer.replace("afin\n\nqu'une délégation", "afin qu'une délégation"))
    return answers


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def as_in(variant: str, text: str) -> str:
    """The seed text as the fixture ``variant`` holds it."""
    return text.translate(LATIN1_REPLACEMENTS) if variant == "seed-latin1.txt" else text


def document(*paragraphs: str) -> Document:
    return Document(tuple(Paragraph(p) for p in paragraphs), "txt", "reply.txt")


@pytest.fixture(scope="module")
def seed() -> Segmentation:
    return segment(read_document(SEED_TXT))


# --- The seed, read as plain text ---------------------------------------------------------


def test_the_seed_gives_its_title_and_respondent(seed: Segmentation) -> None:
    assert seed.title == "Questionnaire TDS municipales Paris"
    assert seed.respondent == "Emmanuel Grégoire"


def test_the_seed_has_four_themes_with_their_exact_titles(seed: Segmentation) -> None:
    assert seed.themes == THEMES


def test_the_seed_has_ten_segments_numbered_one_to_ten(seed: Segmentation) -> None:
    assert [s.number for s in seed.segments] == list(range(1, 11))
    assert [s.numbers for s in seed.segments] == [(n,) for n in range(1, 11)]


def test_each_question_sits_under_its_theme(seed: Segmentation) -> None:
    themes = {s.number: s.theme for s in seed.segments}
    assert [themes[n] for n in (1, 2, 3)] == [THEMES[0]] * 3
    assert [themes[n] for n in (4, 5, 6)] == [THEMES[1]] * 3
    assert [themes[n] for n in (7, 8, 9)] == [THEMES[2]] * 3
    assert themes[10] == THEMES[3]


def test_each_question_is_the_seed_text_after_its_number(seed: Segmentation) -> None:
    expected = expected_seed()
    assert {s.number: s.question for s in seed.segments} == {
        n: question for n, (question, _) in expected.items()
    }


def test_each_answer_is_exactly_the_paragraphs_under_its_question(seed: Segmentation) -> None:
    expected = expected_seed()
    assert len(expected) == 10
    for seg in seed.segments:
        assert seg.number is not None
        assert seg.answer == expected[seg.number][1], f"answer {seg.number}"


def test_links_are_kept_in_question_texts(seed: Segmentation) -> None:
    questions = {s.number: s.question for s in seed.segments}
    assert questions[3].endswith("<https://casaxochiquetzal.org/>")
    assert "<https://projet-jasmine.org/>" in questions[4]
    assert "<https://philenis.ch/>" in questions[9]


def test_the_sentence_broken_across_paragraphs_in_answer_9_is_mended(
    seed: Segmentation,
) -> None:
    answer = seed.segments[8].answer
    assert "déplacement d'étude à Genève afin qu'une délégation puisse rencontrer" in answer
    assert len(seed.segments[8].paragraphs) == 3


def test_the_inferred_questionnaire_keeps_numbers_themes_and_stable_keys(
    seed: Segmentation,
) -> None:
    questionnaire = infer_questionnaire(seed)
    assert questionnaire.title == "Questionnaire TDS municipales Paris"
    assert questionnaire.themes == THEMES
    assert [q.key for q in questionnaire.questions] == [f"q{n}" for n in range(1, 11)]
    assert questionnaire.question(7).theme == THEMES[2]


# --- Every fixture format reads as the same questionnaire ---------------------------------


@pytest.mark.parametrize("variant", SEED_VARIANTS)
def test_every_seed_format_gives_the_same_questions_themes_and_answers(variant: str) -> None:
    result = segment(read_document(FIXTURES / variant))
    expected = expected_seed()

    assert result.title == "Questionnaire TDS municipales Paris"
    assert result.themes == tuple(as_in(variant, theme) for theme in THEMES)
    assert [s.number for s in result.segments] == list(range(1, 11))
    for seg in result.segments:
        assert seg.number is not None
        question, answer = expected[seg.number]
        assert squeeze(seg.question) == squeeze(as_in(variant, question)), f"question {seg.number}"
        assert squeeze(seg.answer) == squeeze(as_in(variant, answer)), f"answer {seg.number}"


# --- Replies shaped differently -----------------------------------------------------------


def test_a_document_without_any_question_is_refused_with_a_clear_message() -> None:
    prose = document(
        "Notre programme pour Paris",
        "Nous aimons notre ville et ses habitants.",
        "Nous ferons beaucoup pour elle dans les six prochaines années.",
    )
    with pytest.raises(AnalysisError, match=r"No numbered question was found in the document"):
        segment(prose)


def test_a_numbered_list_inside_an_answer_is_not_taken_for_questions() -> None:
    reply = document(
        "Réponses de la liste Paris Ensemble",
        "4) Créerez-vous un centre de santé communautaire ?",
        "Oui.",
        "5) Financerez-vous les associations de terrain ?",
        "Oui, en trois temps :",
        "1. Un appel à projets.",
        "2. Une convention pluriannuelle.",
        "3. Une évaluation en 2028.",
        "6) Abrogerez-vous les arrêtés anti-stationnement ?",
        "Non.",
    )
    result = segment(reply)
    assert [s.number for s in result.segments] == [4, 5, 6]
    assert result.segments[1].paragraphs == (
        "Oui, en trois temps :",
        "1. Un appel à projets.",
        "2. Une convention pluriannuelle.",
        "3. Une évaluation en 2028.",
    )


def test_a_list_restarting_at_one_is_not_taken_for_the_next_question() -> None:
    reply = document(
        "Réponses de la liste Paris Ensemble",
        "1) Créerez-vous un centre de santé communautaire ?",
        "Oui.",
        "2) Financerez-vous les associations de terrain ?",
        "Oui, en trois temps :",
        "1. Un appel à projets.",
        "2. Une convention pluriannuelle.",
        "3. Une évaluation en 2028.",
        "3) Abrogerez-vous les arrêtés anti-stationnement ?",
        "Non.",
    )
    result = segment(reply)
    assert [s.number for s in result.segments] == [1, 2, 3]
    assert result.segments[1].answer.endswith("3. Une évaluation en 2028.")


def test_questions_written_question_3_and_q4_are_found() -> None:
    reply = document(
        "Réponses de la liste Paris Ensemble",
        "Question 3 : Créerez-vous un centre de santé communautaire ?",
        "Oui.",
        "Q4. Financerez-vous les associations de terrain ?",
        "Non.",
    )
    result = segment(reply)
    assert [(s.number, s.question, s.answer) for s in result.segments] == [
        (3, "Créerez-vous un centre de santé communautaire ?", "Oui."),
        (4, "Financerez-vous les associations de terrain ?", "Non."),
    ]


def test_merged_questions_4_et_5_give_both_numbers() -> None:
    reply = document(
        "Réponses de la liste Paris Ensemble",
        "4 et 5) Financerez-vous le projet Jasmine ? Et le service juridique du STRASS ?",
        "Oui aux deux.",
    )
    (merged,) = segment(reply).segments
    assert merged.numbers == (4, 5)
    assert merged.number == 4
    assert merged.answer == "Oui aux deux."


def test_answer_labels_are_stripped_from_answers() -> None:
    reply = document(
        "Réponses de la liste Paris Ensemble",
        "1) Créerez-vous un centre de santé communautaire ?",
        "Réponse : Oui, nous le créerons.",
        "2) Financerez-vous les associations de terrain ?",
        "**Réponse :** Non.",
    )
    assert [s.answer for s in segment(reply).segments] == ["Oui, nous le créerons.", "Non."]


def test_unnumbered_questions_ending_with_a_question_mark_are_found() -> None:
    reply = document(
        "Réponses de la liste Paris Ensemble",
        "Créerez-vous un centre de santé communautaire ?",
        "Oui.",
        "Financerez-vous les associations de terrain ?",
        "Non, pas cette année.",
    )
    result = segment(reply)
    assert [(s.number, s.question, s.answer) for s in result.segments] == [
        (None, "Créerez-vous un centre de santé communautaire ?", "Oui."),
        (None, "Financerez-vous les associations de terrain ?", "Non, pas cette année."),
    ]
    assert [q.number for q in infer_questionnaire(result).questions] == [1, 2]


def test_the_respondent_is_read_from_a_reply_heading() -> None:
    reply = document(
        "Questionnaire santé",
        "Réponses de la liste Paris Ensemble",
        "1) Créerez-vous un centre de santé communautaire ?",
        "Oui.",
    )
    result = segment(reply)
    assert result.title == "Questionnaire santé"
    assert result.respondent == "la liste Paris Ensemble"
