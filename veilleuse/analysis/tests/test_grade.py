"""Grading answers: the seed agrees with its human grades, each grade has its story, and
every quote the engine gives is a verbatim slice of the answer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from veilleuse.analysis import (
    Grade,
    Grading,
    analyse_document,
    analysis_to_dict,
    extract_commitments,
    grade_answer,
    read_document,
)

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures" / "documents"
SEED_VARIANTS = sorted(p.name for p in FIXTURES.glob("seed*"))


def jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


SEED_GOLD = jsonl(ROOT / "evaluation" / "seed-gold.jsonl")
DEV = jsonl(ROOT / "evaluation" / "dev.jsonl")
SEED_QUESTIONS = [record["question"] for record in SEED_GOLD]


def seed_record(number: int) -> dict[str, Any]:
    return SEED_GOLD[number - 1]


def grade_seed(number: int) -> Grading:
    record = seed_record(number)
    others = [q for q in SEED_QUESTIONS if q != record["question"]]
    return grade_answer(record["question"], record["answer"], context=others)


# --- The seed agrees with the human grades ------------------------------------------------


def test_the_seed_gold_file_holds_the_ten_seed_answers_in_order() -> None:
    assert [r["id"] for r in SEED_GOLD] == [f"seed-{n:02}" for n in range(1, 11)]


@pytest.mark.parametrize("record", SEED_GOLD, ids=lambda r: r["id"])
def test_each_seed_answer_gets_its_human_grade_given_the_other_questions(
    record: dict[str, Any],
) -> None:
    others = [q for q in SEED_QUESTIONS if q != record["question"]]
    grading = grade_answer(record["question"], record["answer"], context=others)
    assert grading.grade == Grade(record["grade"])


@pytest.mark.parametrize("record", SEED_GOLD, ids=lambda r: r["id"])
def test_each_seed_answer_gets_its_human_grade_without_context(record: dict[str, Any]) -> None:
    assert grade_answer(record["question"], record["answer"]).grade == Grade(record["grade"])


# --- One story per grade, in French and in English ----------------------------------------

CENTRE_FR = "Financerez-vous un centre de santé communautaire pour les travailleuses du sexe ?"
PLACES_FR = "Créerez-vous 100 places d'hébergement d'urgence pour les travailleuses du sexe ?"
CENTRE_EN = "Will you fund a community health centre for sex workers?"

STORIES = [
    # yes: a yes that names the means
    (PLACES_FR, "Oui. Nous créerons 100 places d'ici 2027.", Grade.YES),
    (CENTRE_EN, "Yes. We will fund the centre with 2 million euros in 2027.", Grade.YES),
    # rather_yes: a yes without any means
    (CENTRE_FR, "Oui, nous y sommes favorables.", Grade.RATHER_YES),
    (CENTRE_EN, "Yes, we are in favour.", Grade.RATHER_YES),
    # noncommittal: a study, or a campaign caveat
    (
        CENTRE_FR,
        "La création d'un centre de santé communautaire mérite d'être étudiée.",
        Grade.NONCOMMITTAL,
    ),
    (
        CENTRE_EN,
        "The creation of a community health centre deserves to be studied.",
        Grade.NONCOMMITTAL,
    ),
    (
        CENTRE_FR,
        "En période de campagne, nous ne pouvons pas nous engager sur un financement "
        "spécifique du centre de santé.",
        Grade.NONCOMMITTAL,
    ),
    (
        CENTRE_EN,
        "During the campaign we cannot commit to funding a specific centre.",
        Grade.NONCOMMITTAL,
    ),
    # no: a plain no, or sympathy then a refusal
    (CENTRE_FR, "Non.", Grade.NO),
    (CENTRE_EN, "No.", Grade.NO),
    (
        CENTRE_FR,
        "Nous comprenons les difficultés des travailleuses du sexe et leur besoin de soins. "
        "Mais nous ne financerons pas de centre de santé communautaire.",
        Grade.NO,
    ),
    (
        CENTRE_EN,
        "We understand the difficulties sex workers face. But we will not fund a community "
        "health centre.",
        Grade.NO,
    ),
    # rather_no: a refusal, then something lesser offered "en revanche"
    (
        CENTRE_FR,
        "Nous ne financerons pas de centre de santé communautaire dédié. En revanche, nous "
        "formerons les équipes des centres de santé existants à l'accueil des travailleuses "
        "du sexe.",
        Grade.RATHER_NO,
    ),
    (
        CENTRE_EN,
        "We will not fund a dedicated community health centre. However, we will train staff "
        "in existing health centres to welcome sex workers.",
        Grade.RATHER_NO,
    ),
    # no_answer: nothing, a refusal to answer, or something else entirely
    (CENTRE_FR, "", Grade.NO_ANSWER),
    (CENTRE_FR, "   \n\n ", Grade.NO_ANSWER),
    (CENTRE_FR, "Pas de réponse.", Grade.NO_ANSWER),
    (CENTRE_EN, "No comment at this stage.", Grade.NO_ANSWER),
    (
        CENTRE_FR,
        "Nous rénoverons les piscines municipales et planterons mille arbres dans les parcs "
        "de la capitale.",
        Grade.NO_ANSWER,
    ),
    (
        CENTRE_EN,
        "We will renovate the municipal swimming pools and plant a thousand trees in the "
        "parks of the capital.",
        Grade.NO_ANSWER,
    ),
]


@pytest.mark.parametrize(("question", "answer", "grade"), STORIES)
def test_a_short_answer_gets_the_grade_a_careful_reader_would_give(
    question: str, answer: str, grade: Grade
) -> None:
    grading = grade_answer(question, answer)
    assert grading.grade is grade, grading.rationale
    assert grading.rationale


# --- Evidence on the seed -----------------------------------------------------------------


def deflections(grading: Grading) -> set[str]:
    return {cue.label for cue in grading.cues("deflection")}


def hedges(grading: Grading) -> set[str]:
    return {cue.span.text for cue in grading.cues("hedge")}


def test_answer_10_points_to_the_state() -> None:
    assert "État" in deflections(grade_seed(10))


def test_answer_7_points_to_the_police_prefecture() -> None:
    assert "Préfecture de police" in deflections(grade_seed(7))


def test_answer_9_points_to_the_law() -> None:
    assert "loi / cadre légal" in deflections(grade_seed(9))


def test_answer_6_points_to_no_other_authority() -> None:
    assert deflections(grade_seed(6)) == set()


def test_answer_1_hedges_with_a_study() -> None:
    assert "mérite d'être étudiée" in hedges(grade_seed(1))


def test_answer_7_hedges_with_a_review() -> None:
    assert "réexaminer" in hedges(grade_seed(7))


# --- Commitments on the seed --------------------------------------------------------------


def test_answer_1_commits_to_100_new_care_places_and_7_health_centres() -> None:
    commitments = grade_seed(1).commitments
    places = [c for c in commitments if "100 nouveaux lieux de soins en secteur 1" in c.span.text]
    centres = [c for c in commitments if "7 centres de santé" in c.span.text]
    assert [c.quantity for c in places] == [100]
    assert [c.quantity for c in centres] == [7]


def test_answer_2_commits_to_a_municipal_mutual_insurance() -> None:
    quotes = [c.span.text for c in grade_seed(2).commitments]
    assert any("une mutuelle municipale" in quote for quote in quotes), quotes


def test_answer_9_commits_to_a_study_trip_to_geneva() -> None:
    quotes = [c.span.text for c in grade_seed(9).commitments]
    assert any("déplacement d'étude à Genève" in quote for quote in quotes), quotes


def test_the_current_allowance_of_about_635_euros_is_not_a_commitment() -> None:
    record = seed_record(10)
    assert "environ 635 euros" in record["answer"]
    for commitment in grade_seed(10).commitments:
        assert "635" not in commitment.span.text
        assert commitment.quantity != 635
        assert "635" not in commitment.budget


def test_a_budget_and_a_deadline_are_read_from_a_funding_promise() -> None:
    (commitment,) = extract_commitments(
        "Nous financerons ce centre à hauteur de 2 millions d'euros dès 2027."
    )
    assert commitment.budget == "2 millions d'euros"
    assert commitment.deadline == "dès 2027"


def test_a_descriptive_figure_alone_is_not_a_commitment() -> None:
    assert extract_commitments("Aujourd'hui, environ 300 personnes sont accueillies.") == ()


# --- The engine never invents text --------------------------------------------------------


def assert_quotes_are_verbatim(answer: str, grading: Grading) -> None:
    for cue in grading.evidence:
        assert answer[cue.span.start : cue.span.end] == cue.span.text, cue
        assert cue.span.text.strip(), cue
    for commitment in grading.commitments:
        span = commitment.span
        assert answer[span.start : span.end] == span.text, commitment


def assert_dict_quotes_are_verbatim(answer: str, item: dict[str, Any]) -> int:
    """Check every quote of one answer of the JSON output; return how many were checked."""
    checked = 0
    for key in ("evidence", "hedges", "conditions", "deflections", "commitments"):
        for quote in item[key]:
            assert answer[quote["start"] : quote["end"]] == quote["text"], (key, quote)
            checked += 1
    return checked


@pytest.mark.parametrize("variant", SEED_VARIANTS)
def test_every_quote_of_a_fixture_document_is_a_slice_of_its_answer(variant: str) -> None:
    analysis = analyse_document(read_document(FIXTURES / variant))
    for item in analysis.answers:
        assert_quotes_are_verbatim(item.answer, item.grading)
    data = analysis_to_dict(analysis)
    checked = sum(assert_dict_quotes_are_verbatim(a["answer"], a) for a in data["answers"])
    assert checked > 20  # the seed has hedges, deflections and commitments to check
    assert any(a["hedges"] for a in data["answers"])
    assert any(a["deflections"] for a in data["answers"])


@pytest.mark.parametrize("record", SEED_GOLD + DEV, ids=lambda r: r["id"])
def test_every_quote_of_an_annotated_answer_is_a_slice_of_it(record: dict[str, Any]) -> None:
    grading = grade_answer(record["question"], record["answer"])
    assert_quotes_are_verbatim(record["answer"], grading)


# Phrases like the lexicon's, in both languages, with and without accents, to be stitched
# together in any order: the kind of text where overlapping cues and offsets go wrong.
PHRASES = [
    "Oui",
    "Non",
    "Yes",
    "No",
    "nous sommes favorables",
    "nous ne sommes pas favorables",
    "mérite d'être étudiée",
    "merite d’etre etudiee",
    "nous financerons",
    "nous créerons 100 places",
    "à hauteur de 2 millions d'euros",
    "dès 2027",
    "d'ici la fin du mandat",
    "En période de campagne, nous ne pouvons pas nous engager",
    "en revanche",
    "dès lors que",
    "la Préfecture de police",
    "relève de la compétence de l'État",
    "au regard du cadre légal",
    "environ 635 euros",
    "la création d'une mutuelle municipale",
    "we will fund",
    "we cannot commit",
    "provided that",
    "However,",
    "ce projet",
    "Pas de réponse.",
    "réexaminer",
    "poursuivre le dialogue",
    "1. ",
    "«",
    "»",
    "…",
    "\u00a0",
]
SEPARATORS = st.sampled_from([" ", ". ", ", ", "\n\n", "\n", " : ", "? ", "’", ""])
PHRASE_TEXT = st.lists(
    st.tuples(st.sampled_from(PHRASES) | st.text(max_size=12), SEPARATORS), max_size=25
).map(lambda parts: "".join(phrase + separator for phrase, separator in parts))
ANY_QUESTION = st.sampled_from(SEED_QUESTIONS) | st.text(max_size=80)


def assert_well_formed(question: str, answer: str) -> None:
    grading = grade_answer(question, answer, context=SEED_QUESTIONS[:3])
    assert isinstance(grading.grade, Grade)
    assert 0.0 <= grading.confidence <= 1.0
    assert_quotes_are_verbatim(answer, grading)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(question=ANY_QUESTION, answer=st.text(max_size=400))
def test_any_text_is_graded_without_error_and_with_verbatim_quotes(
    question: str, answer: str
) -> None:
    assert_well_formed(question, answer)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(question=ANY_QUESTION, answer=PHRASE_TEXT)
def test_text_built_from_cue_phrases_is_graded_with_verbatim_quotes(
    question: str, answer: str
) -> None:
    assert_well_formed(question, answer)
