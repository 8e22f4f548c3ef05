"""From a reply document to graded answers: segment, align, grade."""

from __future__ import annotations

import os

from .align import align
from .backends import GradingBackend, RuleBackend
from .document import Document
from .model import Analysis, AnsweredQuestion, Questionnaire
from .readers import read_document
from .segment import infer_questionnaire, segment


def analyse_document(
    document: Document,
    questionnaire: Questionnaire | None = None,
    *,
    backend: GradingBackend | None = None,
) -> Analysis:
    """Grade every question of ``questionnaire`` (inferred from the document if absent)
    with ``backend`` (the rules by default)."""
    grader = backend or RuleBackend()
    segmentation = segment(document)
    known = questionnaire or infer_questionnaire(segmentation)
    context = [q.text for q in known.questions]
    answers = []
    warnings = []
    for alignment in align(known, segmentation):
        question = alignment.question
        if alignment.method == "missing":
            warnings.append(f"Question {question.number} has no answer in the document.")
        grading = grader.grade(
            question.text,
            alignment.answer,
            [t for t in context if t != question.text],
            yes_means=question.yes_means,
        )
        answers.append(
            AnsweredQuestion(question, alignment.answer, grading, alignment.score, alignment.method)
        )
    return Analysis(
        questionnaire=known,
        answers=tuple(answers),
        source=document.name,
        source_format=document.format,
        respondent=segmentation.respondent,
        warnings=tuple(warnings),
    )


def analyse_file(
    path: str | os.PathLike[str],
    questionnaire: Questionnaire | None = None,
    *,
    backend: GradingBackend | None = None,
) -> Analysis:
    return analyse_document(read_document(path), questionnaire, backend=backend)
