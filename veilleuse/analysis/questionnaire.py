"""Reading and writing questionnaires as YAML or JSON files.

The file format (YAML shown; JSON has the same structure)::

    title: Questionnaire TDS municipales Paris
    themes:
      - title: Droit et accès à l'accompagnement sanitaire et social
        questions:
          - number: 1
            text: Seriez-vous favorable à un centre de santé-social communautaire… ?
            demand: Un centre de santé communautaire      # optional
            yes_means: Un engagement à le créer et le financer  # optional

A flat ``questions:`` list (each with an optional ``theme``) is accepted too.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import yaml

from .document import AnalysisError
from .model import Question, Questionnaire


def load_questionnaire(path: str | os.PathLike[str]) -> Questionnaire:
    """Read a questionnaire file; raise AnalysisError with a clear sentence if it is wrong."""
    file = Path(path)
    try:
        raw = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise AnalysisError(f"Cannot read the questionnaire file {file.name}: {error}.") from None
    try:
        data = json.loads(raw) if file.suffix.lower() == ".json" else yaml.safe_load(raw)
    except (json.JSONDecodeError, yaml.YAMLError) as error:
        where = getattr(error, "lineno", None) or getattr(
            getattr(error, "problem_mark", None), "line", None
        )
        line = f" near line {where}" if where else ""
        raise AnalysisError(
            f"The questionnaire file {file.name} is not valid {_kind(file)}{line}."
        ) from None
    return questionnaire_from_dict(data, name=file.name)


def _kind(file: Path) -> str:
    return "JSON" if file.suffix.lower() == ".json" else "YAML"


def questionnaire_from_dict(data: Any, *, name: str = "questionnaire") -> Questionnaire:
    if not isinstance(data, dict):
        raise AnalysisError(f"The {name} file must hold a mapping with 'title' and 'themes'.")
    entries: list[tuple[str, Any]] = []
    themes: list[str] = []
    for theme in data.get("themes") or []:
        if not isinstance(theme, dict):
            raise AnalysisError(f"Each theme of {name} must be a mapping with 'title'.")
        title = str(theme.get("title", "")).strip()
        themes.append(title)
        entries.extend((title, q) for q in theme.get("questions") or [])
    entries.extend(
        (str(q.get("theme", "")) if isinstance(q, dict) else "", q)
        for q in data.get("questions") or []
    )
    questions = tuple(
        _question(entry, theme, position, name)
        for position, (theme, entry) in enumerate(entries, start=1)
    )
    if not questions:
        raise AnalysisError(f"The {name} file has no questions.")
    numbers = [q.number for q in questions]
    if len(set(numbers)) != len(numbers):
        raise AnalysisError(f"The {name} file numbers two questions the same way.")
    return Questionnaire(str(data.get("title", "")).strip(), questions, tuple(themes))


def _question(entry: Any, theme: str, position: int, name: str) -> Question:
    if isinstance(entry, str):
        entry = {"text": entry}
    if not isinstance(entry, dict) or not str(entry.get("text", "")).strip():
        raise AnalysisError(f"Question {position} of {name} has no 'text'.")
    try:
        number = int(entry.get("number", position))
    except (TypeError, ValueError):
        raise AnalysisError(
            f"Question {position} of {name} has a number that is not a whole number."
        ) from None
    return Question(
        number=number,
        text=str(entry["text"]).strip(),
        theme=theme,
        demand=str(entry.get("demand", "") or "").strip(),
        yes_means=str(entry.get("yes_means", "") or "").strip(),
        key=str(entry.get("key", "") or f"q{number}"),
    )


def questionnaire_to_dict(questionnaire: Questionnaire) -> dict[str, Any]:
    """The file structure, themes in order, questions inside their theme."""
    themes: list[dict[str, Any]] = []
    for question in questionnaire.questions:
        if not themes or themes[-1]["title"] != question.theme:
            themes.append({"title": question.theme, "questions": []})
        entry: dict[str, Any] = {"number": question.number, "text": question.text}
        if question.demand:
            entry["demand"] = question.demand
        if question.yes_means:
            entry["yes_means"] = question.yes_means
        themes[-1]["questions"].append(entry)
    return {"title": questionnaire.title, "themes": themes}


def save_questionnaire(questionnaire: Questionnaire, path: str | os.PathLike[str]) -> None:
    file = Path(path)
    data = questionnaire_to_dict(questionnaire)
    if file.suffix.lower() == ".json":
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    else:
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    try:
        file.write_text(text, encoding="utf-8")
    except OSError as error:
        raise AnalysisError(
            f"Cannot write the questionnaire to {file}: {error.strerror}."
        ) from None
