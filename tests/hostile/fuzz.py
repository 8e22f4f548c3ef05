"""Hostile documents for the engine: random bytes under every extension, real replies with
bytes flipped, cut or inserted, and Office containers whose XML was mutated inside a valid ZIP.

Used by ``test_readers_fuzz.py`` (a few hundred examples, in-process and in a memory-capped
child) and by ``make fuzz`` (``python -m tests.hostile.fuzz --examples N``, thousands)::

    every document is read, segmented, aligned and graded, or refused with an AnalysisError,
    within GUARD_SECONDS, and never anything else.
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import signal
import sys
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from veilleuse.analysis import AnalysisError, analyse_document, read_bytes
from veilleuse.analysis.readers import supported_extensions

GUARD_SECONDS = 5
MEMORY_LIMIT_BYTES = 1536 * 1024 * 1024
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "documents"
SEEDS = sorted(p for p in FIXTURES.iterdir() if p.is_file())
CONTAINERS = {"seed.docx": "word/document.xml", "seed.odt": "content.xml"}
EXTENSIONS = [*supported_extensions(), ".bin", ""]


class TooSlow(Exception):
    """A document took longer than GUARD_SECONDS: a hang, as far as a person can tell."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    def expire(signum: int, frame: Any) -> None:
        raise TooSlow(f"more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def handle(data: bytes, name: str) -> str:
    """What the platform does with an upload: ``"analysed"`` or ``"refused"``; anything else
    (another exception, TooSlow) propagates and fails the run."""
    with time_limit(GUARD_SECONDS):
        try:
            document = read_bytes(data, name)
            analysis = analyse_document(document)
        except AnalysisError as error:
            if not str(error).strip():
                raise AssertionError("an AnalysisError must say something") from error
            return "refused"
        for item in analysis.answers:
            for cue in item.grading.evidence:
                # The engine never invents text: every quote is a slice of the answer.
                assert item.answer[cue.span.start : cue.span.end] == cue.span.text
        return "analysed"


# Strategies.


@st.composite
def mutated(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` with a few bytes flipped, a slice cut out, random bytes inserted or a tail lost."""
    result = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        if not result:
            break
        at = draw(st.integers(0, len(result) - 1))
        kind = draw(st.sampled_from(["flip", "cut", "insert", "truncate", "repeat"]))
        if kind == "flip":
            result[at] ^= draw(st.integers(1, 255))
        elif kind == "cut":
            del result[at : at + draw(st.integers(1, 64))]
        elif kind == "insert":
            result[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif kind == "truncate":
            del result[at:]
        else:
            result[at:at] = result[at : at + draw(st.integers(1, 256))] * draw(st.integers(2, 50))
    return bytes(result)


def _rezip(original: bytes, member: str, replacement: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            body = replacement if info.filename == member else source.read(info.filename)
            target.writestr(info, body, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


@st.composite
def random_files(draw: st.DrawFn) -> tuple[bytes, str]:
    return draw(st.binary(max_size=4096)), "upload" + draw(st.sampled_from(EXTENSIONS))


@st.composite
def mutated_fixtures(draw: st.DrawFn) -> tuple[bytes, str]:
    seed = draw(st.sampled_from(SEEDS))
    name = draw(st.sampled_from([seed.name, "upload" + seed.suffix, "upload"]))
    return draw(mutated(seed.read_bytes())), name


@st.composite
def mutated_containers(draw: st.DrawFn) -> tuple[bytes, str]:
    """A valid ZIP whose main XML part is damaged: reaches the XML parsers, not just the CRC."""
    seed_name = draw(st.sampled_from(sorted(CONTAINERS)))
    original = (FIXTURES / seed_name).read_bytes()
    member = CONTAINERS[seed_name]
    with zipfile.ZipFile(io.BytesIO(original)) as archive:
        xml = archive.read(member)
    return _rezip(original, member, draw(mutated(xml))), seed_name


HOSTILE_DOCUMENTS = st.one_of(random_files(), mutated_fixtures(), mutated_containers())


def fuzz(examples: int, outcomes: Counter[str] | None = None) -> Counter[str]:
    """Run ``examples`` hostile documents through ``handle``; return how each ended."""
    seen: Counter[str] = outcomes if outcomes is not None else Counter()

    @settings(
        max_examples=examples,
        deadline=None,  # time_limit is the guard; hypothesis' deadline would flake on a busy box
        database=None,
        suppress_health_check=list(HealthCheck),
        derandomize=False,
    )
    @given(HOSTILE_DOCUMENTS)
    def run(case: tuple[bytes, str]) -> None:
        seen[handle(*case)] += 1

    run()
    return seen


def limit_memory(limit: int = MEMORY_LIMIT_BYTES) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return apply


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.hostile.fuzz")
    parser.add_argument("--examples", type=int, default=2000)
    parser.add_argument("--memory-mb", type=int, default=MEMORY_LIMIT_BYTES // (1024 * 1024))
    args = parser.parse_args()
    limit_memory(args.memory_mb * 1024 * 1024)()
    started = time.monotonic()
    outcomes = fuzz(args.examples)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    summary = {
        "examples": sum(outcomes.values()),
        **outcomes,
        "seconds": round(time.monotonic() - started, 1),
        "peak_mib": round(peak),
    }
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
