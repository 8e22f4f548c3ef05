"""The published site, built from the public record alone: complete, light, safe to host."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from veilleuse.demo import demo_load
from veilleuse.publishing import build
from veilleuse.publishing.build import build_site, site_files
from veilleuse.publishing.pages import script_json
from veilleuse.publishing.selectors import publication_data
from veilleuse.publishing.templatetags.publishing_site import highlight

pytestmark = pytest.mark.django_db

HOSTILE_NAME = "<script>alert(1)</script>"
ARABIC = "نحن ندعم هذا المطلب بالكامل."
LONG_WORD = "a" * 300
QUIZ_DATA = re.compile(r'<script type="application/json" id="quiz-data">(.*?)</script>', re.S)
HOSTILE_TEXT = f"</textarea><img src=x onerror=alert(1)> {ARABIC} {LONG_WORD}"


@pytest.fixture
def data() -> dict[str, Any]:
    return publication_data(demo_load().campaign)


@pytest.fixture(autouse=True)
def _without_images_and_report(request: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Share images and the PDF are the other modules' business (and slow): left out here,
    except in the tests marked ``slow``."""
    if "slow" not in request.keywords:
        monkeypatch.setattr(build, "IMAGES_AND_REPORT", False)


def build_into(data: dict[str, Any], out: Path) -> build.SiteReport:
    return build_site(data, out, documents_root=Path(settings.MEDIA_ROOT))


def hostile(data: dict[str, Any]) -> dict[str, Any]:
    """The demo record, with a list named like a script and an answer full of traps."""
    data = copy.deepcopy(data)
    answer = next(a for a in data["answers"] if a["status"] == "reviewed")
    candidate = next(c for c in data["candidates"] if c["slug"] == answer["candidate"])
    candidate["name"] = HOSTILE_NAME
    answer["text"] = HOSTILE_TEXT
    answer["evidence"] = [{"kind": "support", "start": 0, "end": 11, "text": "</textarea>"}]
    answer["commitments"] = [{"what": HOSTILE_NAME, "text": HOSTILE_NAME}]
    data["questions"][0]["text"] = "</script><script>alert(2)</script>"
    return data


def test_the_site_holds_every_page_and_the_open_data(data: dict[str, Any], tmp_path: Path) -> None:
    report = build_into(data, tmp_path / "site")
    site = report.out_dir
    expected = ["index.html", "assets/site.css", "assets/site.js", "data/publication.json"]
    expected += ["data/schema.json", "data/answers.csv", "data/candidates.csv"]
    expected += [
        "data/questions.csv",
        "documents/" + data["candidates"][0]["document"]["path"][10:],
    ]
    for lang in ("fr", "en"):
        expected += [f"{lang}/index.html", f"{lang}/methodology.html"]
        expected += [f"{lang}/questions/{n}.html" for n in range(1, 11)]
        expected += [f"{lang}/candidates/{c['slug']}.html" for c in data["candidates"]]
    missing = [path for path in expected if not (site / path).is_file()]
    assert not missing
    assert report.pages >= 2 * (2 + 10 + 3) + 1
    assert json.loads((site / "data/publication.json").read_text(encoding="utf-8")) == data
    assert "url=fr/index.html" in (site / "index.html").read_text(encoding="utf-8")


def test_the_overview_shows_every_list_with_grades_in_colour_symbol_and_word(
    data: dict[str, Any], tmp_path: Path
) -> None:
    site = build_into(data, tmp_path / "site").out_dir
    page = (site / "fr" / "index.html").read_text(encoding="utf-8")
    for name in ("Emmanuel Grégoire", "Liste démo A", "Liste démo B"):
        assert name in page
    assert 'class="grade grade-yes">Oui<' in page
    assert "grade-no_answer" in page
    assert "15 janvier 2026" in page  # the demo lists were contacted, and it shows
    assert len(page.encode()) < 150_000
    css = (site / "assets" / "site.css").read_text(encoding="utf-8")
    assert "overflow-wrap:anywhere" in css
    grades = (site / "assets" / "grades.css").read_text(encoding="utf-8")
    assert '.grade-yes::before{content:"✓✓"' in grades, "the grade marks reach the site"
    assert "assets/grades.css" in page
    assert len((site / "assets" / "site.js").read_bytes()) < 10_000


