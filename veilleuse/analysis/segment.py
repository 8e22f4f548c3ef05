"""Segmenting a reply: title, themes, numbered questions and the answers under them."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from .document import AnalysisError, Document, Paragraph
from .model import Question, Questionnaire, Segment, Segmentation
from .text import accent_tolerant

_QUESTION = re.compile(
    r"^\s*(?:[-*•–—]\s*)?(?:\*\*|__)?\s*(?:(?:questions?|q|n°|no\.?)\s*)?"
    r"(?P<numbers>\d{1,3}(?:\s*(?:et|and|&|,|/|-|–)\s*\d{1,3})*)\s*(?:\*\*|__)?\s*"
    r"(?:[).:/°–—-]|\s-\s)\s*(?:\*\*|__)?\s*(?P<text>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_ANSWER_LABEL = re.compile(
    accent_tolerant(
        r"^\s*(?:\*\*|__)?(?:réponse|answer|response|notre réponse)\s*(?:\*\*|__)?"
        r"\s*[:.–—-]\s*(?:\*\*|__)?\s*"
    ),
    re.IGNORECASE,
)
_RESPONDENT = re.compile(
    accent_tolerant(
        r"^(?:campagne|réponses?|contribution|liste|candidat(?:e|ure)?|campaign"
        r"|answers?|replies|reply)\s+(?:de|d'|du|des|of|from|by)?\s*(?P<name>.+)$"
    ),
    re.IGNORECASE,
)
_SENTENCE_END = ".!?…:;»)]”\"'’>"
_THEME_MAX_WORDS = 16
_MAX_QUESTION_NUMBER = 200
# Replies have tens of questions; thousands of "questions" is a hostile or mistaken file, and
# alignment costs questions × segments (tests/hostile).
MAX_QUESTIONS = 300


def segment(document: Document) -> Segmentation:
    """Recover the questions and answers of a reply, in the order the reply gives them."""
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    question_at = _question_positions(paragraphs)
    _check_question_count(question_at)
    theme_at = _theme_positions(paragraphs, question_at)
    first = min(min(question_at), min(theme_at, default=len(paragraphs)))
    preamble = tuple(p.text for p in paragraphs[:first])
    segments, themes = _segments_from(paragraphs, question_at, theme_at, first)
    title, respondent = _title_and_respondent(preamble)
    return Segmentation(title, tuple(segments), tuple(themes), respondent, preamble)


def _check_question_count(question_at: dict[int, tuple[tuple[int, ...], str]]) -> None:
    if not question_at:
        raise AnalysisError(
            "No numbered question was found in the document: the answers must follow "
            "questions numbered like '1)', '1.' or 'Question 1'."
        )
    if len(question_at) > MAX_QUESTIONS:
        raise AnalysisError(
            f"The document has {len(question_at)} questions, more than the {MAX_QUESTIONS} "
            "a reply to a questionnaire can have; check that it is the right file."
        )


def _segments_from(
    paragraphs: Sequence[Paragraph],
    question_at: dict[int, tuple[tuple[int, ...], str]],
    theme_at: Collection[int],
    first: int,
) -> tuple[list[Segment], list[str]]:
    """Walk the paragraphs from the first heading: each theme heading, then each question."""
    segments: list[Segment] = []
    themes: list[str] = []
    theme = ""
    index = first
    while index < len(paragraphs):
        if index in theme_at:
            theme = _strip_theme(paragraphs[index].text)
            themes.append(theme)
            index += 1
            continue
        end = index + 1
        while end < len(paragraphs) and end not in question_at and end not in theme_at:
            end += 1
        segments.append(_segment(paragraphs[index + 1 : end], question_at[index], theme))
        index = end
    return segments, themes


def _segment(body: Sequence[Paragraph], asked: tuple[tuple[int, ...], str], theme: str) -> Segment:
    numbers, question = asked
    answer_paragraphs = _answer_paragraphs([p.text for p in body])
    return Segment(
        number=numbers[0] if numbers else None,
        question=question,
        answer="\n\n".join(answer_paragraphs),
        theme=theme,
        paragraphs=tuple(answer_paragraphs),
        numbers=numbers,
    )


_Candidate = tuple[int, tuple[int, ...], str]  # paragraph index, numbers, question text


def _question_positions(paragraphs: Sequence[Paragraph]) -> dict[int, tuple[tuple[int, ...], str]]:
    """Paragraph index → (numbers, question text) for each paragraph that asks a question."""
    candidates = _numbered_candidates(paragraphs)
    # Numbers that some paragraph really asks under ("3) …?"): a "3." item of a list inside
    # an answer must not take that number from the question that follows.
    asked = {n for _, numbers, text in candidates if text.endswith("?") for n in numbers}
    found: dict[int, tuple[tuple[int, ...], str]] = {}
    used: set[int] = set()
    for index, numbers, text in candidates:
        if _is_question(paragraphs, index, numbers, text, used | asked, bool(asked)):
            found[index] = (numbers, text)
            used.update(numbers)
    return found or _unnumbered_questions(paragraphs)


def _numbered_candidates(paragraphs: Sequence[Paragraph]) -> list[_Candidate]:
    candidates = []
    for index, paragraph in enumerate(paragraphs):
        match = _QUESTION.match(paragraph.text)
        if match and match.group("text").strip():
            numbers = tuple(int(n) for n in re.findall(r"\d+", match.group("numbers")))
            text = match.group("text").strip().strip("*_").strip()
            candidates.append((index, numbers, text))
    return candidates


def _is_question(
    paragraphs: Sequence[Paragraph],
    index: int,
    numbers: tuple[int, ...],
    text: str,
    taken: set[int],
    questionnaire_asks: bool,
) -> bool:
    """A numbered paragraph is a question if it asks one, or takes a number no question has
    used (replies may answer in any order) with the look of a question; a list inside an
    answer restarts at numbers already used or asked elsewhere, so it stays in the answer."""
    if text.endswith("?"):
        return True
    fresh = not set(numbers) & taken and numbers[0] <= _MAX_QUESTION_NUMBER
    if not fresh:
        return False
    # Where the questionnaire asks with "?", a question holds one even when a link or a
    # note follows it; a list item inside an answer does not.
    if questionnaire_asks:
        return "?" in text
    return _looks_like_question(text) and not _after_colon(paragraphs, index)


def _after_colon(paragraphs: Sequence[Paragraph], index: int) -> bool:
    """Inside a list that an answer introduces ("en trois temps :", then "1.", "2."…)."""
    for previous in reversed(paragraphs[:index]):
        if not _QUESTION.match(previous.text):
            return previous.text.rstrip().endswith(":")
    return False


def _looks_like_question(text: str) -> bool:
    return "?" in text or len(text.split()) <= 30 or text.rstrip().endswith((")", ">"))


def _unnumbered_questions(
    paragraphs: Sequence[Paragraph],
) -> dict[int, tuple[tuple[int, ...], str]]:
    """Replies that copy the questions without numbers: a paragraph ending with '?' asks."""
    found: dict[int, tuple[tuple[int, ...], str]] = {}
    for index, paragraph in enumerate(paragraphs):
        text = paragraph.text.strip()
        if text.endswith("?") and len(text.split()) >= 4:
            found[index] = ((), text)
    return found


def _theme_positions(
    paragraphs: Sequence[Paragraph], question_at: dict[int, tuple[tuple[int, ...], str]]
) -> set[int]:
    """A short paragraph ending with ':' (or marked as a heading) just before a question."""
    themes: set[int] = set()
    for index in sorted(question_at):
        candidate = index - 1
        if candidate < 0 or candidate in question_at:
            continue
        paragraph = paragraphs[candidate]
        text = paragraph.text.strip()
        short = len(text.split()) <= _THEME_MAX_WORDS
        if short and (text.endswith(":") or paragraph.heading) and not text.endswith("?"):
            themes.add(candidate)
    return themes


def _strip_theme(text: str) -> str:
    return text.strip().strip("#*_").strip().rstrip(":").strip()


def _answer_paragraphs(texts: list[str]) -> list[str]:
    """Answer paragraphs with labels removed and sentences broken across paragraphs mended."""
    result: list[str] = []
    for raw in texts:
        text = _ANSWER_LABEL.sub("", raw, count=1).strip()
        if not text:
            continue
        if result and _continues(result[-1], text):
            result[-1] = f"{result[-1]} {text}"
        else:
            result.append(text)
    return result


def _continues(previous: str, following: str) -> bool:
    """A paragraph cut in the middle of a sentence ("…à Genève afin" / "qu'une délégation")."""
    if previous.rstrip().endswith(tuple(_SENTENCE_END)):
        return False
    first = following.lstrip()[:1]
    return first.islower()


def _title_and_respondent(preamble: Sequence[str]) -> tuple[str, str]:
    title = preamble[0].strip() if preamble else ""
    respondent = ""
    for line in preamble:
        match = _RESPONDENT.match(line.strip())
        if match and line.strip() != title:
            respondent = match.group("name").strip().rstrip(".:")
            break
    return title, respondent


def infer_questionnaire(segmentation: Segmentation) -> Questionnaire:
    """The questionnaire a reply was answering, as far as the reply shows it."""
    questions = []
    for position, seg in enumerate(segmentation.segments, start=1):
        number = seg.number if seg.number is not None else position
        questions.append(
            Question(number=number, text=seg.question, theme=seg.theme, key=f"q{number}")
        )
    return Questionnaire(segmentation.title, tuple(questions), segmentation.themes)
