"""Human-readable renderings of an analysis: a terminal table and Markdown."""

from __future__ import annotations

import shutil
import textwrap

from .model import Analysis, AnsweredQuestion


def _key_evidence(item: AnsweredQuestion) -> str:
    order = (
        "opening_yes",
        "opening_no",
        "caveat",
        "refusal",
        "commit",
        "hedge",
        "support",
        "condition",
        "deflection",
    )
    cues = sorted(
        item.grading.evidence, key=lambda c: order.index(c.kind) if c.kind in order else len(order)
    )
    quotes = [f"«{c.span.text}»" for c in cues[:3]]
    return " ".join(quotes) or "—"


def _heading(analysis: Analysis) -> str:
    title = analysis.questionnaire.title or analysis.source
    who = f" — {analysis.respondent}" if analysis.respondent else ""
    themes = len(analysis.questionnaire.themes)
    return (
        f"{title}{who}\n{len(analysis.answers)} questions, {themes} themes"
        f" ({analysis.source_format or 'document'})"
    )


def render_table(analysis: Analysis, width: int | None = None) -> str:
    """A fixed-width table for a terminal: number, grade, confidence, key evidence."""
    width = width or shutil.get_terminal_size((110, 24)).columns
    evidence_width = max(30, width - 40)
    lines = [_heading(analysis), ""]
    lines.append(f"{'#':>3}  {'Grade':<17} {'Conf':>4}  {'Commit.':>7}  Key evidence")
    lines.append("-" * min(width, 40 + evidence_width))
    for item in analysis.answers:
        grading = item.grading
        wrapped = textwrap.wrap(_key_evidence(item), evidence_width) or ["—"]
        lines.append(
            f"{item.question.number:>3}  {grading.grade.label_fr:<17} "
            f"{grading.confidence:>4.2f}  {len(grading.commitments):>7}  {wrapped[0]}"
        )
        lines.extend(f"{'':>38}{more}" for more in wrapped[1:])
    lines.extend(["", *(f"! {w}" for w in analysis.warnings)])
    return "\n".join(lines).rstrip() + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(analysis: Analysis) -> str:
    title = analysis.questionnaire.title or analysis.source
    who = f" — {analysis.respondent}" if analysis.respondent else ""
    lines = [
        f"# {_cell(title)}{_cell(who)}",
        "",
        "| # | Question | Grade | Confidence | Key evidence | Commitments |",
        "|---:|---|---|---:|---|---|",
    ]
    for item in analysis.answers:
        commitments = "; ".join(c.what for c in item.grading.commitments) or "—"
        lines.append(
            f"| {item.question.number} | {_cell(textwrap.shorten(item.question.text, 80))} "
            f"| {item.grading.grade.label_fr} | {item.grading.confidence:.2f} "
            f"| {_cell(_key_evidence(item))} | {_cell(commitments)} |"
        )
    if analysis.warnings:
        lines.extend(["", *(f"- {w}" for w in analysis.warnings)])
    return "\n".join(lines) + "\n"
