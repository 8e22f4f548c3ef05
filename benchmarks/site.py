"""The published site: page weight of the demo, and a build of 1,000 lists × 30 questions.

``bench_site()`` returns the Markdown section between the site markers of docs/benchmarks.md:

- **page weight**: the demo campaign is published (a throwaway test database, the demo data,
  ``publication_data``, ``build_site``), then for the overview and the quiz the HTML plus the
  CSS and JavaScript it loads are summed, raw and gzip-compressed (what a static host sends),
  against the targets 150 KB and 250 KB;
- **scale**: a synthetic record of 1,000 lists × 30 questions, made from the demo's own
  record (its questions, answers, evidence and dates repeated, with grades, review states and
  non-answering lists spread over the lists — no database: the record is the builder's only
  input), is built by ``build_site`` in a child process; wall time and peak memory (the
  child's maximum resident set, ``getrusage(RUSAGE_CHILDREN)``) against the targets 2 min and
  1 GB, beside a baseline measured in the same run: a child that reads the same record and
  writes the same number of files with the same sizes, without any template.
"""

from __future__ import annotations

import gzip
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.throwaway import throwaway_database

START, END = "<!-- bench:site:start -->", "<!-- bench:site:end -->"
ROOT = Path(__file__).resolve().parent.parent
TARGETS_KB = {"overview": 150, "quiz": 250}
GRADES = ("yes", "rather_yes", "noncommittal", "rather_no", "no", "no_answer")
ASSET = re.compile(
    r"<(?:link[^>]*\brel=\"stylesheet\"[^>]*\bhref|script[^>]*\bsrc)=\"([^\"]+)\"", re.I
)

