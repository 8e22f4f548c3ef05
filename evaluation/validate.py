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


def main() -> int:
    errors = []
    seen_ids = {}
    for name in FILES:
        path = HERE / name
        grades = collections.Counter()
        langs = collections.Counter()
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            errors.append(f"{name}: not UTF-8 ({exc})")
            continue
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        for n, line in enumerate(lines, 1):
            where = f"{name}:{n}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append(f"{where}: invalid JSON ({exc})")
                continue
            if not isinstance(obj, dict) or set(obj) != KEYS:
                found = sorted(obj) if isinstance(obj, dict) else type(obj)
                errors.append(f"{where}: keys {found} != {sorted(KEYS)}")
                continue
            if not all(isinstance(obj[k], str) for k in KEYS):
                errors.append(f"{where}: every value must be a string")
            if obj["grade"] not in GRADES:
                errors.append(f"{where}: bad grade {obj['grade']!r}")
            if obj["lang"] not in LANGS:
                errors.append(f"{where}: bad lang {obj['lang']!r}")
            for k in ("id", "question", "note", "source"):
                if not obj[k].strip():
                    errors.append(f"{where}: empty {k}")
            if not obj["answer"].strip() and obj["grade"] != "no_answer":
                errors.append(f"{where}: empty answer must be graded no_answer")
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
