"""The shape of the code, enforced (docs/architecture.md).

The analysis engine stays plain Python, apps depend on each other in one direction only, and
migrations have names that say what they do.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "veilleuse"

# What each app may import from the other apps; ``analysis`` is open to all of them.
ALLOWED_APP_DEPENDENCIES: dict[str, set[str]] = {
    "core": set(),
    "accounts": {"core"},
    "questionnaires": {"core", "accounts"},
    "commitments": {"core", "accounts", "questionnaires"},
    "publishing": {"core", "accounts", "questionnaires", "commitments"},
    "alerts": {"core", "accounts"},
}
OPEN_TO_ALL_APPS = {"analysis"}


def python_files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*.py") if "__pycache__" not in path.parts)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path, module: str = "") -> Iterator[tuple[int, str]]:
    """Yield (line, absolute module name) for every import in ``path``, relative ones resolved.

    ``module`` is the dotted name of ``path``, found from its place in the tree if not given.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    parts = (module or module_name(path)).split(".")
    package_parts = parts if path.name == "__init__.py" else parts[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package_parts[: len(package_parts) - node.level + 1]
                prefix = ".".join([*base, node.module] if node.module else base)
            else:
                prefix = node.module or ""
            # ``from veilleuse import accounts`` imports the app, not just the package.
            for alias in node.names:
                yield node.lineno, f"{prefix}.{alias.name}"


def relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("module", ["veilleuse", "veilleuse.analysis", "veilleuse.cli"])
def test_importing_the_engine_and_the_cli_does_not_import_django(module: str) -> None:
    probe = (
        f"import sys, {module}; "
        "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] == 'django')))"
    )
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, env=env
    )
    assert result.returncode == 0, f"`import {module}` failed:\n{result.stderr}"
    assert result.stdout.strip() == "", (
        f"`import {module}` imported Django modules: {result.stdout.strip()}"
    )


def test_the_analysis_engine_imports_neither_django_nor_other_veilleuse_code() -> None:
    offences = []
    for path in python_files(PACKAGE / "analysis"):
        for line, name in imported_modules(path):
            top = name.split(".")[0]
            ours_outside = top == "veilleuse" and not name.startswith("veilleuse.analysis")
            if top == "django" or ours_outside:
                offences.append(f"{relative(path)}:{line} imports {name}")
    assert not offences, "veilleuse/analysis must stay plain Python:\n" + "\n".join(offences)


def app_of(name: str) -> str | None:
    parts = name.split(".")
    if len(parts) >= 2 and parts[0] == "veilleuse":
        return parts[1]
    return None


def dependency_offence(app: str, path: Path, name: str) -> str | None:
    """Why importing ``name`` from ``path`` (in ``app``) breaks the rules, or None."""
    target = app_of(name)
    allowed = ALLOWED_APP_DEPENDENCIES[app] | OPEN_TO_ALL_APPS
    if target is None or target == app or target in allowed:
        return None
    if target in ALLOWED_APP_DEPENDENCIES:
        return f"'{app}' may import only from {sorted(allowed)}"
    # The project modules (settings, urls, cli...) sit above the apps; tests may call the
    # settings helpers and build the shared cast (veilleuse.demo); code reads
    # django.conf.settings.
    if "tests" in path.relative_to(PACKAGE).parts and target in ("settings", "demo"):
        return None
    return f"apps must not import the project module veilleuse.{target}"


def test_apps_depend_on_each_other_in_one_direction_only() -> None:
    offences = []
    for app in ALLOWED_APP_DEPENDENCIES:
        for path in python_files(PACKAGE / app):
            for line, name in imported_modules(path):
                reason = dependency_offence(app, path, name)
                if reason:
                    offences.append(f"{relative(path)}:{line} imports {name}: {reason}")
    assert not offences, "App dependency rule broken:\n" + "\n".join(offences)


