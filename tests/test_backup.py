"""``veilleuse backup`` and ``veilleuse restore``: an association's database and uploaded files go
into one encrypted archive and come back identical, on SQLite and on PostgreSQL (the
``--db-only`` leg runs the database tests here again)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.test_cli import PROGRESS_BAR
from veilleuse.core.backup import BackupError, backup_create, backup_restore, table_counts

ROOT = Path(__file__).resolve().parent.parent
PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def world(transactional_db: None, settings: object, tmp_path: Path) -> dict[str, object]:
    """The demo, the alert network with one report whose text is encrypted, and one upload."""
    from veilleuse.alerts.cast import network_cast_create
    from veilleuse.alerts.models import Report
    from veilleuse.demo import CAST_PASSWORD, demo_load

    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]
    world = demo_load()
    network = network_cast_create(world.association, CAST_PASSWORD)
    report = Report.objects.create(
        association=world.association,
        author=network.rosa,
        occurred_on=dt.date(2026, 3, 1),
        language="es",
        description="Un cliente violento, coche gris",
    )
    upload = tmp_path / "media" / "imports" / "2026" / "réponse liste A.docx"
    upload.parent.mkdir(parents=True, exist_ok=True)
    upload.write_bytes(b"PK\x03\x04" + os.urandom(5000))
    return {"report": report, "upload": upload, "bytes": upload.read_bytes()}


def wipe(media: Path) -> None:
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media)


def test_a_backup_restores_every_row_and_file_after_the_database_is_lost(
    world: dict[str, object], tmp_path: Path
) -> None:
    from veilleuse.alerts.models import Report

    before = table_counts()
    archive = tmp_path / "veilleuse.vbak"
    written = backup_create(out=archive, passphrase=PASSPHRASE)
    assert written.rows == sum(before.values()) > 50
    assert written.files >= 2  # the demo's imported reply and ours
    upload = world["upload"]
    assert isinstance(upload, Path)
    wipe(tmp_path / "media")
    assert sum(table_counts().values()) == 0

    restored = backup_restore(path=archive, passphrase=PASSPHRASE)

    assert table_counts() == before
    assert restored.rows == written.rows
    assert upload.read_bytes() == world["bytes"]
    report = Report.objects.get(pk=world["report"].pk)  # type: ignore[attr-defined]
    assert report.description == "Un cliente violento, coche gris"


def test_a_backup_and_its_restore_count_their_parts_to_the_end(
    world: dict[str, object], tmp_path: Path
) -> None:
    """What the command line's progress bars are fed: the database, then each file."""
    archive = tmp_path / "veilleuse.vbak"
    written_steps: list[tuple[int, int]] = []
    written = backup_create(
        out=archive, passphrase=PASSPHRASE, on_progress=lambda *step: written_steps.append(step)
    )
    assert written_steps[-1] == (written.files + 1, written.files + 1)
    assert [done for done, _total in written_steps] == list(range(1, written.files + 2))
    read_steps: list[tuple[int, int]] = []
    backup_restore(
        path=archive,
        passphrase=PASSPHRASE,
        force=True,
        on_progress=lambda *step: read_steps.append(step),
    )
    assert read_steps[-1] == (written.files + 2, written.files + 2)
    assert len(read_steps) == written.files + 2


def test_the_archive_reveals_neither_the_reports_nor_the_file_names(
    world: dict[str, object], tmp_path: Path
) -> None:
    archive = tmp_path / "veilleuse.vbak"
    backup_create(out=archive, passphrase=PASSPHRASE)
    data = archive.read_bytes()
    assert data.startswith(b"VEILLEUSE-BACKUP\n")
    for secret in (b"coche gris", "réponse".encode(), b"alice", b"database.json"):
        assert secret not in data


def test_a_wrong_passphrase_is_refused_and_nothing_is_written(
    world: dict[str, object], tmp_path: Path
) -> None:
    archive = tmp_path / "veilleuse.vbak"
    backup_create(out=archive, passphrase=PASSPHRASE)
    wipe(tmp_path / "media")

    with pytest.raises(BackupError, match="Wrong passphrase"):
        backup_restore(path=archive, passphrase="not the passphrase")

    assert sum(table_counts().values()) == 0
    assert not (tmp_path / "media").exists()


def test_a_database_that_holds_data_is_replaced_only_with_force(
    world: dict[str, object], tmp_path: Path
) -> None:
    from veilleuse.accounts.models import User

    archive = tmp_path / "veilleuse.vbak"
    backup_create(out=archive, passphrase=PASSPHRASE)
    before = table_counts()
    User.objects.create_user(username="zoe", password="une phrase de passe")

    with pytest.raises(BackupError, match="--force"):
        backup_restore(path=archive, passphrase=PASSPHRASE)
    assert User.objects.filter(username="zoe").exists()

    restored = backup_restore(path=archive, passphrase=PASSPHRASE, force=True)
    assert not User.objects.filter(username="zoe").exists()
    assert table_counts() == before
    # The files that were there are kept aside, not deleted.
    assert restored.media_kept is not None
    assert (restored.media_kept / "imports" / "2026" / "réponse liste A.docx").exists()


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="cut in the middle"),
        pytest.param(lambda data: data[:-10], id="last bytes missing"),
        pytest.param(lambda data: data[:-1] + bytes([data[-1] ^ 1]), id="one bit flipped"),
        pytest.param(lambda data: data + b"extra", id="data appended"),
        pytest.param(lambda data: b"PK\x03\x04" + data[4:], id="not a backup"),
    ],
)
def test_a_damaged_archive_is_refused_and_nothing_is_written(
    world: dict[str, object], tmp_path: Path, damage: object
) -> None:
    archive = tmp_path / "veilleuse.vbak"
    backup_create(out=archive, passphrase=PASSPHRASE)
    archive.write_bytes(damage(archive.read_bytes()))  # type: ignore[operator]
    wipe(tmp_path / "media")

    with pytest.raises(BackupError, match=r"damaged|incomplete|not a Veilleuse backup"):
        backup_restore(path=archive, passphrase=PASSPHRASE)

    assert sum(table_counts().values()) == 0


