"""Aligning replies to a known questionnaire, and questionnaire files.

The questionnaire is the one inferred from the seed; each reply below is written as a
document (``N) question`` then the answer) the way a campaign would send it back: renumbered,
reordered, reworded, with two questions merged, or with one left out.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from veilleuse.analysis import (
    AnalysisError,
    Document,
    Grade,
    Paragraph,
    Questionnaire,
    Segment,
    align,
    analyse_document,
    infer_questionnaire,
    load_questionnaire,
    read_document,
    save_questionnaire,
    segment,
)

ROOT = Path(__file__).resolve().parents[3]
SEED_TXT = ROOT / "demo" / "questionnaire-tds-paris-2026-gregoire.txt"
# Paraphrases that keep each question's distinctive nouns (Jasmine, Médecins du Monde;
# coopérative, camionnettes, Barillon, Genève) and change everything else.
REWORDED = {
    4: "Apporterez-vous un financement au projet Jasmine de Médecins du Monde, la plateforme "
    "d'alerte sur les agresseurs ?",
    9: "Aiderez-vous une coopérative de travail pilote, avec partage d'appartements et de "
    "camionnettes, comme le Barillon à Genève ?",
}


@pytest.fixture(scope="module")
def seed_segments() -> dict[int, Segment]:
    segments = segment(read_document(SEED_TXT)).segments
    return {s.number: s for s in segments if s.number is not None}


@pytest.fixture(scope="module")
def questionnaire() -> Questionnaire:
    return infer_questionnaire(segment(read_document(SEED_TXT)))


def reply(items: Sequence[tuple[str, str, str]]) -> Document:
    """A reply document from (label, question, answer) triples."""
    paragraphs = ["Réponses de la liste Paris Ensemble"]
    for label, question, answer in items:
        paragraphs += [f"{label}) {question}", answer]
    return Document(tuple(Paragraph(p) for p in paragraphs), "txt", "reply.txt")


def answered_by(questionnaire: Questionnaire, document: Document) -> dict[int, str]:
    """Question number → the answer the aligner gives it."""
    return {a.question.number: a.answer for a in align(questionnaire, segment(document))}


def test_a_reply_that_shifts_every_number_by_one_is_aligned_by_its_text(
    questionnaire: Questionnaire, seed_segments: dict[int, Segment]
) -> None:
    shifted = reply(
        [(str(n + 1), seed_segments[n].question, seed_segments[n].answer) for n in range(1, 11)]
    )
    alignments = align(questionnaire, segment(shifted))
    assert {a.question.number: a.answer for a in alignments} == {
        n: seed_segments[n].answer for n in range(1, 11)
    }
    assert {a.method for a in alignments} == {"text"}


def test_a_reply_in_reverse_order_renumbered_from_one_is_aligned_by_its_text(
    questionnaire: Questionnaire, seed_segments: dict[int, Segment]
) -> None:
    reversed_order = range(10, 0, -1)
    reordered = reply(
        [
            (str(position), seed_segments[n].question, seed_segments[n].answer)
            for position, n in enumerate(reversed_order, start=1)
        ]
    )
    assert answered_by(questionnaire, reordered) == {
        n: seed_segments[n].answer for n in range(1, 11)
    }


@pytest.mark.parametrize(
    "order",
    [
        pytest.param(range(10, 0, -1), id="reversed"),
        pytest.param((1, 2, 3, 7, 8, 9, 4, 5, 6, 10), id="two-themes-swapped"),
    ],
)
def test_a_reply_in_another_order_keeping_its_numbers_is_aligned(
    questionnaire: Questionnaire, seed_segments: dict[int, Segment], order: Sequence[int]
) -> None:
    # Seed questions 3, 4, 6, 7 and 10 end with a link or a full stop, not with "?": they must
    # still be found when they come out of numerical order.
    reordered = reply([(str(n), seed_segments[n].question, seed_segments[n].answer) for n in order])
    assert [s.number for s in segment(reordered).segments] == list(order)
    assert answered_by(questionnaire, reordered) == {
        n: seed_segments[n].answer for n in range(1, 11)
    }


def test_reworded_questions_are_aligned_by_their_distinctive_nouns(
    questionnaire: Questionnaire, seed_segments: dict[int, Segment]
) -> None:
    # Reversed and renumbered as well, so that the numbers cannot do the work.
    reworded = reply(
        [
            (str(position), REWORDED.get(n, seed_segments[n].question), seed_segments[n].answer)
            for position, n in enumerate(range(10, 0, -1), start=1)
        ]
    )
    alignments = {a.question.number: a for a in align(questionnaire, segment(reworded))}
    for number in REWORDED:
        assert alignments[number].answer == seed_segments[number].answer
        assert alignments[number].segments[0].question == REWORDED[number]
        assert alignments[number].score < 1.0  # a paraphrase is a looser match


def test_a_merged_4_et_5_answer_serves_both_questions(
    questionnaire: Questionnaire, seed_segments: dict[int, Segment]
) -> None:
    merged_answer = "Oui aux deux : nous financerons Jasmine et le service juridique du STRASS."
    items = [(str(n), seed_segments[n].question, seed_segments[n].answer) for n in (1, 2, 3)]
    items.append(
        ("4 et 5", f"{seed_segments[4].question} {seed_segments[5].question}", merged_answer)
    )
    items += [(str(n), seed_segments[n].question, seed_segments[n].answer) for n in range(6, 11)]

    alignments = {a.question.number: a for a in align(questionnaire, segment(reply(items)))}

    for number in (4, 5):
        assert alignments[number].answer == merged_answer
        assert alignments[number].method == "merged"
    assert alignments[6].method != "merged"
    assert alignments[6].answer == seed_segments[6].answer


def test_an_omitted_question_is_missing_and_graded_no_answer_with_a_warning(
    questionnaire: Questionnaire, seed_segments: dict[int, Segment]
) -> None:
    without_7 = reply(
        [
            (str(n), seed_segments[n].question, seed_segments[n].answer)
            for n in range(1, 11)
            if n != 7
        ]
    )
    alignments = {a.question.number: a for a in align(questionnaire, segment(without_7))}
    assert alignments[7].method == "missing"
    assert alignments[7].segments == ()
    assert alignments[7].answer == ""

    analysis = analyse_document(without_7, questionnaire)
    graded = {item.question.number: item for item in analysis.answers}
    assert len(graded) == 10
    assert graded[7].grading.grade is Grade.NO_ANSWER
    assert graded[7].alignment_method == "missing"
    assert analysis.warnings == ("Question 7 has no answer in the document.",)
    assert graded[8].grading.grade is not Grade.NO_ANSWER


# --- Questionnaire files ------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_a_saved_questionnaire_loads_back_identical(
    questionnaire: Questionnaire, tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"questionnaire{suffix}"
    save_questionnaire(questionnaire, path)
    assert load_questionnaire(path) == questionnaire


def test_a_json_questionnaire_file_is_real_json_with_themes_holding_questions(
    questionnaire: Questionnaire, tmp_path: Path
) -> None:
    path = tmp_path / "questionnaire.json"
    save_questionnaire(questionnaire, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["title"] == "Questionnaire TDS municipales Paris"
    assert [len(theme["questions"]) for theme in data["themes"]] == [3, 3, 3, 1]


def test_a_flat_yaml_question_list_with_demands_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "flat.yaml"
    path.write_text(
        "title: Santé\n"
        "questions:\n"
        "  - number: 5\n"
        "    text: Créerez-vous un centre de santé ?\n"
        "    theme: Soins\n"
        "    demand: Un centre de santé communautaire\n"
        "  - Financerez-vous les associations ?\n",
        encoding="utf-8",
    )
    loaded = load_questionnaire(path)
    assert [(q.number, q.key, q.theme) for q in loaded.questions] == [
        (5, "q5", "Soins"),
        (2, "q2", ""),
    ]
    assert loaded.question(5).demand == "Un centre de santé communautaire"
    assert loaded.question(2).text == "Financerez-vous les associations ?"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("broken.yaml", "title: [Santé\nthemes: {\n", r"broken\.yaml is not valid YAML"),
        ("broken.json", '{"title": "Santé", ', r"broken\.json is not valid JSON"),
        ("empty-list.yaml", "title: Santé\nthemes: []\n", r"has no questions"),
        (
            "twice.yaml",
            "title: Santé\nquestions:\n  - number: 1\n    text: Un centre ?\n"
            "  - number: 1\n    text: Deux centres ?\n",
            r"numbers two questions the same way",
        ),
        (
            "word.yaml",
            "title: Santé\nquestions:\n  - number: un\n    text: Un centre ?\n",
            r"Question 1 of word\.yaml has a number that is not a whole number",
        ),
        ("list.yaml", "- a\n- b\n", r"must hold a mapping"),
    ],
)
def test_a_bad_questionnaire_file_is_refused_with_a_clear_sentence(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(AnalysisError, match=message) as raised:
        load_questionnaire(path)
    assert str(raised.value).endswith(".")
    assert "\n" not in str(raised.value)


def test_a_missing_questionnaire_file_is_refused_with_a_clear_sentence(tmp_path: Path) -> None:
    with pytest.raises(AnalysisError, match=r"Cannot read the questionnaire file absent\.yaml"):
        load_questionnaire(tmp_path / "absent.yaml")
