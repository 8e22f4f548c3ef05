"""Every document reader, fed hostile files: a result or one sentence, never a crash, a hang
or a runaway process (tests/hostile/fuzz.py makes the files; ``make fuzz`` runs thousands)."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from tests.hostile.fuzz import (
    GUARD_SECONDS,
    TooSlow,
    handle,
    mutated_containers,
    mutated_fixtures,
    random_files,
    time_limit,
)
from veilleuse.analysis import UnreadableDocument, read_bytes

ROOT = Path(__file__).resolve().parents[2]
QUICK = settings(
    max_examples=60, deadline=None, database=None, suppress_health_check=list(HealthCheck)
)


@QUICK
@given(random_files())
def test_random_bytes_under_any_extension_are_read_or_refused(case: tuple[bytes, str]) -> None:
    assert handle(*case) in {"analysed", "refused"}


@QUICK
@given(mutated_fixtures())
def test_real_replies_with_damaged_bytes_are_read_or_refused(case: tuple[bytes, str]) -> None:
    assert handle(*case) in {"analysed", "refused"}


@QUICK
@given(mutated_containers())
def test_office_files_with_damaged_xml_are_read_or_refused(case: tuple[bytes, str]) -> None:
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert handle(*case) in {"analysed", "refused"}
    # A parser that prints the document it failed on would put a reply into the server logs.
    assert printed.getvalue() == ""


def spin_forever() -> None:
    while True:
        pass


def test_the_guard_really_stops_a_document_that_hangs() -> None:
    started = time.monotonic()
    with pytest.raises(TooSlow), time_limit(0.2):
        spin_forever()
    assert time.monotonic() - started < 1


def zip_bomb(member: str, size: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open(member, "w", force_zip64=True) as handle:
            block = b"\0" * (1024 * 1024)
            for _ in range(size // len(block)):
                handle.write(block)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "member"), [("bomb.docx", "word/document.xml"), ("bomb.odt", "content.xml")]
)
def test_a_zip_bomb_is_refused_from_its_directory_without_being_unpacked(
    name: str, member: str
) -> None:
    bomb = zip_bomb(member, 1024 * 1024 * 1024)  # 1 GiB of zeros in about 1 MB
    assert len(bomb) < 2 * 1024 * 1024
    started = time.monotonic()
    with pytest.raises(UnreadableDocument, match="looks like a zip bomb"):
        read_bytes(bomb, name)
    assert time.monotonic() - started < 1


@pytest.mark.slow
def test_a_fuzz_batch_runs_within_a_memory_cap_in_a_child_process() -> None:
    # RLIMIT_AS in the child: a reader that balloons dies with MemoryError there, failing this.
    result = subprocess.run(
        [sys.executable, "-m", "tests.hostile.fuzz", "--examples", "150", "--memory-mb", "1024"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=150 * GUARD_SECONDS,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["examples"] == 150
    assert summary["peak_mib"] < 1024


@pytest.mark.parametrize("encoding", [b"TTF-8", b"utf-32"])
def test_an_opendocument_declaring_an_unknown_encoding_is_refused_in_one_sentence(
    encoding: bytes,
) -> None:
    # Found by `make fuzz`: the XML parser raised LookupError, which no caller expected.
    from tests.hostile.fuzz import FIXTURES, _rezip

    original = (FIXTURES / "seed.odt").read_bytes()
    with zipfile.ZipFile(io.BytesIO(original)) as archive:
        content = archive.read("content.xml")
    damaged = content.replace(b'encoding="UTF-8"', b'encoding="' + encoding + b'"', 1)
    with pytest.raises(UnreadableDocument, match="may be damaged"):
        read_bytes(_rezip(original, "content.xml", damaged), "reponse.odt")