def test_pages_carry_their_language_and_the_answers_keep_theirs(
    data: dict[str, Any], tmp_path: Path
) -> None:
    site = build_into(data, tmp_path / "site").out_dir
    for lang in ("fr", "en"):
        for page in (site / lang).rglob("*.html"):
            assert f'<html lang="{lang}">' in page.read_text(encoding="utf-8"), page
    english = (site / "en" / "questions" / "2.html").read_text(encoding="utf-8")
    assert '<div class="answer-text" lang="fr" dir="auto">' in english
    assert "Yes</span>" in english


def test_a_pending_answer_shows_no_text_anywhere(data: dict[str, Any], tmp_path: Path) -> None:
    answer = next(a for a in data["answers"] if a["question"] == 2)
    text = answer["text"]
    for key in list(answer):
        if key not in {"candidate", "question"}:
            del answer[key]
    answer["status"] = "pending"
    site = build_into(data, tmp_path / "site").out_dir
    pages = [p.read_text(encoding="utf-8") for p in site.rglob("*.html")]
    assert not any(text[:60] in page for page in pages)
    assert "grade-pending" in (site / "fr" / "questions" / "2.html").read_text(encoding="utf-8")


def test_evidence_is_highlighted_by_offsets_and_the_rest_escaped() -> None:
    # The second span ends past the text: dropped, never stretched.
    spans = [{"start": 0, "end": 5, "text": "<b>Ou"}, {"start": 3, "end": 100}]
    expected = '<mark class="ev-evidence">&lt;b&gt;Ou</mark>i&lt;/b&gt;'
    assert highlight("<b>Oui</b>", spans) == expected
    wrong = [{"start": 0, "end": 3, "text": "Non"}]
    assert highlight("Oui, bien sûr", wrong) == "Oui, bien sûr"


