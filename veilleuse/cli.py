"""The ``veilleuse`` command. Each subcommand parses its arguments, calls one function of the
library and prints; errors a person can fix are one sentence on stderr and a non-zero exit."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from veilleuse import __version__

EXIT_INPUT = 1  # the input cannot be used (file, format, content)
EXIT_PARTIAL = 3  # a batch ran, but some lines were skipped
EXIT_INTERNAL = 70


# ``advance(done, total)``: how far a long command is (total None when unknown).
Advance = Callable[[int, "int | None"], None]


class CommandError(Exception):
    """A problem the user can fix; the message is printed as it is."""


def _analyse(args: argparse.Namespace) -> int:
    from veilleuse.analysis import (
        analyse_file,
        analysis_to_dict,
        load_questionnaire,
        render_markdown,
        render_table,
        save_questionnaire,
    )

    questionnaire = load_questionnaire(args.questionnaire) if args.questionnaire else None
    analysis = analyse_file(args.file, questionnaire, backend=_backend(args))
    if args.save_questionnaire:
        save_questionnaire(analysis.questionnaire, args.save_questionnaire)
        print(f"Questionnaire saved to {args.save_questionnaire}.", file=sys.stderr)
    if args.format == "json":
        print(json.dumps(analysis_to_dict(analysis), ensure_ascii=False, indent=2))
    elif args.format == "markdown":
        sys.stdout.write(render_markdown(analysis))
    else:
        sys.stdout.write(render_table(analysis))
    return 0


def _analyse_batch(args: argparse.Namespace) -> int:
    from veilleuse.analysis.batch import LineError, grade_stream

    def report(error: LineError) -> None:
        print(f"{args.input}: line {error.line}: {error.message}; skipped.", file=sys.stderr)

    total = _line_count(args.input)
    with (
        _open_input(args.input) as source,
        _open_output(args.out) as out,
        progress_bar("Grading", unit="answers", hidden=args.quiet) as advance,
    ):
        result = grade_stream(
            source,
            out,
            on_error=report,
            on_progress=lambda done: advance(done, total),
            backend=_backend(args),
        )
    if result.failed:
        print(f"{result.processed} answers graded, {result.failed} lines skipped.", file=sys.stderr)
        return EXIT_PARTIAL
    return 0


def _backend(args: argparse.Namespace) -> Any:
    from veilleuse.analysis import get_backend

    if args.backend == "rules":
        return get_backend("rules")
    if not args.backend_url or not args.model:
        raise CommandError("--backend openai needs --backend-url and --model.")
    key = os.environ.get("VEILLEUSE_LLM_API_KEY", "")
    return get_backend("openai", base_url=args.backend_url, model=args.model, api_key=key)


def _add_backend_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("grading backend")
    group.add_argument(
        "--backend",
        choices=("rules", "openai"),
        default="rules",
        help="rules (default, offline) or an OpenAI-compatible endpoint",
    )
    group.add_argument(
        "--backend-url",
        metavar="URL",
        help="the endpoint's base URL, e.g. http://127.0.0.1:8080/v1",
    )
    group.add_argument("--model", help="the model name the endpoint serves")


def _open_input(path: str) -> TextIO:
    if path == "-":
        return sys.stdin
    try:
        return open(path, encoding="utf-8-sig", errors="strict")
    except OSError as error:
        raise CommandError(f"Cannot open {path}: {error.strerror}.") from None


def _open_output(path: str) -> TextIO:
    if path == "-":
        return sys.stdout
    try:
        return open(path, "w", encoding="utf-8")
    except OSError as error:
        raise CommandError(f"Cannot write {path}: {error.strerror}.") from None


def _line_count(path: str) -> int | None:
    """How many answers a batch file holds (its lines), for the progress bar; None for
    standard input."""
    if path == "-" or not os.path.isfile(path):
        return None  # standard input, or a path _open_input refuses in one sentence
    with open(path, "rb") as source:
        return sum(1 for line in source if line.strip())


@contextmanager
def progress_bar(what: str, *, unit: str, hidden: bool = False) -> Iterator[Advance]:
    """A progress bar on the terminal (tqdm, on stderr), updated by ``advance(done,
    total)``; nothing at all when stderr is not a terminal (piped, redirected, a service's
    log), so that pipes and logs hold only the command's own lines."""
    from tqdm import tqdm

    bar = tqdm(desc=what, unit=f" {unit}", file=sys.stderr, disable=True if hidden else None)
    bar.leave = False

    def advance(done: int, total: int | None) -> None:
        if total is not None and bar.total != total:
            bar.total = total
        bar.update(done - bar.n)
        if total is not None and done >= total:
            bar.refresh()  # the last frame, even when it all took less than tqdm's interval

    try:
        yield advance
    finally:
        bar.close()