def views_offence(app: str, name: str) -> str | None:
    """Why importing ``name`` from a module of ``app`` reaches into another app's views, or
    None: what views share (permission checks, form helpers) lives in access.py or core."""
    target = app_of(name)
    parts = name.split(".")
    if target is None or target == app or len(parts) < 3 or parts[2] != "views":
        return None
    return f"'{app}' imports the views of '{target}': move what it needs to access.py or core"


def test_no_app_imports_another_apps_views() -> None:
    offences = [
        f"{relative(path)}:{line} imports {name}: {reason}"
        for app in ALLOWED_APP_DEPENDENCIES
        for path in python_files(PACKAGE / app)
        for line, name in imported_modules(path)
        if (reason := views_offence(app, name))
    ]
    assert not offences, "\n".join(offences)
    assert views_offence("commitments", "veilleuse.questionnaires.views.campaigns")
    assert views_offence("questionnaires", "veilleuse.questionnaires.views.campaigns") is None


@pytest.mark.parametrize(
    ("app", "file", "name"),
    [
        ("accounts", "models.py", "veilleuse.questionnaires.models"),
        ("alerts", "services.py", "veilleuse.commitments.selectors"),
        ("core", "models.py", "veilleuse.accounts"),
        ("questionnaires", "views.py", "veilleuse.settings"),
    ],
)
def test_the_dependency_rule_catches_an_import_against_the_flow(
    app: str, file: str, name: str
) -> None:
    assert dependency_offence(app, PACKAGE / app / file, name)


def test_every_app_on_disk_has_a_dependency_rule() -> None:
    apps_on_disk = {path.parent.name for path in PACKAGE.glob("*/apps.py")}
    assert apps_on_disk == set(ALLOWED_APP_DEPENDENCIES)


def test_the_dependency_checker_sees_relative_imports(tmp_path: Path) -> None:
    # Guard against a checker that could not fail: a relative import across apps must be
    # resolved to the app it reaches.
    probe = tmp_path / "probe.py"
    probe.write_text("from ..alerts import models\nfrom . import tasks\n", encoding="utf-8")
    names = [name for _, name in imported_modules(probe, "veilleuse.core.probe")]
    assert names == ["veilleuse.alerts.models", "veilleuse.core.tasks"]


DESCRIPTIVE_MIGRATION = re.compile(r"^\d{4}_[a-z][a-z0-9_]*$")
AUTOMATIC_MIGRATION = re.compile(r"_auto_\d{8}_\d{4}$|^\d{4}_auto(_|$)")


def test_every_migration_has_a_descriptive_name() -> None:
    migrations = [path for path in PACKAGE.glob("*/migrations/*.py") if path.name != "__init__.py"]
    assert migrations, "no migration found: the checker would pass vacuously"
    badly_named = [
        relative(path)
        for path in migrations
        if not DESCRIPTIVE_MIGRATION.match(path.stem) or AUTOMATIC_MIGRATION.search(path.stem)
    ]
    assert not badly_named, (
        "Name migrations after what they do (makemigrations --name ...): " + ", ".join(badly_named)
    )


def service_modules() -> Iterator[Path]:
    for app in ALLOWED_APP_DEPENDENCIES:
        folder = PACKAGE / app
        yield from ([folder / "services.py"] if (folder / "services.py").exists() else [])
        yield from sorted((folder / "services").glob("*.py"))