def test_what_a_list_typed_cannot_break_or_script_the_pages(
    data: dict[str, Any], tmp_path: Path
) -> None:
    site = build_into(hostile(data), tmp_path / "site").out_dir
    for page in site.rglob("*.html"):
        html, quiz_data = without_quiz_data(page.read_text(encoding="utf-8"))
        assert "</" not in quiz_data, page
        assert "<script>alert" not in html, page
        assert "<img src=x" not in html, page
        assert "</textarea><" not in html, page
    candidate = next((site / "en" / "candidates").glob("*.html")).read_text(encoding="utf-8")
    overview = (site / "en" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in overview
    question = (site / "en" / "questions" / "1.html").read_text(encoding="utf-8")
    assert '<mark class="ev-support">&lt;/textarea&gt;</mark>&lt;img src=x' in question
    assert ARABIC in question
    assert LONG_WORD in question
    assert 'dir="auto"' in question
    assert "<bdi>" in candidate + overview


def without_quiz_data(html: str) -> tuple[str, str]:
    """The page without the quiz's JSON data block, and that block (checked apart: inside
    it, ``<script>`` is inert text once ``</`` and ``<!--`` are escaped)."""
    found = QUIZ_DATA.search(html)
    if not found:
        return html, ""
    return html[: found.start(1)] + html[found.end(1) :], found.group(1)


def test_the_quiz_data_cannot_close_its_script_element() -> None:
    text = script_json({"name": "</script><script>alert(1)</script>", "note": "<!--"})
    assert "</" not in text
    assert "<!--" not in text
    assert "<\\/script>" in text
    assert json.loads(text)["name"] == "</script><script>alert(1)</script>"


def test_the_quiz_page_is_rendered_with_its_data(data: dict[str, Any], tmp_path: Path) -> None:
    site = build_into(hostile(data), tmp_path / "site").out_dir
    page = (site / "fr" / "quiz.html").read_text(encoding="utf-8")
    html, quiz_data = without_quiz_data(page)
    assert quiz_data, "the quiz page holds its data"
    quiz = json.loads(quiz_data)
    assert HOSTILE_NAME in {c["name"] for c in quiz["candidates"]}
    assert "<\\/script>" in quiz_data
    assert "</" not in quiz_data
    assert "<script>alert" not in html


@pytest.mark.slow
def test_the_same_record_gives_the_same_bytes(data: dict[str, Any], tmp_path: Path) -> None:
    first = build_into(data, tmp_path / "one").out_dir
    second = build_into(data, tmp_path / "two").out_dir
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for path in files:
        assert (first / path).read_bytes() == (second / path).read_bytes(), path


@pytest.mark.parametrize("workers", [0, 2])  # in this process, or a page failing in a worker
def test_a_failed_build_leaves_the_previous_site_untouched(
    data: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    monkeypatch.setattr(build, "_pool_workers", lambda: workers)
    out = tmp_path / "site"
    build_into(data, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    real = build.site_files

    def failing(*args: Any, **kwargs: Any) -> dict[str, Any]:
        files = real(*args, **kwargs)
        files["fr/methodology.html"] = lambda: 1 / 0
        return files

    monkeypatch.setattr(build, "site_files", failing)
    data["campaign"]["title"] = "Changed"
    with pytest.raises(ZeroDivisionError):
        build_into(data, out)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no half-written folder left


def test_a_rebuild_replaces_the_whole_site(data: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_into(data, out)
    (out / "stale.html").write_text("old", encoding="utf-8")
    build_into(data, out)
    assert not (out / "stale.html").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_the_preview_and_the_build_list_the_same_files(
    data: dict[str, Any], tmp_path: Path
) -> None:
    site = build_into(data, tmp_path / "site").out_dir
    listed = set(site_files(data, documents_root=Path(settings.MEDIA_ROOT)))
    written = {str(p.relative_to(site)) for p in site.rglob("*") if p.is_file()}
    generated = {p for p in written if p.startswith(("share/", "report-"))}
    assert listed == written - generated


def test_addresses_in_questions_become_links_and_everything_else_stays_escaped() -> None:
    from veilleuse.publishing.templatetags.publishing_site import bare_addresses, links

    text = "Voir <https://example.org/a?b=1&c=2> et <b>ceci</b>.\nFin"
    html = str(links(text))
    assert '<a href="https://example.org/a?b=1&amp;c=2" rel="nofollow">' in html
    assert "&lt;b&gt;ceci&lt;/b&gt;" in html
    assert "&lt;https" not in html
    assert "<br>Fin" in html
    assert bare_addresses("Voir <https://example.org/x>.") == "Voir https://example.org/x."


def site_bytes(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.mark.slow
def test_the_workers_build_the_same_bytes_as_one_process(
    data: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(build, "PAGE_CHUNK", 3)  # many jobs, spread over the workers
    monkeypatch.setattr(build, "_pool_workers", lambda: 2)
    pooled = site_bytes(build_into(data, tmp_path / "pooled").out_dir)
    monkeypatch.setattr(build, "_pool_workers", lambda: 0)
    alone = site_bytes(build_into(data, tmp_path / "alone").out_dir)
    assert any(path.startswith("share/") for path in pooled)
    assert "report-fr.pdf" in pooled
    assert pooled.keys() == alone.keys()
    assert [path for path in pooled if pooled[path] != alone[path]] == []


@pytest.mark.slow
def test_a_rebuild_with_nothing_changed_writes_no_file(
    data: dict[str, Any], tmp_path: Path
) -> None:
    def files(site: Path) -> dict[str, tuple[int, int]]:
        stats = {str(p.relative_to(site)): p.stat() for p in site.rglob("*") if p.is_file()}
        return {path: (stat.st_ino, stat.st_mtime_ns) for path, stat in stats.items()}

    site = build_into(data, tmp_path / "site").out_dir
    before = files(site)
    assert files(build_into(data, site).out_dir) == before  # every file kept as it was
    data["campaign"]["title"] = "Un autre titre"
    after = files(build_into(data, site).out_dir)
    changed = {path for path in before if after[path] != before[path]}
    assert "fr/index.html" in changed
    assert "report-fr.pdf" in changed
    assert "assets/site.css" not in changed
