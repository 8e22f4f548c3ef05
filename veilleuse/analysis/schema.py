"""The engine's JSON output, versioned. Documented in docs/analysis-json.md."""

from __future__ import annotations

from collections import Counter
from typing import Any

from .model import Analysis, AnsweredQuestion, Commitment, Cue, Grade, Grading

SCHEMA_VERSION = "veilleuse.analysis/2"


def _span(cue: Cue) -> dict[str, Any]:
    return {"start": cue.span.start, "end": cue.span.end, "text": cue.span.text}


def _cue(cue: Cue) -> dict[str, Any]:
    return {"kind": cue.kind, "label": cue.label, **_span(cue)}


def _commitment(item: Commitment) -> dict[str, Any]:
    return {
        "what": item.what,
        "quantity": item.quantity,
        "unit": item.unit or None,
        "budget": item.budget or None,
        "deadline": item.deadline or None,
        "start": item.span.start,
        "end": item.span.end,
        "text": item.span.text,
    }


def grading_to_dict(grading: Grading) -> dict[str, Any]:
    """The grade and its evidence; every ``start``/``end`` indexes the answer text."""
    return {
        "grade": grading.grade.value,
        "grade_label_fr": grading.grade.label_fr,
        "score": grading.grade.score,
        "confidence": grading.confidence,
        "rationale": grading.rationale,
        "evidence": [_cue(c) for c in grading.evidence],
        "hedges": [_cue(c) for c in grading.cues("hedge")],
        "conditions": [_cue(c) for c in grading.cues("condition")],
        "deflections": [{"authority": c.label, **_span(c)} for c in grading.cues("deflection")],
        "commitments": [_commitment(c) for c in grading.commitments],
        "rule": grading.rule,
        "direction": grading.direction or None,
        "parts": [
            {
                "text": part.text,
                "grade": part.grade.value,
                "evidence": [_cue(c) for c in part.evidence],
            }
            for part in grading.parts
        ],
    }


def answer_to_dict(item: AnsweredQuestion) -> dict[str, Any]:
    return {
        "number": item.question.number,
        "key": item.question.key,
        "theme": item.question.theme,
        "question": item.question.text,
        "answer": item.answer,
        **grading_to_dict(item.grading),
        "alignment": {"method": item.alignment_method, "score": item.alignment_score},
    }


def analysis_to_dict(analysis: Analysis) -> dict[str, Any]:
    counts = Counter(a.grading.grade.value for a in analysis.answers)
    return {
        "schema": SCHEMA_VERSION,
        "source": {"name": analysis.source, "format": analysis.source_format},
        "respondent": analysis.respondent,
        "questionnaire": {
            "title": analysis.questionnaire.title,
            "themes": list(analysis.questionnaire.themes),
            "questions": len(analysis.questionnaire.questions),
        },
        "answers": [answer_to_dict(a) for a in analysis.answers],
        "summary": {"grades": {g.value: counts.get(g.value, 0) for g in Grade}},
        "warnings": list(analysis.warnings),
    }
