"""Agreement between suggested and human grades, on examples small enough to check by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from veilleuse.analysis import Grade, agreement
from veilleuse.analysis.document import AnalysisError
from veilleuse.analysis.evaluate import GRADES
from veilleuse.analysis.evaluate_io import evaluate_files

YES, RATHER_YES, NONCOMMITTAL = Grade.YES, Grade.RATHER_YES, Grade.NONCOMMITTAL
RATHER_NO, NO, NO_ANSWER = Grade.RATHER_NO, Grade.NO, Grade.NO_ANSWER
ROOT = Path(__file__).resolve().parents[3]
SEED_GOLD = ROOT / "evaluation" / "seed-gold.jsonl"


def test_perfect_agreement_has_accuracy_one_and_kappa_one() -> None:
    grades = [YES, RATHER_YES, NONCOMMITTAL, RATHER_NO, NO, NO_ANSWER]
    result = agreement(grades, grades)
    assert result.count == 6
    assert result.accuracy == 1.0
    assert result.macro_f1 == 1.0
    assert result.within_one == 1.0
    assert result.weighted_kappa == pytest.approx(1.0)


# Gold:      yes  yes         no  no_answer
# Predicted: yes  rather_yes  no  yes
HAND_GOLD = [YES, YES, NO, NO_ANSWER]
HAND_PRED = [YES, RATHER_YES, NO, YES]


def test_accuracy_is_the_share_of_identical_grades() -> None:
    assert agreement(HAND_GOLD, HAND_PRED).accuracy == pytest.approx(2 / 4)


def test_within_one_counts_neighbours_but_not_no_answer_against_yes() -> None:
    # yes/yes, yes/rather_yes and no/no are within one step; no_answer/yes is not.
    assert agreement(HAND_GOLD, HAND_PRED).within_one == pytest.approx(3 / 4)


def test_macro_f1_averages_the_f1_of_each_grade_present() -> None:
    # yes: tp 1, fp 1, fn 1 → 0.5; rather_yes: 0; no: 1; no_answer: 0 → mean 0.375.
    result = agreement(HAND_GOLD, HAND_PRED)
    assert dict(result.per_grade_f1) == pytest.approx(
        {"yes": 0.5, "rather_yes": 0.0, "no": 1.0, "no_answer": 0.0}
    )
    assert result.macro_f1 == pytest.approx(0.375)


def test_weighted_kappa_uses_quadratic_distances_with_no_answer_farthest() -> None:
    # Weights (d/4)², d(yes, rather_yes) = 1, d(yes, no) = 4, no_answer at 4 from all else.
    # Observed: 1/16 + 1 = 17/16. Expected: (2.125 + 2.5625 + 4) / 4 = 139/64.
    # Kappa: 1 - (17/16) / (139/64) = 71/139.
    assert agreement(HAND_GOLD, HAND_PRED).weighted_kappa == pytest.approx(71 / 139)


def test_the_confusion_matrix_has_gold_rows_and_predicted_columns() -> None:
    confusion = agreement(HAND_GOLD, HAND_PRED).confusion
    cell = {
        (GRADES[i], GRADES[j]): n for i, row in enumerate(confusion) for j, n in enumerate(row) if n
    }
    assert cell == {(YES, YES): 1, (YES, RATHER_YES): 1, (NO, NO): 1, (NO_ANSWER, YES): 1}


@pytest.mark.parametrize("other", [YES, RATHER_YES, NONCOMMITTAL, RATHER_NO, NO])
def test_no_answer_is_never_within_one_step_of_a_graded_answer(other: Grade) -> None:
    assert agreement([NO_ANSWER], [other]).within_one == 0.0
    assert agreement([other], [NO_ANSWER]).within_one == 0.0


def test_neighbouring_grades_are_within_one_step_and_two_apart_are_not() -> None:
    assert agreement([NONCOMMITTAL], [RATHER_NO]).within_one == 1.0
    assert agreement([NONCOMMITTAL], [NO]).within_one == 0.0


def test_comparing_lists_of_different_lengths_is_refused() -> None:
    with pytest.raises(ValueError, match="pair up"):
        agreement([YES], [YES, NO])


# --- evaluate_files -----------------------------------------------------------------------


def write_jsonl(path: Path, lines: list[str]) -> str:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def record(id_: str, grade: str, **extra: str) -> str:
    return json.dumps({"id": id_, "grade": grade, **extra}, ensure_ascii=False)


def test_evaluate_files_compares_gold_with_a_prediction_file(tmp_path: Path) -> None:
    gold = write_jsonl(
        tmp_path / "gold.jsonl",
        [record("a", "yes"), record("b", "yes"), "", record("c", "no"), record("d", "no_answer")],
    )
    pred = write_jsonl(
        tmp_path / "pred.jsonl",
        [record("d", "yes"), record("c", "no"), record("b", "rather_yes"), record("a", "yes")],
    )
    result = json.loads(evaluate_files(gold, pred, as_json=True))
    assert result["count"] == 4
    assert result["accuracy"] == pytest.approx(0.5)
    assert result["within_one"] == pytest.approx(0.75)
    assert result["weighted_kappa"] == pytest.approx(71 / 139)
    assert "accuracy:         0.500" in evaluate_files(gold, pred)


def test_evaluate_files_grades_the_gold_answers_when_no_prediction_is_given() -> None:
    result = json.loads(evaluate_files(str(SEED_GOLD), None, as_json=True))
    assert result["count"] == 10
    assert result["accuracy"] == 1.0


def test_a_gold_answer_without_prediction_is_reported(tmp_path: Path) -> None:
    gold = write_jsonl(tmp_path / "gold.jsonl", [record("a", "yes"), record("b", "no")])
    pred = write_jsonl(tmp_path / "pred.jsonl", [record("a", "yes")])
    with pytest.raises(AnalysisError, match=r"1 gold answers have no prediction \(first: 'b'\)"):
        evaluate_files(gold, pred)


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ('{"id": "b", "grade": ', r"gold\.jsonl, line 2: not valid JSON"),
        ('{"grade": "yes"}', r"gold\.jsonl, line 2: each line needs an 'id'"),
        ('["b", "yes"]', r"gold\.jsonl, line 2: each line needs an 'id'"),
        ('{"id": "b", "grade": "maybe"}', r"gold\.jsonl, line 2: grade 'maybe' is not one of"),
        ('{"id": "b"}', r"gold\.jsonl, line 2: grade None is not one of"),
    ],
)
def test_a_malformed_gold_line_is_refused_naming_its_line(
    tmp_path: Path, bad_line: str, message: str
) -> None:
    gold = write_jsonl(tmp_path / "gold.jsonl", [record("a", "yes"), bad_line, record("c", "no")])
    with pytest.raises(AnalysisError, match=message):
        evaluate_files(gold, None)


def test_a_gold_file_without_graded_answers_is_refused(tmp_path: Path) -> None:
    gold = write_jsonl(tmp_path / "gold.jsonl", ["", "  "])
    with pytest.raises(AnalysisError, match="holds no graded answer"):
        evaluate_files(gold, None)


def test_a_missing_gold_file_is_refused_with_a_clear_sentence(tmp_path: Path) -> None:
    with pytest.raises(AnalysisError, match=r"Cannot open .*absent\.jsonl: No such file"):
        evaluate_files(str(tmp_path / "absent.jsonl"), None)


# --- side flips, FAVOR / AGAINST sets and calibration ----------------------------------------


def test_a_side_flip_is_a_grade_on_the_other_side_and_noncommittal_is_none() -> None:
    # yes→no flips, rather_no→rather_yes flips, yes→noncommittal and no→no_answer do not.
    gold = [YES, RATHER_NO, YES, NO]
    pred = [NO, RATHER_YES, NONCOMMITTAL, NO_ANSWER]
    assert agreement(gold, pred).side_flips == 2


def test_stance_agreement_counts_commitments_right_sides_and_macro_f1() -> None:
    from veilleuse.analysis.evaluate import stance_agreement

    gold = ["FAVOR", "FAVOR", "AGAINST", "AGAINST"]
    pred = [YES, NONCOMMITTAL, RATHER_YES, NO]
    result = stance_agreement(gold, pred)
    assert (result.count, result.committed, result.right_side) == (4, 3, 2)
    assert result.commit_rate == pytest.approx(0.75)
    assert result.right_when_committed == pytest.approx(2 / 3)
    # FAVOR: tp 1, fp 1, fn 1 → 0.5; AGAINST: tp 1, fp 0, fn 1 → 2/3.
    assert result.macro_f1 == pytest.approx((0.5 + 2 / 3) / 2)


def test_a_favor_against_file_is_read_as_a_stance_set(tmp_path: Path) -> None:
    gold = tmp_path / "stance.jsonl"
    rows = [
        {
            "id": 1,
            "question": "Faut-il ouvrir un centre ?",
            "comment": "Non.",
            "label": "AGAINST",
            "numerical_label": 0,
        },
        {
            "id": 2,
            "question": "Faut-il ouvrir un centre ?",
            "comment": "",
            "label": "FAVOR",
            "numerical_label": 75,
        },
    ]
    gold.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    result = json.loads(evaluate_files(str(gold), None, as_json=True))
    assert result["stance"]["committed"] == 1
    assert result["stance"]["right_side"] == 1
    # The numerical labels give the four-step grades: "Non." is right, "" (no answer) is not.
    assert result["accuracy"] == pytest.approx(0.5)


def test_the_reliability_table_and_ece_compare_confidence_with_accuracy() -> None:
    from veilleuse.analysis.calibration import reliability

    # Bin 0.9–1.0: confidence 0.9, right 1 of 2 → gap 0.4; bin 0.5–0.6: 0.5, right 1 of 1 → 0.5.
    table = reliability([(0.9, True), (0.9, False), (0.5, True)])
    assert [(b.low, b.count) for b in table.bins] == [(0.5, 1), (0.9, 2)]
    assert table.ece == pytest.approx((2 * 0.4 + 1 * 0.5) / 3)


def test_eval_prints_the_calibration_table_when_the_engine_grades() -> None:
    output = evaluate_files(str(SEED_GOLD), None)
    assert "expected calibration error" in output
    assert "side flips:" in output


def test_calibration_is_the_smoothed_share_of_right_suggestions_per_rule() -> None:
    from veilleuse.analysis.calibration import fit

    # Rule a: raw 0.5, right 3 of 4 → (3 + 4 × 0.5) / (4 + 4) = 0.625 → 0.62 (rounded half
    # to even is not used: 0.625 rounds to 0.62 in binary floating point).
    table = fit([("a", 0.5, True), ("a", 0.5, True), ("a", 0.5, True), ("a", 0.5, False)])
    assert table["a"] == pytest.approx(0.62, abs=0.01)
    # A rule never right falls below its raw confidence, never to zero at once.
    assert 0 < fit([("b", 0.9, False)])["b"] < 0.9


def test_the_engine_reports_the_fitted_confidence_of_its_rule(tmp_path: Path) -> None:
    from veilleuse.analysis import calibration
    from veilleuse.analysis.grade import grade_answer

    question = "Financerez-vous un accueil de nuit ?"
    with calibration.raw_confidences():
        raw = grade_answer(question, "Non.")
    fitted = calibration._fitted()
    assert grade_answer(question, "Non.").confidence == round(
        fitted.get(raw.rule, raw.confidence), 2
    )
    assert raw.rule == "opening_no"


def test_calibrate_writes_a_table_fitted_on_the_given_development_file(tmp_path: Path) -> None:
    from veilleuse.analysis.evaluate_io import fit_calibration

    out = tmp_path / "c.json"
    table = fit_calibration([str(SEED_GOLD)], str(out))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["fitted_on"] == ["seed-gold.jsonl"]
    assert data["rules"] == table
    assert all(0 < v <= 1 for v in table.values())


def test_a_rule_reviewers_keep_changing_the_same_way_is_revised_after_ten_decisions() -> None:
    from veilleuse.analysis.learning import Decided, learn, replay, revise

    changed = [Decided("position", RATHER_YES, YES, "q1")] * 4
    kept = [Decided("refusal", NO, NO, "q2")] * 6
    assert revise("position", RATHER_YES, 0.7, learn(changed + kept[:5])) is None  # 9 decisions
    lessons = learn(changed + kept)
    revision = revise("position", RATHER_YES, 0.7, lessons, "q1")
    assert revision is not None
    assert (revision.grade, revision.changed, revision.agreeing, revision.total) == (
        YES,
        True,
        4,
        4,
    )
    same = revise("refusal", NO, 0.8, lessons, "q2")
    assert same is not None
    assert (same.grade, same.changed) == (NO, False)
    assert same.confidence > 0.8  # six of six kept: surer than the engine alone
    # Replay: the later "position" answers are revised to what reviewers gave.
    items = [(d, 0.7) for d in [*kept, *changed, *changed]]
    result = replay(items)
    assert result.revised_accuracy > result.engine_accuracy
