"""``veilleuse import-acts`` and ``veilleuse match-eval`` as a person runs them after
``veilleuse demo``: in subprocesses, on a fresh data folder, reading local files only."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.test_platform import demo_folder
from tests.test_platform import run_cli as run_platform_cli
from veilleuse.commitments.tests.record_fixtures import DELIBERATIONS_CSV

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    return run_platform_cli(*args, data_dir=data_dir, timeout=180)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_folder(tmp_path_factory)


def test_importing_a_file_twice_adds_it_once(data_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "deliberations.csv"
    path.write_text(DELIBERATIONS_CSV, encoding="utf-8")
    first = run_cli("import-acts", "paris-2026", "scdl-deliberations", str(path), data_dir=data_dir)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("2 records read, 2 new acts,")
    again = run_cli("import-acts", "paris-2026", "scdl-deliberations", str(path), data_dir=data_dir)
    assert again.stdout.startswith("2 records read, 0 new acts, 0 proposals")


def test_a_malformed_file_or_an_unknown_campaign_is_one_sentence(
    data_dir: Path, tmp_path: Path
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    bad = run_cli("import-acts", "paris-2026", "scdl-deliberations", str(path), data_dir=data_dir)
    assert bad.returncode == 1
    assert "Nothing was imported" in bad.stderr
    assert "DELIB_ID" in bad.stderr
    assert "Traceback" not in bad.stderr
    unknown = run_cli("import-acts", "lyon-2099", "scdl-subsidies", str(path), data_dir=data_dir)
    assert unknown.returncode == 1
    assert "There is no campaign 'lyon-2099'." in unknown.stderr


def test_the_formats_offered_are_the_importers() -> None:
    from veilleuse.cli import build_parser
    from veilleuse.commitments.acts import IMPORTERS

    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command")
    action = next(a for a in commands.choices["import-acts"]._actions if a.dest == "format")
    assert set(action.choices or ()) == set(IMPORTERS)


def test_match_eval_prints_the_figures(tmp_path: Path) -> None:
    sets = ROOT / "tests" / "fixtures" / "matching"
    result = run_cli("match-eval", str(sets / "dev.json"), data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "precision 0.93 · recall 1.00" in result.stdout