def _eval(args: argparse.Namespace) -> int:
    from veilleuse.analysis.evaluate_io import evaluate_files

    output = evaluate_files(
        args.gold, args.pred, as_json=args.format == "json", backend=_backend(args)
    )
    sys.stdout.write(output)
    return 0


def _calibrate(args: argparse.Namespace) -> int:
    from veilleuse.analysis.evaluate_io import fit_calibration

    if any("heldout" in Path(path).name for path in args.gold):
        raise CommandError("Calibration is fitted on development sets only, never on held-out.")
    table = fit_calibration(args.gold, args.out)
    for rule, confidence in table.items():
        print(f"{rule:>24}  {confidence:.2f}")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from veilleuse.platform import demo_run

    summary = demo_run()
    print(f"Demo loaded into {summary['database']} (campaign {summary['campaign']}).")
    for username, password, role in summary["logins"]:
        print(f"  sign in as {username} / {password} ({role})")
    print("Start the platform with: veilleuse serve")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from veilleuse.platform import port_require, serve, site_url_follow

    port_require(host=args.host, port=args.port)
    url = site_url_follow(host=args.host, port=args.port)
    print(f"Veilleuse: open {url}/ (Ctrl-C to stop).", flush=True)
    serve(host=args.host, port=args.port)
    return 0


def _production(args: argparse.Namespace) -> int:
    from pathlib import Path

    from veilleuse.production import production_run

    env_file = Path(args.env_file) if args.env_file else None
    return production_run(env_file=env_file, with_caddy=args.with_caddy)


def _doctor(args: argparse.Namespace) -> int:
    from veilleuse.platform import django_setup

    django_setup()
    from veilleuse.doctor import doctor_findings

    findings = doctor_findings()
    for finding in findings:
        print(f"{'ok' if finding.ok else 'PROBLEM'}: {finding.sentence}")
    problems = sum(not finding.ok for finding in findings)
    print(f"{problems} problem(s) found." if problems else "No problem found.")
    return 1 if problems else 0


_PUBLISH_OUT_HELP = (
    "the folder to write (replaced); by default the platform's own, which the web "
    "« Publish » page shows, previews and offers as a zip"
)


def _publish(args: argparse.Namespace) -> int:
    from veilleuse.platform import database_require, django_setup

    django_setup()
    database_require()
    from veilleuse.publishing.services import PublishError, site_publish_by_slug

    try:
        with progress_bar("Writing the site", unit="files") as advance:
            report = site_publish_by_slug(
                slug=args.campaign, out_dir=args.out, site_url=args.site_url, on_progress=advance
            )
    except PublishError as error:
        raise CommandError(str(error)) from None
    print(
        f"Site of {args.campaign} written to {report.out_dir}: {report.pages} pages, "
        f"{report.files} files, {report.size / 1024:,.0f} KB."
    )
    for note in report.notes:
        print(f"  note: {note}", file=sys.stderr)
    print(f"Open {report.out_dir / 'index.html'} or copy the folder to any static host.")
    return 0


def _import_acts(args: argparse.Namespace) -> int:
    from veilleuse.platform import database_require, django_setup

    django_setup()
    database_require()
    from veilleuse.commitments.acts import SourceError
    from veilleuse.commitments.services.watch import acts_import
    from veilleuse.questionnaires.models import Campaign

    campaign = Campaign.objects.filter(slug=args.campaign).first()
    if campaign is None:
        raise CommandError(f"There is no campaign {args.campaign!r}.")
    try:
        report = acts_import(campaign=campaign, importer_name=args.format, location=args.location)
    except SourceError as error:
        raise CommandError(f"Nothing was imported: {error}") from None
    print(
        f"{report.read} records read, {report.added} new acts, {report.proposed} proposals "
        f"waiting on the watch page of {args.campaign}."
    )
    return 0


def _match_eval(args: argparse.Namespace) -> int:
    from veilleuse.commitments.matching_eval import main

    return main([*map(str, args.sets), *(["--verbose"] if args.verbose else [])])


