"""The demand's direction, and the answer graded toward the demand, not toward its words.

The examples are those of docs/grading-guide.md, section 3, plus the opposite reading of each,
so that every test fails if the engine grades the words instead of the stance."""

from __future__ import annotations

import pytest

from veilleuse.analysis import Grade
from veilleuse.analysis.direction import CREATE, PREVENT, STOP, demand_direction
from veilleuse.analysis.grade import grade_answer


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Financerez-vous un accueil de nuit ?", CREATE),
        ("Seriez-vous prêt à soutenir l'abrogation des arrêtés anti-racolage ?", STOP),
        ("Vous engagez-vous à mettre fin à l'armement létal de la police municipale ?", STOP),
        ("Will you ban digital advertising screens from public space?", STOP),
        ("Vous opposerez-vous à la réouverture des berges aux voitures ?", PREVENT),
        ("Will you commit to building 150 km of cycle lanes by the end of the term?", CREATE),
        ("Would you support a retirement home for older sex workers?", CREATE),
    ],
)
def test_the_direction_is_read_from_the_demand_verb(question: str, kind: str) -> None:
    assert demand_direction(question).kind == kind


def test_what_counts_as_a_yes_sets_the_direction_when_the_author_wrote_it() -> None:
    question = "Que ferez-vous des arrêtés anti-racolage ?"
    assert demand_direction(question).kind == CREATE
    assert demand_direction(question, "Abroger les arrêtés en 2026.").kind == STOP


def test_a_demand_to_prevent_a_stopping_keeps_the_thing() -> None:
    assert demand_direction("Will you oppose ending rent control?").keeps
    assert not demand_direction("Will you oppose reopening the riverside to cars?").keeps


ABOLISH = "Abrogerez-vous les arrêtés anti-racolage ?"
END = "Will you end the city's contract with the private security firm?"
PREVENT_REOPENING = "Vous opposerez-vous à la réouverture des voies sur berge aux voitures ?"
DISARM = "Vous engagez-vous à désarmer la police municipale ?"


@pytest.mark.parametrize(
    ("question", "answer", "grade"),
    [
        # Support for what the demand wants to abolish is a refusal; ending it is a yes.
        (ABOLISH, "Nous soutenons ces arrêtés, qui protègent les riverains.", Grade.NO),
        (ABOLISH, "Nous abrogerons ces arrêtés dès notre élection.", Grade.YES),
        # Opposing what the demand wants to end accepts it; renewing it refuses it.
        (END, "We will vote against renewing that contract.", Grade.YES),
        (END, "We will renew the contract when it expires.", Grade.NO),
        # A refusal to do what a demand to prevent opposes accepts it.
        (PREVENT_REOPENING, "Nous ne rouvrirons pas les berges aux voitures.", Grade.YES),
        (PREVENT_REOPENING, "Nous rouvrirons les berges aux heures de pointe.", Grade.NO),
        (PREVENT_REOPENING, "Nous maintiendrons la piétonnisation des berges.", Grade.YES),
        # Keeping what the demand wants stopped refuses it; « au contraire » too.
        (DISARM, "Nous maintiendrons l'armement de nos agents.", Grade.NO),
        (DISARM, "Au contraire, nous équiperons toutes les patrouilles.", Grade.NO),
        # A refusal of the stopping stays a refusal, with its offer.
        (
            DISARM,
            "Nous ne désarmerons pas la police. En revanche, les armes seront réservées à la "
            "brigade de nuit.",
            Grade.RATHER_NO,
        ),
        # A stated position is support, not a commitment.
        (DISARM, "Nous y sommes plutôt opposés : ces armes sont dangereuses.", Grade.RATHER_YES),
    ],
)
def test_the_answer_is_graded_toward_the_demand(question: str, answer: str, grade: Grade) -> None:
    result = grade_answer(question, answer)
    assert result.grade == grade, result.rationale
    for cue in result.evidence:
        assert answer[cue.span.start : cue.span.end] == cue.span.text


def test_praise_of_the_theme_then_a_refusal_of_the_rule_is_a_refusal() -> None:
    answer = (
        "La santé communautaire est essentielle. Nous ne créerons pas de ligne dédiée : les "
        "crédits existants suffisent."
    )
    question = "Créerez-vous une ligne budgétaire dédiée à la santé communautaire ?"
    assert grade_answer(question, answer).grade == Grade.NO


@pytest.mark.parametrize(
    ("answer", "grade"),
    [
        ("Oui, sans hésitation.", Grade.YES),
        ("Absolutely.", Grade.YES),
        # A position in a word is support without means; a bare "Oui" accepts the demand.
        ("Favorable.", Grade.RATHER_YES),
        ("Contre.", Grade.NO),
        ("Against.", Grade.NO),
        # Support in the answer's own words, with no means, stays rather yes.
        ("Oui, nous y sommes favorables.", Grade.RATHER_YES),
        # "Pour" followed by prose is a preposition, not a position.
        ("Pour nous, cette question mérite d'être étudiée.", Grade.NONCOMMITTAL),
    ],
)
def test_a_clear_position_in_few_words_gets_a_side(answer: str, grade: Grade) -> None:
    question = "Financerez-vous un accueil de nuit pour les personnes concernées ?"
    assert grade_answer(question, answer).grade == grade
