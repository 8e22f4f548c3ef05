"""The published site: static files built from ``publication_data`` alone (no database).

``site_files(data)`` lists every file of the site, each with a function that renders its
bytes; ``build_site`` writes them all (atomically), and the live preview renders one of
them on demand, so the preview and the built site are the same bytes. Layout::

    index.html                     chooses the language (→ fr/index.html)
    fr/ en/                        index.html (overview grid), questions/<n>.html,
                                   candidates/<slug>.html, methodology.html, quiz.html
    data/                          publication.json, schema.json, answers.csv,
                                   candidates.csv, questions.csv
    assets/                        site.css, grades.css, site.js, quiz.js
    documents/                     the documents the lists sent back (when available), and
                                   evidence/ the tracker's evidence documents
    fr/tracker/ en/tracker/        the tracker, once results are recorded (tracker.py):
                                   index.html, <slug>.html, themes/ officials/ lists/, feed.xml
    share/fr/ share/en/            share images (candidate-<slug>.png, question-<n>.png)
    report-fr.pdf report-en.pdf    the printable report

Links are relative, so the site opens from ``file://`` and any static host. Nothing loads
from another site; there is no cookie, tracker or external font.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from veilleuse.publishing import images, pages, report, tracker
from veilleuse.publishing.opendata import opendata_files
from veilleuse.publishing.record import DocumentRecord, EvidenceDocument, Publication

LANGS = ("fr", "en")
# The site's assets, by name, and where the static files finder finds each.
ASSETS = {
    "site.css": "publishing/site.css",
    "grades.css": "veilleuse/grades.css",  # the same marks as the staff pages
    "site.js": "publishing/site.js",
    "quiz.js": "publishing/quiz.js",
}
QUIZ_TEMPLATE = "publishing/site/quiz.html"
# Documents copied as they are: those a browser shows without running anything.
DOCUMENT_SUFFIXES = frozenset({"txt", "md", "pdf", "docx", "odt", "eml"})
Renderer = Callable[[], bytes]


# The share images and the PDF reports are the slowest files of the site: the tests that do not
# look at them switch them off here, and the pages then do not link to them.
IMAGES_AND_REPORT = True


@dataclass(frozen=True)
class Extras:
    """The parts of the site that not every build has, decided once so that the pages link
    only to files that exist, in the build and in the preview alike."""

    images: bool = False
    report: bool = False
    documents: frozenset[str] = frozenset()
    evidence: frozenset[str] = frozenset()  # tracker: paths of the evidence documents copied


@dataclass(frozen=True)
class SiteReport:
    """What a build wrote."""

    out_dir: Path
    pages: int
    files: int
    size: int
    notes: tuple[str, ...] = field(default=())


def extras_available(data: Publication, documents_root: Path | None) -> Extras:
    return Extras(
        images=IMAGES_AND_REPORT,
        report=IMAGES_AND_REPORT,
        documents=frozenset(
            c["slug"] for c in data["candidates"] if _document_file(c["document"], documents_root)
        ),
        evidence=frozenset(
            document["path"]
            for document in (e["document"] for e in tracker.evidence_documents(data))
            if document and _document_file(document, documents_root)
        ),
    )


def _document_file(
    document: DocumentRecord | EvidenceDocument | None, root: Path | None
) -> Path | None:
    """The file of a list's document or of a piece of evidence, if it may be copied."""
    if root is None or not document:
        return None
    if document["path"].rsplit(".", 1)[-1].lower() not in DOCUMENT_SUFFIXES:
        return None  # an HTML or SVG document would run as a page of the site: not copied
    path = (root / document["source"]).resolve()
    # The source comes from our own storage; still, never read outside the media folder.
    if root.resolve() not in path.parents or not path.is_file():
        return None
    return path


def _page(template: str, lang: str, context: Callable[[], dict[str, Any]]) -> Renderer:
    """A renderer of one page; its context is computed in the page's language."""

    def render() -> bytes:
        with translation.override(lang):
            return render_to_string(template, context()).encode("utf-8")

    return render


def language_pages(data: Publication, lang: str, extras: Extras) -> dict[str, Renderer]:
    """Every HTML page of one language, by path in the site."""
    site = pages.SitePages(data, lang, extras)
    files: dict[str, Renderer] = {
        f"{lang}/index.html": _page("publishing/site/index.html", lang, site.overview),
        f"{lang}/methodology.html": _page(
            "publishing/site/methodology.html", lang, site.methodology
        ),
    }
    for question in data["questions"]:
        number = question["number"]
        files[f"{lang}/questions/{number}.html"] = _page(
            "publishing/site/question.html", lang, partial(site.question, number)
        )
    for candidate in data["candidates"]:
        slug = candidate["slug"]
        files[f"{lang}/candidates/{slug}.html"] = _page(
            "publishing/site/candidate.html", lang, partial(site.candidate, slug)
        )
    files[f"{lang}/quiz.html"] = _page(QUIZ_TEMPLATE, lang, site.quiz)
    # The tracker (tracker.py), once results are recorded.
    for path, (template, context) in tracker.tracker_pages(data, site).items():
        files[f"{lang}/{path}"] = _page(template, lang, context)
    return files


