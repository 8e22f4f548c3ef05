"""The PDF report: valid, complete, safe with hostile text, and fit for 1,000 lists."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from veilleuse.publishing.report import StreamedStory, report_pdf
from veilleuse.publishing.tests.test_images import record

needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed"
)


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def synthetic(candidates: int, questions: int) -> dict[str, Any]:
    """A large record: every list answered every question with a paragraph."""
    data = record(candidates, questions)
    codes = ["yes", "rather_yes", "noncommittal", "rather_no", "no"]
    data["answers"] = [
        {
            "candidate": c["slug"],
            "question": q["number"],
            "status": "reviewed",
            "grade": codes[(i + q["number"]) % 5],
            "text": "Nous étudierons la question avec les associations.",
            "commitments": [],
        }
        for i, c in enumerate(data["candidates"])
        for q in data["questions"]
    ]
    for candidate in data["candidates"]:
        candidate["status"] = "answered"
    return data


def test_the_report_is_a_pdf(tmp_path: Path) -> None:
    path = report_pdf(record(), tmp_path / "out" / "report.pdf", "fr")
    assert path == tmp_path / "out" / "report.pdf"
    assert path.read_bytes().startswith(b"%PDF")


def test_the_same_data_gives_the_same_pdf(tmp_path: Path) -> None:
    first = report_pdf(record(), tmp_path / "a.pdf", "fr").read_bytes()
    assert report_pdf(record(), tmp_path / "b.pdf", "fr").read_bytes() == first


@needs_pdftotext
def test_the_report_holds_title_method_grid_answers_and_contacts(tmp_path: Path) -> None:
    data = record()
    data["answers"][0]["commitments"] = [{"text": "100 nouveaux lieux de soins"}]
    text = pdf_text(report_pdf(data, tmp_path / "r.pdf", "en"))
    for expected in (
        "Questionnaire TDS",
        "Collectif démo",
        "Method",
        "+2",
        "never counted as 0",
        "Overview",
        "Liste 1",
        "Question numéro 1 ?",
        "Oui.",
        "100 nouveaux lieux de soins",
        "Who was asked, and when",
        "Page 2",
    ):
        assert expected in text, expected


@needs_pdftotext
def test_french_words_accents_and_guillemets_survive(tmp_path: Path) -> None:
    data = record()
    data["questions"][0]["text"] = "« Êtes-vous prêt·e ? » — l’été"
    text = pdf_text(report_pdf(data, tmp_path / "r.pdf", "fr"))
    assert "« Êtes-vous prêt·e ? » — l’été" in text
    assert "Plutôt oui" in text
    assert "Pas de réponse" in text


@needs_pdftotext
def test_hostile_text_is_printed_not_interpreted(tmp_path: Path) -> None:
    data = record()
    data["candidates"][0]["name"] = "<b>Gras</b> & <script>alert(1)</script>"
    data["answers"][0]["text"] = "A & B <i>non</i> <para> 🎉 中文 " + "z" * 500
    text = pdf_text(report_pdf(data, tmp_path / "r.pdf", "fr"))
    assert "<b>Gras</b> & <script>alert(1)</script>" in text
    assert "A & B <i>non</i> <para> ? ??" in text


@pytest.mark.slow
@needs_pdftotext
def test_two_hundred_lists_by_thirty_questions_build(tmp_path: Path) -> None:
    data = synthetic(200, 30)
    path = report_pdf(data, tmp_path / "big.pdf", "fr")
    assert path.read_bytes().startswith(b"%PDF")
    text = pdf_text(path)
    assert "Questionnaire TDS" in text
    assert "Liste 199" in text
    assert "Q30" in text


def test_the_streamed_story_behaves_like_the_list_platypus_expects() -> None:
    story = StreamedStory(iter(range(20)))  # type: ignore[arg-type]
    assert story[0] == 0
    del story[0]
    story.insert(0, "split")
    story[0:0] = ["a", "b"]
    assert story[:4] == ["a", "b", "split", 1]
    del story[:3]
    remaining = []
    while len(story):
        remaining.append(story[0])
        del story[0]
    assert remaining == list(range(1, 20))


@pytest.mark.django_db
@needs_pdftotext
def test_the_demo_campaign_gets_its_report(tmp_path: Path) -> None:
    from veilleuse.demo import demo_load
    from veilleuse.publishing.selectors import publication_data

    data = publication_data(demo_load().campaign)
    text = pdf_text(report_pdf(data, tmp_path / "demo.pdf", "fr"))
    assert data["campaign"]["title"] in text
    assert "Emmanuel Grégoire" in text
    assert "Liste démo A" in text
