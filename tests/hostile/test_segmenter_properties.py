"""Properties of the segmenter and the aligner over text no campaign would write: they find
questions or say that there are none, never invent text, and stay fast on long documents."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hostile.fuzz import GUARD_SECONDS, time_limit
from veilleuse.analysis import (
    AnalysisError,
    Document,
    Paragraph,
    align,
    analyse_document,
    infer_questionnaire,
    segment,
)
from veilleuse.analysis.segment import MAX_QUESTIONS

PROPERTIES = settings(
    max_examples=150, deadline=None, database=None, suppress_health_check=list(HealthCheck)
)

# Pieces that look like what replies contain, mixed with arbitrary text.
NUMBERING = st.sampled_from(
    ["", "1) ", "2. ", "- 3) ", "Question 4 : ", "Q5 - ", "4 et 5) ", "10) ", "0) ", "999999) "]
)
ENDINGS = st.sampled_from(["", " ?", "?", " :", ".", " !"])
WORDS = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=120
) | st.sampled_from(
    [
        "Seriez-vous favorable à un centre de santé",
        "Oui, nous nous engageons à financer 3 postes d'ici 2027.",
        "Réponse : non.",
        "Thème 1 : sécurité",
        "Nous étudierons la question",
        "",
        " ",
    ]
)


@st.composite
def paragraphs(draw: st.DrawFn) -> Paragraph:
    text = draw(NUMBERING) + draw(WORDS) + draw(ENDINGS)
    return Paragraph(text=text, heading=draw(st.booleans()))


documents = st.lists(paragraphs(), max_size=60).map(
    lambda items: Document(paragraphs=tuple(items), format="txt", name="fuzz.txt")
)


def words_of(document: Document) -> set[str]:
    return {word for p in document.paragraphs for word in p.text.split()}


@PROPERTIES
@given(documents)
def test_segmenting_finds_questions_or_says_there_are_none(document: Document) -> None:
    with time_limit(GUARD_SECONDS):
        try:
            segmentation = segment(document)
        except AnalysisError as error:
            refusal = str(error)
            segmentation = None
    if segmentation is None:
        assert "No numbered question" in refusal or "questions, more than" in refusal
        return
    assert segmentation.segments
    source = words_of(document)
    for item in segmentation.segments:
        # Labels and numbers are removed, sentences mended: words only ever come from the reply.
        assert set(item.answer.split()) <= source
        assert set(item.question.split()) <= source


@PROPERTIES
@given(documents)
def test_segmenting_is_deterministic(document: Document) -> None:
    try:
        first = segment(document)
    except AnalysisError:
        return
    assert segment(document) == first


@PROPERTIES
@given(documents, documents)
def test_alignment_gives_each_question_one_verdict_in_order(
    reply: Document, other: Document
) -> None:
    try:
        segmentation = segment(reply)
        questionnaire = infer_questionnaire(segment(other))
    except AnalysisError:
        return
    with time_limit(GUARD_SECONDS):
        alignments = align(questionnaire, segmentation)
    assert [a.question for a in alignments] == list(questionnaire.questions)
    for alignment in alignments:
        assert 0.0 <= alignment.score <= 1.0
        assert all(s in segmentation.segments for s in alignment.segments)
        assert (alignment.method == "missing") == (not alignment.segments)


@PROPERTIES
@given(documents)
def test_grading_quotes_only_the_answer_itself(document: Document) -> None:
    try:
        with time_limit(GUARD_SECONDS):
            analysis = analyse_document(document)
    except AnalysisError:
        return
    for item in analysis.answers:
        for cue in item.grading.evidence:
            assert item.answer[cue.span.start : cue.span.end] == cue.span.text
        for commitment in item.grading.commitments:
            span = commitment.span
            assert item.answer[span.start : span.end] == span.text


def test_a_reply_with_as_many_questions_as_allowed_is_analysed_in_under_five_seconds() -> None:
    parts = []
    for number in range(1, MAX_QUESTIONS + 1):
        parts.append(Paragraph(f"{number}) Seriez-vous favorable à la mesure numéro {number} ?"))
        parts.append(Paragraph("Oui, nous nous engageons à la financer d'ici 2027. " * 5))
    document = Document(paragraphs=tuple(parts), format="txt", name="long.txt")
    started = time.monotonic()
    with time_limit(GUARD_SECONDS):
        analysis = analyse_document(document)
    assert len(analysis.answers) == MAX_QUESTIONS
    assert time.monotonic() - started < GUARD_SECONDS


def test_one_enormous_paragraph_without_any_question_is_refused_quickly() -> None:
    document = Document(paragraphs=(Paragraph("bla " * 500_000),), format="txt", name="x.txt")
    with time_limit(GUARD_SECONDS), pytest.raises(AnalysisError, match="No numbered question"):
        segment(document)


def test_ten_thousand_question_marks_are_refused_quickly_not_aligned_for_minutes() -> None:
    lines = tuple(Paragraph(f"Est-ce la ligne {i} ?") for i in range(10_000))
    document = Document(paragraphs=lines, format="txt", name="x.txt")
    with time_limit(GUARD_SECONDS), pytest.raises(AnalysisError, match="more than the 300"):
        analyse_document(document)