# Run as ``python -c _WRAPPER <child args>``: runs the child, reports its peak memory.
_WRAPPER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
subprocess.run(sys.argv[1:], check=True)
print(json.dumps({"wall": time.perf_counter() - start,
                  "peak_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""

_BUILD = """
import json, os, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veilleuse.settings")
import django
django.setup()
from veilleuse.publishing import build
record, out, skipped = sys.argv[1], sys.argv[2], sys.argv[3:]
if skipped:  # the same build without the share images and the PDF reports
    build.IMAGES_AND_REPORT = False
with open(record, encoding="utf-8") as handle:
    data = json.load(handle)
start = time.perf_counter()
report = build.build_site(data, out)
print(json.dumps({"build": time.perf_counter() - start, "files": report.files,
                  "size": report.size}), file=sys.stderr)
"""

_BASELINE = """
import json, os, sys, time
record, manifest, out = sys.argv[1:4]
with open(record, encoding="utf-8") as handle:
    data = json.load(handle)
with open(manifest, encoding="utf-8") as handle:
    sizes = json.load(handle)
start = time.perf_counter()
for path, size in sizes.items():
    target = os.path.join(out, path)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "wb") as handle:
        handle.write(b"x" * size)
print(json.dumps({"build": time.perf_counter() - start}), file=sys.stderr)
"""


def _setup_django(data_dir: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veilleuse.settings")
    os.environ.setdefault("VEILLEUSE_PROFILE", "test")
    os.environ.setdefault("VEILLEUSE_DATA_DIR", data_dir)
    import django

    django.setup()


def demo_site(out: Path) -> dict[str, Any]:
    """Publish the demo campaign into ``out`` (in a throwaway database); its record."""
    from veilleuse.demo import demo_load
    from veilleuse.publishing.build import build_site
    from veilleuse.publishing.selectors import publication_data

    with throwaway_database():
        data = publication_data(demo_load().campaign)
        build_site(data, out)
        return data


def page_weight(site: Path, page: str) -> dict[str, int]:
    """Bytes of ``page`` and of the CSS and JS it loads, raw and each gzip-compressed."""
    html = (site / page).read_bytes()
    files = [site / page]
    for href in ASSET.findall(html.decode("utf-8")):
        files.append((site / page).parent / href)
    raw = sum(f.stat().st_size for f in files)
    packed = sum(len(gzip.compress(f.read_bytes(), compresslevel=6)) for f in files)
    return {"raw": raw, "gzip": packed, "files": len(files)}


SCORES = {"yes": 2, "rather_yes": 1, "noncommittal": 0, "rather_no": -1, "no": -2}


def scaled_record(data: dict[str, Any], *, lists: int, questions: int) -> dict[str, Any]:
    """The demo's record grown to ``lists`` lists × ``questions`` questions: one list in ten
    never contacted, two in ten contacted without answering, the others answered with
    grades spread over the scale (``no_answer`` included) and one answer in 17 pending."""
    asked = [
        {**q, "number": n, "key": f"q{n}"}
        for n, q in enumerate(
            (data["questions"][i % len(data["questions"])] for i in range(questions)), 1
        )
    ]
    reviewed = [a for a in data["answers"] if a["status"] == "reviewed"]
    model = next(c for c in data["candidates"] if c["status"] == "answered")
    silent = next(c for c in data["candidates"] if c["status"] != "answered")
    candidates, answers = [], []
    for i in range(lists):
        candidate = _scaled_list(i, model if i % 10 > 2 else silent)
        candidates.append(candidate)
        if i % 10 > 2:
            answers += _scaled_answers(i, candidate["slug"], asked, reviewed)
    return {**data, "questions": asked, "candidates": candidates, "answers": answers}


def _scaled_list(i: int, base: dict[str, Any]) -> dict[str, Any]:
    kind = i % 10
    return {
        **base,
        "id": i + 1,
        "slug": f"liste-{i:04d}-{i + 1}",
        "name": f"Liste {i:04d}",
        "party": f"Parti {'ABCDEFGHIJKL'[i % 12]}",
        "territory": f"Paris {i % 20 + 1}e",
        "status": "answered" if kind > 2 else ("not_invited" if kind == 0 else "invited"),
        "contacts": [] if kind == 0 else base["contacts"],
        "document": None,
    }


def _scaled_answers(
    i: int, slug: str, asked: list[dict[str, Any]], reviewed: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    answers: list[dict[str, Any]] = []
    for q in asked:
        answer = reviewed[(q["number"] - 1) % len(reviewed)]
        if (i + q["number"]) % 17 == 0:
            answers.append({"candidate": slug, "question": q["number"], "status": "pending"})
            continue
        grade = GRADES[(i * 7 + q["number"]) % len(GRADES)]
        answers.append(
            {**answer, "candidate": slug, "question": q["number"], "grade": grade}
            | {"score": SCORES.get(grade)}
        )
    return answers


def _child(script: str, *args: str) -> dict[str, Any]:
    command = [sys.executable, "-c", _WRAPPER, sys.executable, "-c", script, *args]
    done = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT)
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    measured.update(json.loads(done.stderr.strip().splitlines()[-1]))
    return dict(measured)


def _scale_run(data: dict[str, Any], tmp: Path, lists: int, questions: int) -> dict[str, Any]:
    record = tmp / "record.json"
    record.write_text(json.dumps(scaled_record(data, lists=lists, questions=questions)))
    out = tmp / "scaled"
    skipped: list[str] = []
    try:
        built = _child(_BUILD, str(record), str(out))
    except subprocess.CalledProcessError as error:
        # The share images or the PDF failing must not hide the site's own figures.
        skipped = ["images", "report"]
        built = _child(_BUILD, str(record), str(out), *skipped)
        built["error"] = (error.stderr or "").strip().splitlines()[-1:]
    sizes = {p.relative_to(out).as_posix(): p.stat().st_size for p in out.rglob("*") if p.is_file()}
    manifest = tmp / "manifest.json"
    manifest.write_text(json.dumps(sizes))
    baseline = _child(_BASELINE, str(record), str(manifest), str(tmp / "baseline"))
    pages = sum(1 for path in sizes if path.endswith(".html"))
    # Where the time goes: the same build without the share images and the PDF reports.
    pages_only = _child(_BUILD, str(record), str(tmp / "pages-only"), "images", "report")
    return {
        "built": built,
        "pages_only": pages_only,
        "baseline": baseline,
        "skipped": skipped,
        "pages": pages,
        "quiz": page_weight(out, "fr/quiz.html"),
    }


def bench_site(lists: int = 1000, questions: int = 30) -> str:
    """Measure, and return the Markdown section between the site markers."""
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        _setup_django(str(tmp / "data"))
        data = demo_site(tmp / "demo")
        weights = {
            "overview": page_weight(tmp / "demo", "fr/index.html"),
            "quiz": page_weight(tmp / "demo", "fr/quiz.html"),
        }
        scale = _scale_run(data, tmp, lists, questions)
    return _section(weights, scale, lists, questions)


def _kb(size: int) -> str:
    return f"{size / 1024:,.1f}"


def _section(weights: dict[str, Any], scale: dict[str, Any], lists: int, questions: int) -> str:
    now = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    return "\n".join(
        [
            START,
            f"Measured {now} on {platform.machine()} ({os.cpu_count()} cores, Python "
            f"{platform.python_version()}) by `make bench`.",
            "",
            *_weight_lines(weights),
            "",
            *_scale_lines(scale, lists, questions),
            END,
        ]
    )


def _weight_lines(weights: dict[str, Any]) -> list[str]:
    return [
        "Page weight of the demo site: the page plus the CSS and JavaScript it loads, each "
        "file gzip-compressed as a static host would send it.",
        "",
        "| page | files | raw (KB) | gzip (KB) | target (KB) | within |",
        "|---|---:|---:|---:|---:|---|",
        *(
            f"| {name} (`fr/{'index' if name == 'overview' else 'quiz'}.html`) | {w['files']} "
            f"| {_kb(w['raw'])} | {_kb(w['gzip'])} | {TARGETS_KB[name]} "
            f"| {'yes' if w['gzip'] <= TARGETS_KB[name] * 1024 else '**no**'} |"
            for name, w in weights.items()
        ),
    ]


def _scale_lines(scale: dict[str, Any], lists: int, questions: int) -> list[str]:
    built, base, only = scale["built"], scale["baseline"], scale["pages_only"]
    skipped = (
        f" Share images and PDF report left out: the complete build failed ({built['error']})."
        if scale["skipped"]
        else " Share images and PDF reports included, as `build_site` writes them."
    )
    return [
        f"Build of a synthetic record of {lists:,} lists × {questions} questions (the demo's "
        "record repeated, grades and states spread over the lists) by `build_site` in a "
        f"child process: {scale['pages']:,} pages, {built['files']:,} files, "
        f"{built['size'] / 2**20:,.0f} MiB.{skipped}",
        "",
        "| run | wall time (s) | of which the build or write call (s) | peak memory (MiB) |",
        "|---|---:|---:|---:|",
        f"| baseline: the same files and sizes, no template | {base['wall']:.1f} "
        f"| {base['build']:.1f} | {base['peak_mib']:.0f} |",
        f"| `build_site` | {built['wall']:.1f} | {built['build']:.1f} | {built['peak_mib']:.0f} |",
        f"| `build_site` without share images and PDF | {only['wall']:.1f} "
        f"| {only['build']:.1f} | {only['peak_mib']:.0f} |",
        "",
        f"Targets: under 120 s and under 1,024 MiB. The build costs "
        f"{built['wall'] / max(base['wall'], 1e-9):,.0f}× the bare writing of its files. At "
        f"this scale the quiz page weighs {_kb(scale['quiz']['raw'])} KB raw, "
        f"{_kb(scale['quiz']['gzip'])} KB gzip-compressed (its tables hold every grade).",
    ]


if __name__ == "__main__":
    print(bench_site())
