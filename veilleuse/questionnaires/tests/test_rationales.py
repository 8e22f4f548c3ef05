"""Every explanation the grader can give reaches the review page in French."""

from __future__ import annotations

import ast
from pathlib import Path

from django.utils import translation

from veilleuse.questionnaires.rationales import ENGINE_RATIONALES

ENGINE = Path(__file__).resolve().parents[2] / "analysis"
GRADER_FILES = (ENGINE / "grade.py", ENGINE / "parts.py")


def rationales_in_the_grader() -> set[str]:
    """The sentences the grader returns: capitalised string constants ending with a full stop
    inside ``return`` statements and calls."""
    found = set()
    trees = [ast.parse(path.read_text(encoding="utf-8")) for path in GRADER_FILES]
    for node in (n for tree in trees for n in ast.walk(tree)):
        if isinstance(node, (ast.Return, ast.Call)):
            for child in ast.walk(node):
                value = getattr(child, "value", None)
                if (
                    isinstance(child, ast.Constant)
                    and isinstance(value, str)
                    and value.endswith(".")
                    and value[:1].isupper()
                    and " " in value
                ):
                    found.add(value)
    return found


def test_every_rationale_of_the_grader_is_marked_for_translation() -> None:
    missing = rationales_in_the_grader() - set(ENGINE_RATIONALES)
    assert not missing, f"add to veilleuse/questionnaires/rationales.py: {sorted(missing)}"


def test_every_rationale_has_a_french_translation() -> None:
    with translation.override("fr"):
        untranslated = [r for r in ENGINE_RATIONALES if translation.gettext(r) == r]
    assert not untranslated, untranslated


def test_the_grade_choices_are_the_engines_scale() -> None:
    from veilleuse.analysis.model import Grade as EngineGrade
    from veilleuse.questionnaires.models import Grade

    with translation.override("en"):
        english = [(c.value, str(c.label)) for c in Grade]
    assert english == [(g.value, g.label_en) for g in EngineGrade]
    with translation.override("fr"):
        assert [str(c.label) for c in Grade] == [g.label_fr for g in EngineGrade]