def positional_services(path: Path) -> list[str]:
    """The public functions of a service module that take an argument by position: services
    are called ``entity_verb(*, actor=..., ...)`` (docs/architecture.md, "Rooms of an app")."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and not node.name.startswith("_")
        and (node.args.posonlyargs or node.args.args or node.args.vararg)
    ]


def test_public_service_functions_are_keyword_only() -> None:
    found = {relative(path): positional_services(path) for path in service_modules()}
    assert len(found) > 20, "the service modules were not found"
    assert not {path: names for path, names in found.items() if names}


def test_the_keyword_only_rule_sees_a_positional_parameter(tmp_path: Path) -> None:
    module = tmp_path / "services.py"
    module.write_text("def zone_create(association, *, name): ...\ndef _helper(x): ...\n")
    assert positional_services(module) == ["zone_create"]


ROOMS = ("models", "services", "selectors", "access", "views", "forms", "urls", "admin", "tasks")


def mixed_rooms(app_folder: Path) -> list[str]:
    """The rooms of an app kept both as a module and as a package, or as suffixed siblings
    (``urls_moderation.py``): each room is one module or one package (docs/architecture.md)."""
    names = {path.name for path in app_folder.iterdir()}
    mixed = [room for room in ROOMS if f"{room}.py" in names and room in names]
    mixed += sorted(n for n in names if any(n.startswith(f"{room}_") for room in ROOMS))
    return mixed


def test_each_room_of_an_app_is_one_module_or_one_package() -> None:
    found = {app: mixed_rooms(PACKAGE / app) for app in ALLOWED_APP_DEPENDENCIES}
    assert not {app: rooms for app, rooms in found.items() if rooms}


def test_the_layout_rule_sees_a_suffixed_sibling(tmp_path: Path) -> None:
    (tmp_path / "urls").mkdir()
    (tmp_path / "urls.py").touch()
    (tmp_path / "forms_review.py").touch()
    assert mixed_rooms(tmp_path) == ["urls", "forms_review.py"]


# Functions stay short enough to read at once (docs/architecture.md, "Size"). Complexity is
# ruff's C901 (pyproject.toml); length is counted here, from the ``def`` line to the last line
# of the body, decorators and the blank lines around excluded, migrations apart.
MAX_FUNCTION_LINES = 40
LENGTH_CHECKED = ("veilleuse", "tests", "scripts", "benchmarks", "evaluation", "conftest.py")
# Waiting for their split; remove a line when it lands (the test says when).
LONG_FUNCTIONS_PENDING: frozenset[tuple[str, str]] = frozenset()


def long_functions(path: Path, limit: int = MAX_FUNCTION_LINES) -> Iterator[tuple[str, int]]:
    """(qualified name, lines) of every function of ``path`` longer than ``limit`` lines."""
    tree = ast.parse(path.read_text(encoding="utf-8"))

    def walk(node: ast.AST, prefix: str) -> Iterator[tuple[str, int]]:
        for child in ast.iter_child_nodes(node):
            name = prefix
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = f"{prefix}{child.name}."
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (child.end_lineno or child.lineno) - child.lineno + 1
                if lines > limit:
                    yield name.rstrip("."), lines
            yield from walk(child, name)

    yield from walk(tree, "")


def checked_files() -> Iterator[Path]:
    for entry in LENGTH_CHECKED:
        target = ROOT / entry
        files = [target] if target.is_file() else sorted(target.rglob("*.py"))
        yield from (path for path in files if "migrations" not in path.parts)


def test_no_function_is_longer_than_40_lines() -> None:
    found = {
        (str(path.relative_to(ROOT)), name): lines
        for path in checked_files()
        for name, lines in long_functions(path)
    }
    too_long = [
        f"{path}::{name} ({lines} lines)"
        for (path, name), lines in found.items()
        if (path, name) not in LONG_FUNCTIONS_PENDING
    ]
    assert not too_long, f"Split these into named steps (at most {MAX_FUNCTION_LINES} lines):\n" + (
        "\n".join(sorted(too_long))
    )
    done = sorted(set(LONG_FUNCTIONS_PENDING) - set(found))
    assert not done, f"Now short enough: remove them from LONG_FUNCTIONS_PENDING: {done}"


def test_the_length_rule_sees_a_long_method(tmp_path: Path) -> None:
    body = "\n".join(f"        x = {n}" for n in range(MAX_FUNCTION_LINES))
    module = tmp_path / "module.py"
    module.write_text(f"class Page:\n    def render(self):\n{body}\n        return x\n")
    assert list(long_functions(module)) == [("Page.render", MAX_FUNCTION_LINES + 2)]
