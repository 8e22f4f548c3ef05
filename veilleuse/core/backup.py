"""``veilleuse backup`` and ``veilleuse restore``: one encrypted archive of the database and the
uploaded files (docs/backup.md).

The archive is a tar stream (``manifest.json``, ``database.json`` written by ``dumpdata``,
``media/…``) encrypted as it is written: a key derived from a passphrase with scrypt, then
AES-256-GCM over 1 MiB chunks. Each chunk's nonce carries its number and whether it is the last,
so a reordered, cut or altered archive fails to decrypt instead of restoring part of a
database. The keys of the encrypted fields are *not* in it, and the encrypted fields are
written as the database stores them, ciphertext, so restoring needs those keys too
(docs/backup.md says why).

``dumpdata`` rather than ``pg_dump`` or SQLite's backup API: the same archive restores on either
engine, and a ``pg_dump`` older than the server cannot read it at all.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

from veilleuse.core.as_stored import StoredValueError, fields_as_stored
from veilleuse.core.backup_crypto import EncryptingWriter, SealError, decrypt_to

FORMAT = 1
MIN_PASSPHRASE = 10
# Kept in memory up to this size, then in an anonymous temporary file (never named on disk).
SPOOL_BYTES = 64 * 1024 * 1024
# Rebuilt by ``migrate`` (content types, permissions) or worthless after a restore (sessions).
NOT_BACKED_UP = ("contenttypes", "auth.permission", "sessions")
DATABASE_MEMBER = "database.json"
MANIFEST_MEMBER = "manifest.json"
MEDIA_PREFIX = "media/"
# The nightly backups sort by name in time order: veilleuse-20261207-023000-000000.vbak.
NIGHTLY_PATTERN = "veilleuse-????????-??????-??????.vbak"


class BackupError(Exception):
    """A problem the operator can fix; the message is one sentence."""


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    rows: int
    files: int
    engine: str
    created: str
    counts: dict[str, int] = field(default_factory=dict)
    media_kept: Path | None = None


# The database: dumpdata out, flush + loaddata in.


def table_counts() -> dict[str, int]:
    """Rows per model that a backup carries (the ones ``migrate`` rebuilds left out)."""
    from django.apps import apps

    skipped_apps = {label for label in NOT_BACKED_UP if "." not in label}
    skipped_models = {label for label in NOT_BACKED_UP if "." in label}
    counts = {}
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label in skipped_apps or meta.label_lower in skipped_models:
            continue
        if meta.proxy or not meta.managed:
            continue
        counts[meta.label] = model._base_manager.count()
    return counts


def _dump_database(out: IO[str]) -> None:
    from django.core.management import call_command

    with fields_as_stored():
        call_command(
            "dumpdata",
            natural_foreign=True,
            use_base_manager=True,
            exclude=list(NOT_BACKED_UP),
            stdout=out,
            verbosity=0,
        )


def _engine() -> str:
    from django.db import connection

    return str(connection.vendor)


# Files: the uploaded documents under MEDIA_ROOT.


def _media_files(root: Path) -> Iterator[tuple[Path, str]]:
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path, path.relative_to(root).as_posix()


def _safe_media_name(name: str) -> str | None:
    """The path under MEDIA_ROOT a member may be restored to, or None if it is no such path."""
    relative = name[len(MEDIA_PREFIX) :]
    parts = PurePosixPath(relative).parts
    if not relative or relative.startswith("/") or any(p in ("", ".", "..") for p in parts):
        return None
    return relative


def _add_bytes(archive: tarfile.TarFile, name: str, data: IO[bytes], size: int) -> None:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
    info.mode = 0o600
    archive.addfile(info, data)


# The two operations.


def backup_create(
    *, out: Path, passphrase: str, on_progress: Callable[[int, int], None] | None = None
) -> BackupSummary:
    """Write the database and the uploaded files to ``out``, encrypted with ``passphrase``.

    ``out`` appears only once complete (written beside it, then renamed). ``on_progress(done,
    total)`` counts the parts written: the database, then each file."""
    from django.conf import settings

    if len(passphrase) < MIN_PASSPHRASE:
        raise BackupError(f"The passphrase must have at least {MIN_PASSPHRASE} characters.")
    counts = table_counts()
    created = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    files = list(_media_files(Path(settings.MEDIA_ROOT)))
    manifest = {
        "format": FORMAT,
        "veilleuse": _version(),
        "engine": _engine(),
        "created": created,
        "counts": counts,
        "files": len(files),
    }
    try:
        with _atomic_output(out) as target:
            writer = EncryptingWriter(target, passphrase)
            with tarfile.open(fileobj=writer, mode="w|", format=tarfile.PAX_FORMAT) as archive:
                body = json.dumps(manifest, indent=2).encode("utf-8")
                _add_bytes(archive, MANIFEST_MEMBER, io.BytesIO(body), len(body))
                _add_database(archive)
                advance = on_progress or (lambda done, total: None)
                advance(1, len(files) + 1)
                for done, (path, name) in enumerate(files, 2):
                    with path.open("rb") as handle:
                        _add_bytes(archive, MEDIA_PREFIX + name, handle, path.stat().st_size)
                    advance(done, len(files) + 1)
            writer.finish()
    except SealError as error:
        raise BackupError(str(error)) from None
    return BackupSummary(out, sum(counts.values()), len(files), _engine(), created, counts)


def backups_nightly(folder: Path) -> list[Path]:
    """The nightly backups in ``folder``, oldest first."""
    return sorted(folder.glob(NIGHTLY_PATTERN)) if folder.is_dir() else []


def backup_nightly(*, folder: Path, passphrase: str, keep: int) -> BackupSummary:
    """Write tonight's backup into ``folder``, then keep only the ``keep`` newest: a failed
    backup removes nothing."""
    if keep < 1:
        raise BackupError("VEILLEUSE_BACKUP_KEEP must be at least 1.")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S-%f")
    summary = backup_create(out=folder / f"veilleuse-{stamp}.vbak", passphrase=passphrase)
    for old in backups_nightly(folder)[:-keep]:
        old.unlink(missing_ok=True)
    return summary


def _add_database(archive: tarfile.TarFile) -> None:
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
        text = io.TextIOWrapper(spool, encoding="utf-8", write_through=True)
        _dump_database(text)
        text.flush()
        size = spool.tell()
        spool.seek(0)
        _add_bytes(archive, DATABASE_MEMBER, spool, size)
        text.detach()


@contextmanager
def _atomic_output(out: Path) -> Iterator[IO[bytes]]:
    directory = out.parent if str(out.parent) else Path(".")
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{out.name}.", dir=directory)
    except OSError as error:
        raise BackupError(f"Cannot write {out}: {error.strerror}.") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, out)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise BackupError(f"Cannot write {out}: {error.strerror}.") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def backup_restore(
    *,
    path: Path,
    passphrase: str,
    force: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
) -> BackupSummary:
    """Restore the archive at ``path`` into the database and MEDIA_ROOT.

    The archive is decrypted and checked whole before anything is written; the database is
    replaced in one transaction. A database that holds data is refused unless ``force``.
    ``on_progress(done, total)`` counts the parts read (database, files) and the loading."""
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as plain:
        try:
            with path.open("rb") as source:
                decrypt_to(source, passphrase, plain)
        except SealError as error:
            raise BackupError(str(error)) from None
        except OSError as error:
            raise BackupError(f"Cannot read {path}: {error.strerror}.") from None
        plain.seek(0)
        try:
            with tarfile.open(fileobj=plain, mode="r:") as archive:
                return _restore_archive(
                    archive, path, force=force, advance=on_progress or (lambda done, total: None)
                )
        except tarfile.TarError:
            raise BackupError("The backup is damaged: its content cannot be read.") from None


def _restore_archive(
    archive: tarfile.TarFile, path: Path, *, force: bool, advance: Callable[[int, int], None]
) -> BackupSummary:
    from django.conf import settings

    manifest = _read_manifest(archive)
    _migrate()  # a new machine's database is created here, empty
    if not force:
        _require_empty()
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as scratch:
        staging = Path(tempfile.mkdtemp(prefix=".media.restoring-", dir=_ensure(media_root.parent)))
        try:
            database_file = Path(scratch) / DATABASE_MEMBER
            total = int(manifest.get("files", 0)) + 2
            files = _extract(archive, staging, database_file, lambda done: advance(done, total))
            _load_database(database_file)
            advance(total, total)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    kept = _swap_media(staging, media_root)
    counts = dict(manifest.get("counts", {}))
    created = str(manifest.get("created", ""))
    return BackupSummary(path, sum(counts.values()), files, _engine(), created, counts, kept)


def _migrate() -> None:
    from django.core.management import call_command
    from django.db.utils import OperationalError

    try:
        call_command("migrate", interactive=False, verbosity=0)
    except OperationalError as error:
        raise BackupError(f"The database cannot be reached or written: {error}.") from None


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("veilleuse")
    except PackageNotFoundError:
        return "unknown"


def _ensure(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def _read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    member = archive.next()
    if member is None or member.name != MANIFEST_MEMBER:
        raise BackupError("The backup is damaged: it has no manifest.")
    handle = archive.extractfile(member)
    manifest = json.loads(handle.read()) if handle else {}
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("This backup was written by another version of Veilleuse.")
    return manifest


def _require_empty() -> None:
    holding = {label: n for label, n in table_counts().items() if n}
    if holding:
        raise BackupError(
            f"The database already holds data ({sum(holding.values())} rows): restore refuses "
            "to replace it. Use --force to replace it with the backup."
        )


def _extract(
    archive: tarfile.TarFile, staging: Path, database_file: Path, advance: Callable[[int], None]
) -> int:
    files = 0
    found_database = False
    for done, member in enumerate(archive):
        if member.name == MANIFEST_MEMBER:
            continue
        if not member.isfile():
            raise BackupError(f"The backup is damaged: unexpected entry {member.name!r}.")
        handle = archive.extractfile(member)
        if handle is None:  # tarfile's answer for anything but a regular file
            raise BackupError(f"The backup is damaged: unreadable entry {member.name!r}.")
        if member.name == DATABASE_MEMBER:
            target, found_database = database_file, True
        else:
            relative = None
            if member.name.startswith(MEDIA_PREFIX):
                relative = _safe_media_name(member.name)
            if relative is None:
                raise BackupError(f"The backup is damaged: unexpected entry {member.name!r}.")
            target, files = staging / relative, files + 1
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as out:
            shutil.copyfileobj(handle, out)
        advance(done)  # the manifest came first: ``done`` counts the parts after it
    if not found_database:
        raise BackupError("The backup is damaged: it has no database.")
    return files


def _load_database(database_file: Path) -> None:
    from django.core.management import call_command
    from django.db import transaction

    try:
        with transaction.atomic(), fields_as_stored():
            call_command("flush", interactive=False, verbosity=0)
            call_command("loaddata", str(database_file), verbosity=0)
    except StoredValueError as error:
        raise BackupError(error.sentence) from None


def _swap_media(staging: Path, media_root: Path) -> Path | None:
    """Put the restored files in place; a previous folder with files is kept beside it."""
    kept = None
    if media_root.exists():
        if any(media_root.iterdir()):
            stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S-%f")
            kept = media_root.with_name(f"{media_root.name}.before-restore-{stamp}")
            os.replace(media_root, kept)
        else:
            media_root.rmdir()
    os.replace(staging, media_root)
    return kept
