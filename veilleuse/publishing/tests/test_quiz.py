"""The quiz's matching rule (docs/quiz.md): hand-computed cases on the Python reference, and
the browser's quiz.js computing the same on the same inputs."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from veilleuse.analysis.model import scale as grade_scale
from veilleuse.publishing.quiz import (
    GRADE_SCORES,
    VOTER_SCORES,
    Choice,
    candidate_match,
    quiz_grades,
    rank,
)

QUIZ_JS = Path(__file__).resolve().parents[1] / "static" / "publishing" / "quiz.js"


def voter(**positions: str) -> dict[str, Choice]:
    """``voter(q1="agree", q2="disagree!")``: question "1" agreed, "2" disagreed and marked
    as mattering a lot (the trailing "!")."""
    return {
        key.removeprefix("q"): Choice(position.rstrip("!"), important=position.endswith("!"))
        for key, position in positions.items()
    }


def test_identical_positions_match_fully() -> None:
    match = candidate_match(voter(q1="agree", q2="disagree"), {"1": "yes", "2": "no"})
    assert (match.points, match.out_of, match.percent) == (8, 8, 100)


def test_opposite_positions_do_not_match_at_all() -> None:
    match = candidate_match(voter(q1="agree", q2="disagree"), {"1": "no", "2": "yes"})
    assert match.percent == 0


def test_noncommittal_is_a_middle_position_not_an_absence() -> None:
    # 1 − |2 − 0| / 4 = 1/2 against "agree"; 1 − |1 − 0| / 4 = 3/4 against "rather agree".
    assert candidate_match(voter(q1="agree"), {"1": "noncommittal"}).percent == 50
    assert candidate_match(voter(q1="rather_agree"), {"1": "noncommittal"}).percent == 75
    match = candidate_match(voter(q1="disagree"), {"1": "noncommittal"})
    assert (match.answered, match.no_answer) == (("1",), ())


def test_no_answer_is_excluded_from_the_match_and_counted_apart() -> None:
    choices = voter(q1="agree", q2="agree", q3="disagree", q4="agree")
    # q2 graded "no answer", q3 absent (never answered), q4 awaiting review.
    match = candidate_match(choices, {"1": "yes", "2": "no_answer", "4": "pending"})
    assert match.answered == ("1",)
    assert match.no_answer == ("2", "3")
    assert match.pending == ("4",)
    assert (match.points, match.out_of, match.percent) == (4, 4, 100)  # not 4/16 = 25 %


def test_skipped_questions_count_for_nobody() -> None:
    match = candidate_match(voter(q1="agree", q2="skip"), {"1": "rather_yes", "2": "no"})
    assert (match.answered, match.no_answer, match.percent) == (("1",), (), 75)


def test_a_question_that_matters_a_lot_weighs_twice() -> None:
    grades = {"1": "yes", "2": "no"}
    assert candidate_match(voter(q1="agree", q2="agree"), grades).percent == 50
    # (2×4 + 1×0) / (2×4 + 1×4) = 8/12 = 66.7 %
    assert candidate_match(voter(q1="agree!", q2="agree"), grades).percent == 67
    assert candidate_match(voter(q1="agree", q2="agree!"), grades).percent == 33


def test_percentages_round_half_up() -> None:
    # (1 + 0) / 8 = 12.5 % → 13 (Python's round() would give 12).
    match = candidate_match(voter(q1="agree", q2="agree"), {"1": "rather_no", "2": "no"})
    assert (match.points, match.out_of, match.percent) == (1, 8, 13)


def test_who_answered_fewer_than_half_is_listed_apart_below_every_ranked_candidate() -> None:
    choices = voter(q1="agree", q2="agree", q3="agree", q4="agree")
    candidates = [
        {"slug": "a", "name": "Agrees but answered one", "grades": {"1": "yes"}},
        {"slug": "b", "name": "Disagrees on everything", "grades": dict.fromkeys("1234", "no")},
        {"slug": "c", "name": "Answered half", "grades": {"1": "yes", "2": "rather_no"}},
        {"slug": "d", "name": "Never answered", "grades": {}},
    ]
    groups = rank(choices, candidates)
    assert [m.slug for m in groups["ranked"]] == ["c", "b"]
    assert [(m.rank, m.percent) for m in groups["ranked"]] == [(1, 63), (2, 0)]
    assert [m.slug for m in groups["unranked"]] == ["a", "d"]  # by name, with no rank
    assert [m.rank for m in groups["unranked"]] == [None, None]
    assert groups["unranked"][0].percent == 100
    assert groups["unranked"][1].percent is None


def test_ties_share_a_rank_and_more_answers_come_first() -> None:
    choices = voter(q1="agree", q2="agree")
    candidates = [
        {"slug": "x", "name": "Zoé", "grades": {"1": "yes"}},
        {"slug": "y", "name": "Élodie", "grades": {"1": "yes", "2": "yes"}},
        {"slug": "z", "name": "Alain", "grades": {"1": "yes"}},
    ]
    ranked = rank(choices, candidates)["ranked"]
    assert [(m.name, m.rank) for m in ranked] == [("Élodie", 1), ("Alain", 1), ("Zoé", 1)]


def test_every_candidate_is_in_one_group_or_the_other() -> None:
    candidates = [{"slug": f"c{i}", "name": f"Liste {i}", "grades": {}} for i in range(40)]
    groups = rank(voter(q1="agree"), candidates)
    assert len(groups["ranked"]) + len(groups["unranked"]) == 40


def test_quiz_grades_reads_the_public_record() -> None:
    data = {
        "candidates": [{"slug": "a"}, {"slug": "b"}],
        "answers": [
            {"candidate": "a", "question": 1, "status": "reviewed", "grade": "rather_yes"},
            {"candidate": "a", "question": 2, "status": "pending"},
            {"candidate": "a", "question": 3, "status": "reviewed", "grade": "no_answer"},
        ],
    }
    assert quiz_grades(data) == {
        "a": {"1": "rather_yes", "2": "pending", "3": "no_answer"},
        "b": {},
    }


# --- quiz.js computes what quiz.py computes -------------------------------------------------

NODE_SCRIPT = """
const quiz = require(process.argv[1]);
const { scale, cases } = JSON.parse(require("fs").readFileSync(0, "utf-8"));
quiz.useScale(scale);
const out = cases.map(({ voter, candidates }) => {
  const groups = quiz.rank(voter, candidates);
  const view = (m) => ({ slug: m.slug, rank: m.rank, percent: quiz.percent(m),
    points: m.points, out_of: m.out_of, answered: m.answered, no_answer: m.no_answer,
    pending: m.pending });
  return { ranked: groups.ranked.map(view), unranked: groups.unranked.map(view) };
});
process.stdout.write(JSON.stringify(out));
"""


def _random_case(rng: random.Random) -> dict[str, Any]:
    positions = [*VOTER_SCORES, "skip"]
    grades = [*GRADE_SCORES, "no_answer", "pending", None]
    questions = [str(n) for n in range(1, rng.randint(1, 12))]
    choices = {
        q: {"position": rng.choice(positions), "important": rng.random() < 0.3} for q in questions
    }
    names = ["Éva", "eva", "Zoé", "Ana", "Ömer", "Liste démo A", "Liste démo B", "Bruno"]
    candidates = []
    for i in range(rng.randint(1, 8)):
        picked = {q: rng.choice(grades) for q in questions}
        candidates.append(
            {
                "slug": f"c-{i}",
                "name": rng.choice(names),
                "grades": {q: g for q, g in picked.items() if g is not None},
            }
        )
    return {"voter": choices, "candidates": candidates}


def _python_view(case: dict[str, Any]) -> dict[str, Any]:
    choices = {q: Choice(c["position"], c["important"]) for q, c in case["voter"].items()}
    groups = rank(choices, case["candidates"])
    return {
        group: [
            {
                "slug": m.slug,
                "rank": m.rank,
                "percent": m.percent,
                "points": m.points,
                "out_of": m.out_of,
                "answered": list(m.answered),
                "no_answer": list(m.no_answer),
                "pending": list(m.pending),
            }
            for m in matches
        ]
        for group, matches in groups.items()
    }


def test_quiz_js_ranks_exactly_as_the_python_reference() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: quiz.js cannot be compared with quiz.py here")
    rng = random.Random(2026)
    cases = [_random_case(rng) for _ in range(300)]
    # The hand-computed cases above, too.
    cases.append(
        {
            "voter": {q: {"position": "agree", "important": q == "1"} for q in "1234"},
            "candidates": [
                {"slug": "a", "name": "A", "grades": {"1": "yes"}},
                {"slug": "b", "name": "B", "grades": dict.fromkeys("1234", "noncommittal")},
                {"slug": "c", "name": "C", "grades": {"1": "rather_no", "2": "no"}},
            ],
        }
    )
    output = subprocess.run(
        [node, "-e", NODE_SCRIPT, str(QUIZ_JS)],
        input=json.dumps({"scale": grade_scale(), "cases": cases}),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    from_js = json.loads(output.stdout)
    for case, js in zip(cases, from_js, strict=True):
        assert js == _python_view(case), json.dumps(case, ensure_ascii=False)


def test_quiz_js_stays_small() -> None:
    assert QUIZ_JS.stat().st_size < 15 * 1024