def _passphrase(args: argparse.Namespace, *, confirm: bool) -> str:
    """From the variable named by --passphrase-env, else asked on the terminal: never argv."""
    if args.passphrase_env:
        value = os.environ.get(args.passphrase_env)
        if not value:
            raise CommandError(f"The environment variable {args.passphrase_env} is not set.")
        return value
    if not sys.stdin.isatty():
        raise CommandError("No passphrase: name the variable that holds it with --passphrase-env.")
    import getpass

    value = getpass.getpass("Backup passphrase: ")
    if confirm and getpass.getpass("Same passphrase again: ") != value:
        raise CommandError("The two passphrases differ; nothing was written.")
    return value


def _backup(args: argparse.Namespace) -> int:
    from pathlib import Path

    from veilleuse.platform import database_require, django_setup

    passphrase = _passphrase(args, confirm=True)
    django_setup()
    database_require()
    from veilleuse.core.backup import BackupError, backup_create

    try:
        with progress_bar("Backing up", unit="parts") as advance:
            summary = backup_create(out=Path(args.out), passphrase=passphrase, on_progress=advance)
    except BackupError as error:
        raise CommandError(str(error)) from None
    print(
        f"Backup written to {summary.path}: {summary.rows:,} rows, {summary.files} files "
        f"({summary.engine}). The encryption keys are not in it: keep them apart."
    )
    return 0


def _restore(args: argparse.Namespace) -> int:
    from pathlib import Path

    from veilleuse.platform import django_setup

    passphrase = _passphrase(args, confirm=False)
    django_setup()
    from veilleuse.core.backup import BackupError, backup_restore

    try:
        with progress_bar("Restoring", unit="parts") as advance:
            summary = backup_restore(
                path=Path(args.archive),
                passphrase=passphrase,
                force=args.force,
                on_progress=advance,
            )
    except BackupError as error:
        raise CommandError(str(error)) from None
    print(
        f"Restored {summary.rows:,} rows and {summary.files} files from the backup of "
        f"{summary.created}."
    )
    if summary.media_kept:
        print(f"  the previous uploaded files were kept in {summary.media_kept}", file=sys.stderr)
    return 0


def _purge(args: argparse.Namespace) -> int:
    from veilleuse.platform import database_require, django_setup

    django_setup()
    database_require()
    from veilleuse.alerts.services.retention import purge

    report = purge(dry_run=args.dry_run)
    title = "Would delete (dry run)" if args.dry_run else "Deleted"
    print(f"{title}: {report.total} rows and files of expired alert network data.")
    for kind, count in report.counts.items():
        print(f"  {kind}: {count}")
    return 0


def _rotate_keys(args: argparse.Namespace) -> int:
    from veilleuse.platform import database_require, django_setup

    django_setup()
    database_require()
    from veilleuse.alerts.crypto import CryptoError
    from veilleuse.alerts.services.keys import reencrypt_all, rehash_identifiers

    try:
        counts = reencrypt_all(batch_size=args.batch_size)
    except CryptoError as error:
        raise CommandError(f"{error} Keep every old key in the list until the run ends.") from None
    print(
        f"Re-encrypted under the newest key of VEILLEUSE_FIELD_KEYS: {sum(counts.values())} rows."
    )
    for model, count in counts.items():
        print(f"  {model}: {count}")
    if args.rehash:
        print(f"Lookup hashes recomputed under VEILLEUSE_LOOKUP_KEY: {rehash_identifiers()} rows.")
    print("Once every row is done, remove the old key from VEILLEUSE_FIELD_KEYS.")
    return 0


