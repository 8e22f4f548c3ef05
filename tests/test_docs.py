"""The docs are kept honest: every environment variable the settings read is documented."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ROOT / "veilleuse" / "settings.py"
SETTINGS_DOC = ROOT / "docs" / "settings.md"

# Functions whose first argument is the name of an environment variable.
READERS = frozenset({"env", "env_bool", "env_list", "getenv"})


def called_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        # os.getenv(...), os.environ.get(...)
        if func.attr == "get" and isinstance(func.value, ast.Attribute):
            return "environ.get" if func.value.attr == "environ" else ""
        return func.attr
    return ""


def first_string_argument(node: ast.Call) -> str | None:
    if node.args and isinstance(node.args[0], ast.Constant):
        value = node.args[0].value
        return value if isinstance(value, str) else None
    return None


def environment_variables_read(source: str) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and called_name(node) in READERS | {"environ.get"}:
            name = first_string_argument(node)
            if name:
                names.add(name)
        elif (
            isinstance(node, ast.Subscript)
            and isinstance(node.value, ast.Attribute)
            and node.value.attr == "environ"
            and isinstance(node.slice, ast.Constant)
        ):
            names.add(str(node.slice.value))
    return names


def test_the_settings_read_the_variables_we_expect_to_find() -> None:
    # Guards the parser: if it found nothing, the completeness test below would pass vacuously.
    names = environment_variables_read(SETTINGS.read_text(encoding="utf-8"))

    assert {"DATABASE_URL", "VEILLEUSE_SECRET_KEY", "VEILLEUSE_PROFILE"} <= names


def test_the_parser_sees_every_way_of_reading_the_environment() -> None:
    source = (
        "env('A'); env_bool('B', True); env_list('C'); os.environ.get('D'); "
        "os.environ['E']; os.getenv('F')"
    )

    assert environment_variables_read(source) == {"A", "B", "C", "D", "E", "F"}


def test_every_environment_variable_read_by_the_settings_is_documented() -> None:
    documented = SETTINGS_DOC.read_text(encoding="utf-8")
    names = environment_variables_read(SETTINGS.read_text(encoding="utf-8"))

    missing = sorted(name for name in names if f"`{name}`" not in documented)
    assert not missing, f"Document these in docs/settings.md: {', '.join(missing)}"


def test_every_cli_subcommand_is_documented_in_docs_cli() -> None:
    from veilleuse.cli import build_parser

    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    missing = [name for name in subparsers.choices if f"`veilleuse {name}" not in text]
    assert not missing, f"docs/cli.md does not document: {', '.join(missing)}"


def test_every_variable_of_the_deploy_folder_is_documented() -> None:
    """The example environment file and gunicorn's settings name only documented variables."""
    documented = SETTINGS_DOC.read_text(encoding="utf-8")
    deploy = ROOT / "deploy"
    example = (deploy / "veilleuse.env.example").read_text(encoding="utf-8")
    names = {
        line.partition("=")[0]
        for line in example.splitlines()
        if "=" in line and not line.startswith("#")
    }
    names |= environment_variables_read((deploy / "gunicorn.conf.py").read_text(encoding="utf-8"))

    assert {"VEILLEUSE_PROFILE", "VEILLEUSE_WEB_WORKERS", "CADDY_TLS"} <= names
    missing = sorted(name for name in names if f"`{name}`" not in documented)
    assert not missing, f"Document these in docs/settings.md: {', '.join(missing)}"