def asset_files() -> dict[str, Renderer]:
    files: dict[str, Renderer] = {}
    for name, static_path in ASSETS.items():
        found = finders.find(static_path)
        if found:
            files[f"assets/{name}"] = Path(found).read_bytes
    return files


def document_files(
    data: Publication, documents_root: Path | None, extras: Extras
) -> dict[str, Renderer]:
    files: dict[str, Renderer] = {}
    for candidate in data["candidates"]:
        document = candidate["document"]
        source = _document_file(document, documents_root)
        if document and source is not None and candidate["slug"] in extras.documents:
            files[document["path"]] = source.read_bytes
    for item in tracker.evidence_documents(data):  # the tracker's evidence, the same way
        evidence = item["document"]
        source = _document_file(evidence, documents_root)
        if evidence and source is not None and evidence["path"] in extras.evidence:
            files[evidence["path"]] = source.read_bytes
    return files


def site_files(
    data: Publication,
    *,
    documents_root: Path | None = None,
    extras: Extras | None = None,
    site_url: str | None = None,
) -> dict[str, Renderer]:
    """Every file of the site (share images and PDF aside), by path, with its renderer.
    ``site_url``, where the site will be hosted, only makes the tracker's feed links absolute."""
    extras = extras or extras_available(data, documents_root)
    files: dict[str, Renderer] = {
        "index.html": _page("publishing/site/choose_language.html", "fr", pages.choose_language),
    }
    for lang in LANGS:
        files.update(language_pages(data, lang, extras))
    files.update(opendata_files(data))
    files.update(asset_files())
    files.update(document_files(data, documents_root, extras))
    if data.get("tracker"):  # the tracker's Atom feeds (tracker.py)
        for lang in LANGS:
            files[f"{lang}/tracker/feed.xml"] = _feed(data, lang, site_url)
    return dict(sorted(files.items()))


def _feed(data: Publication, lang: str, site_url: str | None) -> Renderer:
    def render() -> bytes:
        with translation.override(lang):
            return tracker.feed_xml(data, lang, site_url)

    return render


# What the forked workers draw from: the record and the site's renderers, set before the pool
# forks, so that a 1,000-list record is not pickled once per job (and renderers need not pickle).
_SHARED: dict[str, Any] = {}
# Pages per job of the pool: enough to spread the pages over the cores, few enough that each
# job's overhead (one round trip to the worker) does not count.
PAGE_CHUNK = 40


def _generate(kind: str, lang: str, folder: str) -> int:
    data = _SHARED["data"]
    if kind == "images":
        images.share_images(data, Path(folder), lang)
    else:
        report.report_pdf(data, Path(folder) / f"report-{lang}.pdf", lang)
    return 0


def _generation_jobs(extras: Extras) -> list[tuple[str, str]]:
    kinds = [k for k, wanted in (("report", extras.report), ("images", extras.images)) if wanted]
    return [(kind, lang) for kind in kinds for lang in LANGS]


def _pool_workers() -> int:
    """Worker processes for a build: one per core, forked (0: build in this process)."""
    workers = os.cpu_count() or 1
    return workers if workers > 1 and "fork" in multiprocessing.get_all_start_methods() else 0


def _write_chunk(paths: list[str], staging: str, previous: str | None) -> int:
    """Render and write the pages ``paths`` (renderers from ``_SHARED``); a page whose bytes
    are those of the previous site's file is linked to that file, not written again."""
    files: dict[str, Renderer] = _SHARED["files"]
    for path in paths:
        _write_file(
            Path(staging) / path, files[path](), Path(previous) / path if previous else None
        )
    return len(paths)


def _write_file(target: Path, content: bytes, previous: Path | None) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if previous is not None and _same_bytes(previous, content):
        with contextlib.suppress(OSError):
            os.link(previous, target)  # unchanged: the published file stays as it was
            return
    target.write_bytes(content)


def _same_bytes(path: Path, content: bytes) -> bool:
    try:
        return path.stat().st_size == len(content) and path.read_bytes() == content
    except OSError:
        return False


def _keep_unchanged(staging: Path, previous: Path) -> None:
    """Put back the previous site's file wherever a generated file (share image, PDF) has the
    same bytes, so that a rebuild leaves unchanged files as they were (inode and date)."""
    for target in [*staging.glob("share/*/*"), *staging.glob("report-*.pdf")]:
        old = previous / target.relative_to(staging)
        unchanged = target.is_file() and old.is_file() and _same_bytes(old, target.read_bytes())
        if unchanged:
            link = target.with_name(f".{target.name}.unchanged")
            with contextlib.suppress(OSError):
                os.link(old, link)
                os.replace(link, target)


