"""Demands in several parts: split, each part graded on its own sentences, combined by the
rule of docs/grading-guide.md, section 4."""

from __future__ import annotations

import json

import pytest

from veilleuse.analysis import Grade, grading_to_dict
from veilleuse.analysis.grade import grade_answer
from veilleuse.analysis.model import PartGrading
from veilleuse.analysis.parts import combine, split_demand

TWO_PARTS = "Limiterez-vous les contrôles d'identité et mettrez-vous fin aux amendes ?"


@pytest.mark.parametrize(
    ("question", "count"),
    [
        (TWO_PARTS, 2),
        ("Vous engagez-vous à désarmer la police municipale et à réaffecter ses crédits ?", 2),
        ("Vous engagez-vous à réserver des places, y compris aux femmes trans ?", 2),
        ("Will you ban advertising screens and require shops to switch off their signs?", 2),
        # "et" between two objects of one act is not a second demand.
        ("Financerez-vous un service d'interprétariat et de médiation en santé ?", 1),
        ("Ouvrirez-vous le vote aux enfants et aux habitants étrangers ?", 1),
    ],
)
def test_a_demand_is_split_where_it_asks_for_several_acts(question: str, count: int) -> None:
    assert len(split_demand(question)) == count


def test_one_part_accepted_and_the_other_refused_is_rather_yes_with_both_parts() -> None:
    answer = (
        "Nous limiterons les contrôles d'identité dans les quartiers concernés. "
        "Les amendes, en revanche, resteront."
    )
    result = grade_answer(TWO_PARTS, answer)
    assert [p.grade for p in result.parts] == [Grade.YES, Grade.NO]
    assert result.grade == Grade.RATHER_YES
    assert result.rule == "parts"
    for part in result.parts:
        for cue in part.evidence:
            assert answer[cue.span.start : cue.span.end] == cue.span.text


def test_the_main_part_refused_and_the_other_accepted_is_rather_no() -> None:
    answer = (
        "Nous ne limiterons pas les contrôles d'identité. Nous mettrons fin aux amendes dès 2027."
    )
    result = grade_answer(TWO_PARTS, answer)
    assert [p.grade for p in result.parts] == [Grade.NO, Grade.YES]
    assert result.grade == Grade.RATHER_NO


def test_an_answer_to_one_part_only_keeps_the_whole_answers_grade() -> None:
    result = grade_answer(TWO_PARTS, "Oui, sans hésitation.")
    assert result.grade == Grade.YES
    assert all(p.grade == Grade.NO_ANSWER for p in result.parts)


@pytest.mark.parametrize(
    ("grades", "combined"),
    [
        ((Grade.YES, Grade.RATHER_YES), Grade.RATHER_YES),
        ((Grade.NO, Grade.RATHER_NO), Grade.RATHER_NO),
        ((Grade.YES, Grade.NO), Grade.RATHER_YES),
        ((Grade.RATHER_YES, Grade.NONCOMMITTAL), Grade.RATHER_YES),
        ((Grade.NO, Grade.YES), Grade.RATHER_NO),
        ((Grade.NONCOMMITTAL, Grade.YES), Grade.RATHER_YES),
        ((Grade.YES, Grade.NO_ANSWER), None),  # silence on a part is not a refusal
        ((Grade.YES, Grade.YES), None),
    ],
)
def test_the_guides_rule_combines_the_parts(
    grades: tuple[Grade, Grade], combined: Grade | None
) -> None:
    result = combine([PartGrading(f"part {i}", g) for i, g in enumerate(grades)])
    assert (result[0] if result else None) == combined


def test_the_json_carries_the_parts_and_the_direction() -> None:
    answer = "Nous limiterons les contrôles. Les amendes resteront."
    data = json.loads(json.dumps(grading_to_dict(grade_answer(TWO_PARTS, answer))))
    assert data["direction"] == "change"
    assert [p["grade"] for p in data["parts"]] == ["yes", "no"]
    assert data["parts"][1]["text"] == "mettrez-vous fin aux amendes"
    assert data["rule"] == "parts"
