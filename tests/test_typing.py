"""The type checking stays whole: strict mypy with django-stubs over the whole package, no
module left out, and every ``# type: ignore`` naming its error code and saying why
(docs/architecture.md, "Types"). mypy itself runs in ``make check``."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "veilleuse"
IGNORE = re.compile(r"#\s*type:\s*ignore(?P<codes>\[[^\]]*\])?(?P<after>.*)$")


def mypy_config() -> dict[str, Any]:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        config: dict[str, Any] = tomllib.load(handle)["tool"]["mypy"]
    return config


def unexplained_ignores(lines: list[str]) -> list[int]:
    """Line numbers (1-based) of ignores without an error code, or without a reason: a comment
    after the ignore on the same line, or a comment on the line just above."""
    found = []
    for number, line in enumerate(lines, start=1):
        match = IGNORE.search(line)
        if match is None:
            continue
        reason_after = match["after"].strip().startswith("#")
        above = lines[number - 2].strip() if number > 1 else ""
        if not match["codes"] or not (reason_after or above.startswith("#")):
            found.append(number)
    return found


def test_mypy_is_strict_with_django_stubs_over_the_whole_package() -> None:
    config = mypy_config()
    assert config["strict"] is True
    assert "mypy_django_plugin.main" in config["plugins"]
    assert config["files"] == ["veilleuse"]
    assert not [o for o in config.get("overrides", []) if o.get("ignore_errors")]


def test_every_type_ignore_names_its_error_and_says_why() -> None:
    offenders = {
        str(path.relative_to(ROOT)): lines
        for path in sorted(PACKAGE.rglob("*.py"))
        if "migrations" not in path.parts and "tests" not in path.parts
        for lines in [unexplained_ignores(path.read_text(encoding="utf-8").splitlines())]
        if lines
    }
    assert offenders == {}


def test_the_ignore_rule_catches_a_bare_or_unexplained_ignore() -> None:
    assert unexplained_ignores(["x = f()  # type: ignore"]) == [1]
    assert unexplained_ignores(["x = f()  # type: ignore[arg-type]"]) == [1]
    assert unexplained_ignores(["x = f()  # type: ignore[arg-type]  # f is untyped"]) == []
    assert unexplained_ignores(["# f is untyped", "x = f()  # type: ignore[arg-type]"]) == []
