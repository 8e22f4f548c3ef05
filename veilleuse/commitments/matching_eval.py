"""Measure the matching of acts to commitments on a hand-built set (docs/evaluation.md,
"Matching acts to commitments")::

    .venv/bin/python -m veilleuse.commitments.matching_eval tests/fixtures/matching/dev.json

A set is a JSON object: ``commitments`` (``key``, ``title``, ``quote``, optional
``beneficiary_name``, ``beneficiary_siret``, ``amount``) and ``acts`` (``kind``, ``title``,
``text``, the same optional fields, and ``gold``: the keys of the commitments the act
concerns). Every (act, commitment) pair is one decision: precision and recall are over the
pairs proposed. Plain Python: no database, no Django.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from veilleuse.commitments.matching import THRESHOLD, ActText, CommitmentText, match


@dataclass(frozen=True)
class Scores:
    pairs: int
    gold: int
    proposed: int
    right: int
    misses: tuple[str, ...]
    wrong: tuple[str, ...]

    @property
    def precision(self) -> float:
        return self.right / self.proposed if self.proposed else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.gold if self.gold else 1.0


def _amount(item: dict[str, Any]) -> Decimal | None:
    return Decimal(item["amount"]) if item.get("amount") else None


def load(path: Path) -> tuple[list[CommitmentText], list[tuple[ActText, set[str]]]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    commitments = [
        CommitmentText(
            key=index,
            title=c["title"],
            quote=c.get("quote", ""),
            beneficiary_name=c.get("beneficiary_name", ""),
            beneficiary_siret=c.get("beneficiary_siret", ""),
            amount=_amount(c),
        )
        for index, c in enumerate(data["commitments"])
    ]
    keys = [c["key"] for c in data["commitments"]]
    acts = [
        (
            ActText(
                kind=a["kind"],
                title=a["title"],
                text=a.get("text", ""),
                beneficiary_name=a.get("beneficiary_name", ""),
                beneficiary_siret=a.get("beneficiary_siret", ""),
                amount=_amount(a),
            ),
            {keys.index(k) for k in a["gold"]},
        )
        for a in data["acts"]
    ]
    return commitments, [(act, {str(k) for k in gold}) for act, gold in acts]


def evaluate(path: Path, threshold: float = THRESHOLD) -> Scores:
    commitments, acts = load(path)
    right, proposed, gold_total = 0, 0, 0
    misses, wrong = [], []
    for act, gold in acts:
        gold_total += len(gold)
        for commitment in commitments:
            found = match(commitment, act, threshold) is not None
            concerned = str(commitment.key) in gold
            proposed += found
            right += found and concerned
            label = f"{act.title[:60]} ↔ {commitment.title[:40]}"
            if concerned and not found:
                misses.append(label)
            elif found and not concerned:
                wrong.append(label)
    return Scores(
        pairs=len(acts) * len(commitments),
        gold=gold_total,
        proposed=proposed,
        right=right,
        misses=tuple(misses),
        wrong=tuple(wrong),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sets", nargs="+", type=Path)
    parser.add_argument("--threshold", type=float, default=THRESHOLD)
    parser.add_argument("--verbose", action="store_true", help="list the misses and errors")
    args = parser.parse_args(argv)
    for path in args.sets:
        s = evaluate(path, args.threshold)
        print(
            f"{path.name}: {s.pairs} pairs, {s.gold} concerned, {s.proposed} proposed, "
            f"{s.right} right · precision {s.precision:.2f} · recall {s.recall:.2f} "
            f"(threshold {args.threshold})"
        )
        if args.verbose:
            for label in s.misses:
                print("  missed:", label)
            for label in s.wrong:
                print("  wrong: ", label)
    return 0


if __name__ == "__main__":
    sys.exit(main())