def test_a_short_passphrase_is_refused_before_anything_is_written(
    world: dict[str, object], tmp_path: Path
) -> None:
    with pytest.raises(BackupError, match="at least 10"):
        backup_create(out=tmp_path / "x.vbak", passphrase="short")
    assert list(tmp_path.glob("*.vbak")) == []
    assert list(tmp_path.glob(".x.vbak*")) == []


# The command, as an operator runs it: the passphrase comes from the environment.


def run_cli(*args: str, data_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "VEILLEUSE_DATA_DIR": str(data_dir),
        "VEILLEUSE_PROFILE": "development",
        **env,
    }
    environment.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "veilleuse.cli", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.slow
def test_the_commands_move_an_installation_to_a_new_machine(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    assert run_cli("demo", data_dir=old).returncode == 0
    archive = tmp_path / "demo.vbak"

    backup = run_cli("backup", str(archive), "--passphrase-env", "BK", data_dir=old, BK=PASSPHRASE)
    assert backup.returncode == 0, backup.stderr
    assert "keys are not in it" in backup.stdout
    assert not PROGRESS_BAR.search(backup.stderr + backup.stdout)  # piped: no progress bar

    # The keys travel separately (docs/backup.md); the archive alone is not enough.
    new.mkdir(mode=0o700)
    for key in ("secret_key", "field_keys", "lookup_key"):
        shutil.copy(old / key, new / key)
    restore = run_cli(
        "restore", str(archive), "--passphrase-env", "BK", data_dir=new, BK=PASSPHRASE
    )
    assert restore.returncode == 0, restore.stderr
    assert "Restored" in restore.stdout
    assert not PROGRESS_BAR.search(restore.stderr + restore.stdout)

    again = run_cli("restore", str(archive), "--passphrase-env", "BK", data_dir=new, BK=PASSPHRASE)
    assert again.returncode == 1
    assert "--force" in again.stderr
    assert "Traceback" not in again.stderr


def test_the_passphrase_is_never_taken_from_the_command_line(tmp_path: Path) -> None:
    missing = run_cli("backup", str(tmp_path / "x.vbak"), data_dir=tmp_path)
    assert missing.returncode == 1
    assert "--passphrase-env" in missing.stderr
    unset = run_cli(
        "backup", str(tmp_path / "x.vbak"), "--passphrase-env", "NOPE", data_dir=tmp_path
    )
    assert unset.returncode == 1
    assert "NOPE is not set" in unset.stderr
    assert not (tmp_path / "x.vbak").exists()


def test_the_worker_s_nightly_backup_keeps_the_newest_and_the_newest_restores(
    world: dict[str, object], tmp_path: Path, settings: object
) -> None:
    """The periodic task the worker runs at night (core/jobs.py), three nights in a row with
    two kept; then the database is lost and the newest archive brings it back."""
    from veilleuse.core.backup import backups_nightly
    from veilleuse.core.jobs import backup_nightly_run

    folder = tmp_path / "backups"
    settings.VEILLEUSE_BACKUP_DIR = folder  # type: ignore[attr-defined]
    settings.VEILLEUSE_BACKUP_PASSPHRASE = PASSPHRASE  # type: ignore[attr-defined]
    settings.VEILLEUSE_BACKUP_KEEP = 2  # type: ignore[attr-defined]
    before = table_counts()
    written = []
    for _night in range(3):
        backup_nightly_run.call_local()  # type: ignore[attr-defined]
        written.append(backups_nightly(folder)[-1])

    assert backups_nightly(folder) == written[1:]
    assert folder.stat().st_mode & 0o077 == 0
    wipe(tmp_path / "media")
    backup_restore(path=written[-1], passphrase=PASSPHRASE)
    assert table_counts() == before


def test_no_nightly_backup_is_written_without_a_passphrase(
    transactional_db: None, tmp_path: Path, settings: object
) -> None:
    from veilleuse.core.jobs import backup_nightly_run

    settings.VEILLEUSE_BACKUP_DIR = tmp_path / "backups"  # type: ignore[attr-defined]
    settings.VEILLEUSE_BACKUP_PASSPHRASE = ""  # type: ignore[attr-defined]

    backup_nightly_run.call_local()  # type: ignore[attr-defined]

    assert not (tmp_path / "backups").exists()
