"""The matching of acts to commitments: the pieces, and the figures of docs/evaluation.md
kept from getting worse."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from veilleuse.commitments.matching import (
    ActText,
    CommitmentText,
    figures,
    match,
    name_key,
    places,
)
from veilleuse.commitments.matching_eval import evaluate, main

SETS = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "matching"
REPEAL = CommitmentText(
    key=1,
    title="Abroger l'arrêté conjoint réglementant la circulation dans le bois de Boulogne",
)


def test_names_ignore_accents_case_punctuation_and_legal_form() -> None:
    assert name_key("DÉMO SANTÉ TRANS (ASSOCIATION)") == name_key("Association Démo Santé Trans")


def test_places_and_figures_are_found() -> None:
    assert places("Un centre dans le 20e arrondissement, près du bois de Boulogne") >= {
        "20e arrondissement",
        "bois de boulogne",
    }
    assert figures("200 places en 2027, 40 000 euros") == {200, 40000}


def test_a_subsidy_to_the_named_beneficiary_with_the_promised_amount_scores_high() -> None:
    commitment = CommitmentText(
        key=1, title="Financer Démo Nuit", beneficiary_siret="00000000000017", amount=Decimal(40000)
    )
    act = ActText(
        kind="subsidy",
        title="Maraudes",
        beneficiary_siret="00000000000017",
        amount=Decimal(40000),
    )
    found = match(commitment, act)
    assert found is not None
    assert found.score == 1.0
    assert found.why[:2] == ("SIRET", "amount")
    other = ActText(kind="subsidy", title="Maraudes", beneficiary_name="Démo Autre", amount=40000)
    assert match(commitment, other) is None  # the same amount to someone else is not it


def test_a_repeal_proposes_kept_and_quotes_the_passage() -> None:
    act = ActText(
        kind="order",
        title="Arrêté n° 2027 P 1",
        text="Vu le code. Article 1 : l'arrêté conjoint réglementant la circulation dans le bois "
        "de Boulogne est abrogé. Article 2 : exécution.",
    )
    found = match(REPEAL, act)
    assert found is not None
    assert found.status == "kept"
    assert found.quote.startswith("Article 1 : l'arrêté conjoint")


def test_an_unrelated_act_is_not_proposed() -> None:
    act = ActText(kind="deliberation", title="Dénomination de la rue Démo (11e)")
    assert match(REPEAL, act) is None


def test_the_development_set_figures_hold() -> None:
    scores = evaluate(SETS / "dev.json")
    assert (scores.pairs, scores.gold) == (240, 13)
    assert scores.precision >= 0.9
    assert scores.recall >= 0.95


def test_the_held_out_figures_do_not_get_worse() -> None:
    scores = evaluate(SETS / "heldout.json")
    assert scores.precision >= 0.85
    assert scores.recall >= 0.65


def test_the_command_prints_the_figures(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main([str(SETS / "dev.json")]) == 0
    assert "precision 0.93 · recall 1.00" in capsys.readouterr().out