def _compliance(args: argparse.Namespace) -> int:
    from datetime import date

    from veilleuse.platform import database_require, django_setup

    try:
        when = date.fromisoformat(args.date) if args.date else None
    except ValueError:
        raise CommandError(f"--date {args.date!r} is not a date like 2026-12-07.") from None
    django_setup()
    database_require()
    from django.utils import timezone

    from veilleuse.accounts.models import Association
    from veilleuse.alerts.compliance import DOCUMENTS, compliance_documents, markdown_pdf

    association = None
    if args.association:
        association = Association.objects.filter(slug=args.association).first()
        if association is None:
            raise CommandError(f"No association {args.association!r} in this installation.")
    documents = compliance_documents(
        association=association, when=when or timezone.localdate(), version=args.revision
    )
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name in DOCUMENTS:
        text = documents.named(name)
        (out / f"{name}.md").write_text(text, encoding="utf-8")
        (out / f"{name}.pdf").write_bytes(markdown_pdf(text, title=name))
        print(f"Wrote {out / name}.md and {out / name}.pdf")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="veilleuse",
        description="Grade candidates' answers to an advocacy questionnaire, with evidence.",
    )
    parser.add_argument("--version", action="version", version=f"veilleuse {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    _engine_commands(commands)
    _platform_commands(commands)
    _data_commands(commands)
    return parser


# The table of subcommands: argparse gives it no public name.
Commands = argparse._SubParsersAction


def _engine_commands(commands: Commands[argparse.ArgumentParser]) -> None:
    """The engine, without Django: analyse, analyse-batch (and eval, calibrate)."""
    analyse = commands.add_parser("analyse", help="split, align and grade one reply document")
    analyse.add_argument("file", help="the reply: .txt .md .docx .odt .pdf .html or .eml")
    analyse.add_argument(
        "--questionnaire",
        "-q",
        metavar="Q",
        help="the questionnaire (YAML or JSON) to align the answers to",
    )
    analyse.add_argument(
        "--format",
        "-f",
        choices=("table", "json", "markdown"),
        default="table",
        help="output format (default: table)",
    )
    analyse.add_argument(
        "--save-questionnaire",
        metavar="OUT",
        help="write the questionnaire inferred from the document (YAML/JSON)",
    )
    _add_backend_options(analyse)
    analyse.set_defaults(handler=_analyse)

    batch = commands.add_parser(
        "analyse-batch", help="grade JSONL lines {id, question, answer}, streaming"
    )
    batch.add_argument("input", help="input JSONL file, or - for standard input")
    batch.add_argument("--out", "-o", required=True, help="output JSONL file, or - for stdout")
    batch.add_argument("--quiet", action="store_true", help="no progress line")
    _add_backend_options(batch)
    batch.set_defaults(handler=_analyse_batch)
    _measure_commands(commands)


def _measure_commands(commands: Commands[argparse.ArgumentParser]) -> None:
    """Measuring the engine: eval, calibrate."""
    evaluate = commands.add_parser("eval", help="agreement of suggested grades with human grades")
    evaluate.add_argument("gold", help="JSONL with id, grade (and question, answer)")
    evaluate.add_argument("--pred", help="JSONL with id, grade; default: grade the gold's answers")
    evaluate.add_argument("--format", "-f", choices=("text", "json"), default="text")
    _add_backend_options(evaluate)
    evaluate.set_defaults(handler=_eval)

    calibrate = commands.add_parser(
        "calibrate", help="fit the engine's confidence on development sets (never held-out)"
    )
    calibrate.add_argument("gold", nargs="+", help="development JSONL files with id and grade")
    calibrate.add_argument("--out", help="where to write the table (default: the engine's own)")
    calibrate.set_defaults(handler=_calibrate)


def _platform_commands(commands: Commands[argparse.ArgumentParser]) -> None:
    """Running the platform: demo, serve, production, doctor."""
    demo = commands.add_parser(
        "demo", help="create or migrate the database and load the demo campaign (idempotent)"
    )
    demo.set_defaults(handler=_demo)

    serve = commands.add_parser("serve", help="run the platform and its background worker")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.add_argument("--host", default="127.0.0.1", help="address (default: 127.0.0.1)")
    serve.set_defaults(handler=_serve)

    production = commands.add_parser(
        "production",
        help="run the production processes of deploy/systemd (web, workers) without systemd",
    )
    production.add_argument(
        "--env-file",
        metavar="FILE",
        help="the installation's environment file (as deploy/veilleuse.env.example)",
    )
    production.add_argument(
        "--with-caddy", action="store_true", help="also run Caddy on deploy/Caddyfile"
    )
    production.set_defaults(handler=_production)

    doctor = commands.add_parser(
        "doctor", help="say what is wrong with this installation (keys, HTTPS, worker, backups)"
    )
    doctor.set_defaults(handler=_doctor)


def _data_commands(commands: Commands[argparse.ArgumentParser]) -> None:
    """The platform's data: backup, restore (and the site, the public record, the keys)."""
    _site_commands(commands)
    backup = commands.add_parser(
        "backup", help="write an encrypted archive of the database and the uploaded files"
    )
    backup.add_argument("out", help="the archive to write, e.g. veilleuse-2026-03-01.vbak")
    _add_passphrase_option(backup)
    backup.set_defaults(handler=_backup)

    restore = commands.add_parser(
        "restore", help="restore the database and the uploaded files from an archive"
    )
    restore.add_argument("archive", help="an archive written by veilleuse backup")
    _add_passphrase_option(restore)
    restore.add_argument(
        "--force", action="store_true", help="replace a database that already holds data"
    )
    restore.set_defaults(handler=_restore)
    _key_commands(commands)


def _site_commands(commands: Commands[argparse.ArgumentParser]) -> None:
    """Publishing and the public record: publish and the commands about official acts."""
    publish = commands.add_parser(
        "publish", help="build a campaign's static site (comparison, open data) into a folder"
    )
    publish.add_argument("campaign", help="the campaign's identifier, e.g. paris-2026")
    publish.add_argument("--out", "-o", help=_PUBLISH_OUT_HELP)
    publish.add_argument(
        "--site-url", help="where the site will be hosted (makes the Atom feed's links absolute)"
    )
    publish.set_defaults(handler=_publish)

    acts = commands.add_parser(
        "import-acts", help="read the city's public acts from a file or an address"
    )
    acts.add_argument("campaign", help="the campaign's identifier, e.g. paris-2026")
    acts.add_argument(
        "format",
        choices=(
            "scdl-deliberations",
            "scdl-subsidies",
            "paris-subsidies",
            "paris-council",
            "orders-pdf",
        ),
        help="the source's format (docs/tracking.md, section 7)",
    )
    acts.add_argument("location", help="a file path or an http(s) address")
    acts.set_defaults(handler=_import_acts)

    match_eval = commands.add_parser(
        "match-eval", help="precision and recall of matching acts to commitments"
    )
    match_eval.add_argument("sets", nargs="+", help="JSON sets (tests/fixtures/matching/)")
    match_eval.add_argument("--verbose", action="store_true", help="list misses and errors")
    match_eval.set_defaults(handler=_match_eval)


def _key_commands(commands: Commands[argparse.ArgumentParser]) -> None:
    """The alert network's retention, keys and compliance documents: purge, rotate-keys,
    compliance."""
    purge = commands.add_parser(
        "purge", help="delete the alert network's data older than its retention period"
    )
    purge.add_argument("--dry-run", action="store_true", help="count, delete nothing")
    purge.set_defaults(handler=_purge)

    rotate = commands.add_parser(
        "rotate-keys", help="re-encrypt sensitive fields under the newest key (after adding one)"
    )
    rotate.add_argument(
        "--batch-size", type=int, default=500, help="rows per transaction (default: 500)"
    )
    rotate.add_argument(
        "--rehash",
        action="store_true",
        help="also recompute identifiers' lookup hashes (after changing VEILLEUSE_LOOKUP_KEY)",
    )
    rotate.set_defaults(handler=_rotate_keys)

    compliance = commands.add_parser(
        "compliance",
        help="write the impact assessment draft and the records of processing (Markdown, PDF)",
    )
    compliance.add_argument("--out", "-o", required=True, help="the folder to write them in")
    compliance.add_argument("--association", help="the association's identifier, e.g. demo")
    compliance.add_argument("--date", help="the date they carry (default: today), 2026-12-07")
    compliance.add_argument("--revision", default="1", help="the version they carry (default: 1)")
    compliance.set_defaults(handler=_compliance)


def _add_passphrase_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--passphrase-env",
        metavar="VAR",
        help="the environment variable holding the passphrase (default: asked on the terminal)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    return run(handler, args)


def run(handler: Callable[[argparse.Namespace], int], args: Any) -> int:
    """Run a subcommand; turn the errors a person can fix into one line on stderr."""
    from veilleuse.analysis import AnalysisError
    from veilleuse.platform import PlatformError
    from veilleuse.production import ProductionError

    try:
        return handler(args)
    except (AnalysisError, CommandError, PlatformError, ProductionError) as error:
        print(f"veilleuse: {error}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("veilleuse: interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output went away (``| head``); nothing more to say.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as error:  # a bug: say so plainly, keep the traceback for debugging
        if os.environ.get("VEILLEUSE_DEBUG"):
            raise
        print(
            f"veilleuse: internal error ({type(error).__name__}: {error}). Please report it; "
            "set VEILLEUSE_DEBUG=1 to see the details.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