def generated_files(data: Publication, folder: Path, extras: Extras) -> list[str]:
    """Write the share images and PDF reports into ``folder``; returns notes for the report."""
    _SHARED["data"] = data
    try:
        for kind, lang in _generation_jobs(extras):
            _generate(kind, lang, str(folder))
    finally:
        _SHARED.clear()
    return _generation_notes(extras)


def _generation_notes(extras: Extras) -> list[str]:
    if extras.images and extras.report:
        return []
    return ["Share images and PDF report left out (publishing.build.IMAGES_AND_REPORT)."]


def generated_file(data: Publication, path: str) -> bytes | None:
    """One share image or PDF report, made on the fly (for the preview), or None."""
    extras = extras_available(data, None)
    wanted = path.startswith("share/") and extras.images
    wanted = wanted or (path.startswith("report-") and extras.report)
    if not wanted or ".." in path.split("/"):
        return None
    parts = path.split("/")
    if parts[0] == "share" and len(parts) == 3:
        # One image alone: a preview must not draw every list's card to show one.
        return images.share_image(data, parts[1], parts[2])
    with tempfile.TemporaryDirectory() as folder:
        generated_files(data, Path(folder), extras)
        target = Path(folder) / path
        return target.read_bytes() if target.is_file() else None


def build_site(
    data: Publication,
    out_dir: Path,
    *,
    documents_root: Path | None = None,
    site_url: str | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> SiteReport:
    """Write the site for ``data`` into ``out_dir``, replacing what was there only once the
    whole site is written: a failed build leaves ``out_dir`` as it was. Files are rendered by
    worker processes, one per core; a file whose bytes have not changed keeps the previous
    site's file. ``on_progress(done, total)`` counts the pages written (the progress bar)."""
    out_dir = Path(out_dir).absolute()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    extras = extras_available(data, documents_root)
    previous = out_dir if out_dir.is_dir() and not out_dir.is_symlink() else None
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.building-", dir=out_dir.parent))
    try:
        files = site_files(data, documents_root=documents_root, extras=extras, site_url=site_url)
        _SHARED.update(data=data, files=files)
        try:
            _run_jobs(extras, files, staging, previous, on_progress)
        finally:
            _SHARED.clear()
        if previous is not None:
            _keep_unchanged(staging, previous)
        staging.chmod(0o755)
        _swap(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return _summary(out_dir, notes=tuple(_generation_notes(extras)))


def _run_jobs(
    extras: Extras,
    files: dict[str, Renderer],
    staging: Path,
    previous: Path | None,
    on_progress: Callable[[int, int], None] | None,
) -> None:
    """The share images and PDF reports first (the longest jobs), then the pages by chunks:
    in a pool of forked workers, or here when there is one core."""
    paths = list(files)
    chunks = [paths[i : i + PAGE_CHUNK] for i in range(0, len(paths), PAGE_CHUNK)]
    old = str(previous) if previous else None
    jobs: list[tuple[Callable[..., int], tuple[Any, ...]]] = [
        (_generate, (kind, lang, str(staging))) for kind, lang in _generation_jobs(extras)
    ] + [(_write_chunk, (chunk, str(staging), old)) for chunk in chunks]
    advance = on_progress or (lambda done, total: None)
    done, workers = 0, _pool_workers()
    if not workers:
        for function, args in jobs:
            written = function(*args)
            if written:
                done += written
                advance(done, len(paths))
        return
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    try:
        futures = [pool.submit(function, *args) for function, args in jobs]
        for future in as_completed(futures):
            written = future.result()  # re-raises a worker's error here, in the build
            if written:
                done += written
                advance(done, len(paths))
    finally:
        # Let the workers stop before the staging folder can go away under them.
        pool.shutdown(wait=True, cancel_futures=True)


def _swap(staging: Path, out_dir: Path) -> None:
    """Put ``staging`` in the place of ``out_dir`` (two renames; the old site is removed
    only after the new one is in place)."""
    old = None
    if out_dir.exists() or out_dir.is_symlink():
        old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
        os.replace(out_dir, old / "site")
    os.replace(staging, out_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def site_summary(out_dir: Path) -> SiteReport | None:
    """Pages, files and size of a built site, or None when there is none."""
    out_dir = Path(out_dir)
    if not (out_dir / "index.html").is_file():
        return None
    return _summary(out_dir)


def _summary(out_dir: Path, *, notes: tuple[str, ...] = ()) -> SiteReport:
    files = [path for path in out_dir.rglob("*") if path.is_file()]
    return SiteReport(
        out_dir=out_dir,
        pages=sum(1 for path in files if path.suffix == ".html"),
        files=len(files),
        size=sum(path.stat().st_size for path in files),
        notes=notes,
    )
