"""The answer-analysis engine: plain Python, no Django.

Read a reply document, split it into questions and answers, align them to a questionnaire,
and suggest for each answer a grade with verbatim evidence and concrete commitments::

    from veilleuse.analysis import analyse_file, analysis_to_dict
    analysis = analyse_file("reponses.docx")
    for item in analysis.answers:
        print(item.question.number, item.grading.grade, item.grading.rationale)

Frozen dataclasses in, frozen dataclasses out. Every quote is a slice of the answer text at
its offsets: the engine never invents text.
"""

from .align import align
from .backends import GradingBackend, RuleBackend, get_backend
from .batch import grade_stream
from .commitments import extract_commitments
from .document import AnalysisError, Document, Paragraph, UnreadableDocument, UnsupportedFormat
from .engine import analyse_document, analyse_file
from .evaluate import Agreement, agreement
from .grade import grade_answer
from .model import (
    Alignment,
    Analysis,
    AnsweredQuestion,
    Commitment,
    Cue,
    Grade,
    Grading,
    Question,
    Questionnaire,
    Segment,
    Segmentation,
    Span,
)
from .questionnaire import (
    load_questionnaire,
    questionnaire_from_dict,
    questionnaire_to_dict,
    save_questionnaire,
)
from .readers import read_bytes, read_document
from .render import render_markdown, render_table
from .schema import SCHEMA_VERSION, analysis_to_dict, answer_to_dict, grading_to_dict
from .segment import infer_questionnaire, segment

__all__ = [
    "SCHEMA_VERSION",
    "Agreement",
    "Alignment",
    "Analysis",
    "AnalysisError",
    "AnsweredQuestion",
    "Commitment",
    "Cue",
    "Document",
    "Grade",
    "Grading",
    "GradingBackend",
    "Paragraph",
    "Question",
    "Questionnaire",
    "RuleBackend",
    "Segment",
    "Segmentation",
    "Span",
    "UnreadableDocument",
    "UnsupportedFormat",
    "agreement",
    "align",
    "analyse_document",
    "analyse_file",
    "analysis_to_dict",
    "answer_to_dict",
    "extract_commitments",
    "get_backend",
    "grade_answer",
    "grade_stream",
    "grading_to_dict",
    "infer_questionnaire",
    "load_questionnaire",
    "questionnaire_from_dict",
    "questionnaire_to_dict",
    "read_bytes",
    "read_document",
    "render_markdown",
    "render_table",
    "save_questionnaire",
    "segment",
]
