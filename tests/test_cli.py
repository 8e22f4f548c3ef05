"""The ``veilleuse`` command end to end, in a subprocess, as a person would run it."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "documents"
SEED = ROOT / "demo" / "questionnaire-tds-paris-2026-gregoire.txt"
SEED_GOLD = ROOT / "evaluation" / "seed-gold.jsonl"
TABLE_ROW = re.compile(r"^ {0,2}(\d{1,2})  (\S.*)$")
# What tqdm draws: "Grading:  40%|████      | 12/30 [...]".
PROGRESS_BAR = re.compile(r"\d+%\|")
FRENCH_LABELS = ("Oui", "Plutôt oui", "Flou / à l’étude", "Plutôt non", "Non", "Pas de réponse")


def veilleuse(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "veilleuse.cli", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


def grades_of(output: str) -> list[tuple[int, str]]:
    return [(a["number"], a["grade"]) for a in json.loads(output)["answers"]]


# --- analyse ------------------------------------------------------------------------------


def test_analyse_prints_a_table_of_the_ten_questions_with_french_grades() -> None:
    result = veilleuse("analyse", SEED)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Questionnaire TDS municipales Paris — Emmanuel Grégoire"
    assert lines[1] == "10 questions, 4 themes (txt)"
    rows = [match.groups() for line in lines if (match := TABLE_ROW.match(line))]
    assert [int(number) for number, _ in rows] == list(range(1, 11))
    for _, rest in rows:
        assert any(rest.startswith(label) for label in FRENCH_LABELS), rest
    assert rows[1][1].startswith("Oui ")  # answer 2 opens with « Oui » and names a mutuelle
    assert rows[8][1].startswith("Plutôt non")


def test_analyse_as_json_holds_every_answer_with_its_evidence() -> None:
    result = veilleuse("analyse", SEED, "--format", "json")
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    assert data["schema"] == "veilleuse.analysis/2"
    assert len(data["answers"]) == 10
    keys = {"number", "question", "answer", "grade", "confidence", "evidence", "hedges"}
    keys |= {"deflections", "commitments"}
    for answer in data["answers"]:
        assert keys <= answer.keys()
    assert [a["number"] for a in data["answers"]] == list(range(1, 11))
    assert data["answers"][0]["hedges"][0]["text"] == "mérite d'être étudiée"


def test_analyse_as_markdown_starts_with_a_title() -> None:
    result = veilleuse("analyse", SEED, "--format", "markdown")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Questionnaire TDS municipales Paris")
    assert result.stdout.count("\n| ") == 11  # the header and ten answers


def test_a_saved_questionnaire_grades_the_docx_reply_the_same_way(tmp_path: Path) -> None:
    saved = tmp_path / "out.yaml"
    first = veilleuse("analyse", SEED, "--save-questionnaire", saved, "--format", "json")
    assert first.returncode == 0, first.stderr
    assert saved.read_text(encoding="utf-8").startswith("title: Questionnaire TDS")

    second = veilleuse(
        "analyse", FIXTURES / "seed.docx", "--questionnaire", saved, "--format", "json"
    )
    assert second.returncode == 0, second.stderr
    assert grades_of(second.stdout) == grades_of(first.stdout)


def _write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def _sparse_200_mb(tmp_path: Path) -> Path:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)
    return path


BAD_INPUTS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "empty file": (lambda tmp: FIXTURES / "empty.txt", "empty.txt is empty"),
    "binary file": (lambda tmp: FIXTURES / "binary.bin", "is not a kind of document"),
    "encrypted pdf": (lambda tmp: FIXTURES / "encrypted.pdf", "is password-protected"),
    "unknown extension": (
        lambda tmp: _write(tmp, "reponses.xyz", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20),
        "reponses.xyz is not a kind of document Veilleuse can read",
    ),
    "missing file": (lambda tmp: tmp / "absent.docx", "absent.docx does not exist"),
    "document without questions": (
        lambda tmp: _write(
            tmp,
            "prose.txt",
            b"Nous aimons Paris.\n\nNous ferons beaucoup pour la ville.\n",
        ),
        "No numbered question was found in the document",
    ),
    "200 MB file": (_sparse_200_mb, "huge.txt is 200 MB, more than the 20 MB limit"),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_a_bad_input_fails_with_one_clear_line_and_no_traceback(tmp_path: Path, case: str) -> None:
    make, sentence = BAD_INPUTS[case]
    result = veilleuse("analyse", make(tmp_path))
    assert result.returncode != 0
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith("veilleuse: ")
    assert sentence in line


def test_a_malformed_questionnaire_fails_with_one_clear_line(tmp_path: Path) -> None:
    broken = _write(tmp_path, "broken.yaml", b"title: [Questionnaire\nthemes: {\n")
    result = veilleuse("analyse", SEED, "--questionnaire", broken)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.splitlines()
    assert "The questionnaire file broken.yaml is not valid YAML" in line


# --- analyse-batch ------------------------------------------------------------------------


def test_analyse_batch_skips_a_malformed_line_names_it_and_exits_3(tmp_path: Path) -> None:
    question = "Financerez-vous un centre de santé communautaire ?"
    lines = [
        json.dumps({"id": "a", "question": question, "answer": "Non."}, ensure_ascii=False),
        json.dumps({"id": "b", "question": question, "answer": "Oui."}, ensure_ascii=False),
        '{"id": "c", "question": ',
        json.dumps({"id": "d", "question": question, "answer": ""}, ensure_ascii=False),
    ]
    source = _write(tmp_path, "in.jsonl", ("\n".join(lines) + "\n").encode())
    out = tmp_path / "out.jsonl"

    result = veilleuse("analyse-batch", source, "--out", out)

    assert result.returncode == 3
    assert "Traceback" not in result.stderr
    assert not PROGRESS_BAR.search(result.stderr), result.stderr  # piped: no bar
    assert "line 3" in result.stderr
    rows = [json.loads(row) for row in out.read_text(encoding="utf-8").splitlines()]
    assert [(row["id"], row["grade"]) for row in rows] == [
        ("a", "no"),
        ("b", "yes"),  # a bare « Oui. » accepts the demand as asked (docs/grading-guide.md)
        ("d", "no_answer"),
    ]


def on_a_terminal(*args: str | Path, env: dict[str, str] | None = None) -> str:
    """Run a command with its stderr on a pseudo-terminal, as in a person's shell; what it
    wrote there. Bounded: two minutes at most."""
    master, slave = pty.openpty()
    # A terminal has a size (24 rows, 100 columns); a fresh pseudo-terminal has none.
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "veilleuse.cli", *map(str, args)],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=slave,
    )
    os.close(slave)
    chunks: list[bytes] = []
    for _ in range(240):  # half-second waits: two minutes at most
        ended = process.poll() is not None  # before reading: what it wrote is then all there
        ready, _w, _x = select.select([master], [], [], 0.5)
        data = _read_terminal(master) if ready else b""
        chunks.append(data)
        if (ready and not data) or (ended and not ready):
            break
    if process.poll() is None:
        process.kill()
    process.wait(timeout=30)
    os.close(master)
    return b"".join(chunks).decode("utf-8", errors="replace")


def _read_terminal(master: int) -> bytes:
    try:
        return os.read(master, 65536)
    except OSError:  # the command ended and closed the terminal
        return b""


def test_analyse_batch_shows_a_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    question = "Financerez-vous un centre de santé communautaire ?"
    rows = [{"id": str(n), "question": question, "answer": "Oui."} for n in range(30)]
    text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    source = _write(tmp_path, "in.jsonl", text.encode())
    seen = on_a_terminal("analyse-batch", source, "--out", tmp_path / "out.jsonl")
    assert PROGRESS_BAR.search(seen), seen
    assert "/30 " in seen  # out of the 30 answers of the file
    assert len((tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()) == 30


# --- eval ---------------------------------------------------------------------------------


def test_eval_prints_the_accuracy_on_the_seed_gold() -> None:
    result = veilleuse("eval", SEED_GOLD)
    assert result.returncode == 0, result.stderr
    assert "answers compared: 10" in result.stdout
    assert "accuracy:         1.000" in result.stdout


def test_eval_as_json_parses() -> None:
    result = veilleuse("eval", SEED_GOLD, "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["count"] == 10
    assert data["accuracy"] == 1.0
    assert len(data["confusion"]) == 6


def test_eval_of_a_malformed_gold_file_names_the_line(tmp_path: Path) -> None:
    gold = _write(tmp_path, "gold.jsonl", b'{"id": "a", "grade": "yes"}\nnot json\n')
    result = veilleuse("eval", gold)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.splitlines()
    assert "gold.jsonl, line 2: not valid JSON" in line


def test_calibrate_refuses_a_held_out_set(tmp_path: Path) -> None:
    out = tmp_path / "c.json"
    result = veilleuse("calibrate", Path("evaluation/heldout.jsonl").resolve(), "--out", out)
    assert result.returncode != 0
    assert "never on held-out" in result.stderr
    assert not out.exists()
