"""``veilleuse publish`` as a person runs it after ``veilleuse demo``: in subprocesses, on a
fresh data folder."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.test_cli import PROGRESS_BAR, on_a_terminal
from tests.test_platform import demo_folder
from tests.test_platform import run_cli as run_platform_cli


def run_cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    # Publishing a whole site takes longer than the platform commands.
    return run_platform_cli(*args, data_dir=data_dir, timeout=180)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_folder(tmp_path_factory)


def test_publish_without_out_builds_the_site_the_web_publish_page_shows(data_dir: Path) -> None:
    result = run_cli("publish", "paris-2026", data_dir=data_dir)

    assert result.returncode == 0, result.stderr
    # The folder the web page reads, previews and zips (publishing.services.site_dir).
    assert (data_dir / "sites" / "paris-2026" / "fr" / "index.html").is_file()


def test_publish_writes_the_site_and_says_what_it_wrote(data_dir: Path, tmp_path: Path) -> None:
    result = run_cli("publish", "paris-2026", "--out", str(tmp_path / "site"), data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert "pages" in result.stdout
    assert "files" in result.stdout
    assert (tmp_path / "site" / "fr" / "index.html").is_file()
    assert "Liste démo A" in (tmp_path / "site" / "fr" / "index.html").read_text(encoding="utf-8")
    assert not PROGRESS_BAR.search(result.stderr + result.stdout)  # piped: no progress bar


def test_publish_shows_a_progress_bar_on_a_terminal(data_dir: Path, tmp_path: Path) -> None:
    env = {**os.environ, "VEILLEUSE_DATA_DIR": str(data_dir), "VEILLEUSE_PROFILE": "development"}
    env.pop("DATABASE_URL", None)
    seen = on_a_terminal("publish", "paris-2026", "--out", tmp_path / "site", env=env)
    assert PROGRESS_BAR.search(seen), seen
    assert "Writing the site" in seen
    assert (tmp_path / "site" / "fr" / "index.html").is_file()


def test_an_unknown_campaign_is_one_sentence_and_exit_1(data_dir: Path, tmp_path: Path) -> None:
    result = run_cli("publish", "lyon-2099", "--out", str(tmp_path / "site"), data_dir=data_dir)
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "lyon-2099" in result.stderr
    assert "paris-2026" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


def test_a_folder_that_cannot_be_written_is_one_sentence_and_exit_1(
    data_dir: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    # A path under a regular file cannot be written, even by root (unlike a chmod).
    result = run_cli("publish", "paris-2026", "--out", str(blocker / "site"), data_dir=data_dir)
    assert result.returncode == 1
    assert "Cannot write the site" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0


def test_publishing_before_the_database_is_set_up_says_what_to_run(tmp_path: Path) -> None:
    result = run_cli(
        "publish", "paris-2026", "--out", str(tmp_path / "site"), data_dir=tmp_path / "fresh"
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "veilleuse demo" in result.stderr
    assert not (tmp_path / "site").exists()


def test_a_site_url_that_is_not_a_web_address_is_refused(data_dir: Path, tmp_path: Path) -> None:
    result = run_cli(
        "publish",
        "paris-2026",
        "--out",
        str(tmp_path / "site"),
        "--site-url",
        "javascript:alert(1)",
        data_dir=data_dir,
    )
    assert result.returncode == 1
    assert "https://" in result.stderr
    assert not (tmp_path / "site").exists()


def test_the_site_url_makes_the_feed_links_absolute(data_dir: Path, tmp_path: Path) -> None:
    result = run_cli(
        "publish",
        "paris-2026",
        "--out",
        str(tmp_path / "site"),
        "--site-url",
        "https://veilleuse.example.org/paris",
        data_dir=data_dir,
    )
    assert result.returncode == 0, result.stderr
    feed = (tmp_path / "site" / "fr" / "tracker" / "feed.xml").read_text(encoding="utf-8")
    assert "https://veilleuse.example.org/paris/" in feed
