"""Validate the evaluation JSONL files and print counts per grade and language.

Usage: python evaluation/validate.py
Exits with status 1 if any file is invalid.
"""

import collections
import json
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
FILES = ["seed-gold.jsonl", "dev.jsonl", "heldout.jsonl", "dev-wide.jsonl", "heldout-wide.jsonl"]
KEYS = {"id", "lang", "question", "answer", "grade", "note", "source"}
GRADES = ["yes", "rather_yes", "noncommittal", "rather_no", "no", "no_answer"]
LANGS = {"fr", "en"}


def read_lines(name: str, errors: list[str]) -> list[str] | None:
    """The lines of one file, or None (with the error noted) when it is not UTF-8."""
    try:
        text = (HERE / name).read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        errors.append(f"{name}: not UTF-8 ({exc})")
        return None
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def record_errors(where: str, obj: dict[str, str]) -> list[str]:
    """What is wrong with one record whose keys are right."""
    errors = []
    if not all(isinstance(obj[k], str) for k in KEYS):
        errors.append(f"{where}: every value must be a string")
    if obj["grade"] not in GRADES:
        errors.append(f"{where}: bad grade {obj['grade']!r}")
    if obj["lang"] not in LANGS:
        errors.append(f"{where}: bad lang {obj['lang']!r}")
    errors += [
        f"{where}: empty {k}" for k in ("id", "question", "note", "source") if not obj[k].strip()
    ]
    if not obj["answer"].strip() and obj["grade"] != "no_answer":
        errors.append(f"{where}: empty answer must be graded no_answer")
    return errors


def parse_record(where: str, line: str, errors: list[str]) -> dict[str, str] | None:
    """The record on one line, or None (with the error noted) when it cannot be read."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        errors.append(f"{where}: invalid JSON ({exc})")
        return None
    if not isinstance(obj, dict) or set(obj) != KEYS:
        found = sorted(obj) if isinstance(obj, dict) else type(obj)
        errors.append(f"{where}: keys {found} != {sorted(KEYS)}")
        return None
    return obj


def check_file(name: str, errors: list[str], seen_ids: dict[str, str]) -> None:
    lines = read_lines(name, errors)
    if lines is None:
        return
    grades: collections.Counter[str] = collections.Counter()
    langs: collections.Counter[str] = collections.Counter()
    for n, line in enumerate(lines, 1):
        where = f"{name}:{n}"
        obj = parse_record(where, line, errors)
        if obj is None:
            continue
        errors += record_errors(where, obj)
        if obj["id"] in seen_ids:
            errors.append(f"{where}: duplicate id {obj['id']} (first in {seen_ids[obj['id']]})")
        seen_ids[obj["id"]] = where
        grades[obj["grade"]] += 1
        langs[obj["lang"]] += 1
    print(
        f"{name}: {len(lines)} lines | "
        + " ".join(f"{g}={grades[g]}" for g in GRADES)
        + " | "
        + " ".join(f"{lang}={langs[lang]}" for lang in sorted(LANGS))
    )


def main() -> int:
    errors: list[str] = []
    seen_ids: dict[str, str] = {}
    for name in FILES:
        check_file(name, errors, seen_ids)
    if errors:
        print("INVALID:")
        for e in errors:
            print("  " + e)
        return 1
    print(
        f"OK: {len(seen_ids)} records, all lines parse, all keys present, grades and langs "
        "valid, ids unique across files"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
