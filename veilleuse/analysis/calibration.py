"""Calibrated confidence: how often suggestions like this one are right.

The rules give each decision step (``Grading.rule``) a raw confidence. On development data
only, we count how often each step's suggestion matched the human grade and store the
smoothed rate in ``calibration.json`` beside this module; a step seen rarely keeps close to
its raw confidence (a Beta prior worth ``_PRIOR_WEIGHT`` answers). The reliability table and
the expected calibration error (ECE) then tell, on any set, whether "0.8" means 8 in 10.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

TABLE = Path(__file__).with_name("calibration.json")
_PRIOR_WEIGHT = 4.0
_BIN_EDGES = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)


@dataclass(frozen=True, slots=True)
class Bin:
    low: float
    high: float
    count: int
    confidence: float  # mean confidence of the suggestions in the bin
    accuracy: float  # share of them that were right


@dataclass(frozen=True, slots=True)
class Reliability:
    bins: tuple[Bin, ...]
    ece: float
    count: int


def reliability(pairs: Sequence[tuple[float, bool]]) -> Reliability:
    """Reliability table over fixed confidence bins, and the expected calibration error:
    the mean gap between confidence and accuracy, each bin weighted by its size."""
    bins = []
    gap = 0.0
    for low, high in itertools.pairwise(_BIN_EDGES):
        inside = [(c, ok) for c, ok in pairs if low <= c < high or (high == 1.0 and c == 1.0)]
        if not inside:
            continue
        confidence = sum(c for c, _ in inside) / len(inside)
        accuracy = sum(ok for _, ok in inside) / len(inside)
        bins.append(Bin(low, high, len(inside), confidence, accuracy))
        gap += len(inside) * abs(confidence - accuracy)
    return Reliability(tuple(bins), gap / len(pairs) if pairs else 0.0, len(pairs))


def format_reliability(table: Reliability) -> str:
    lines = [
        f"calibration: expected calibration error {table.ece:.3f} over {table.count} answers",
        f"{'confidence':>12}{'answers':>9}{'mean conf.':>12}{'right':>8}",
    ]
    for b in table.bins:
        lines.append(
            f"{f'{b.low:.1f}–{b.high:.1f}':>12}{b.count:>9}{b.confidence:>12.2f}{b.accuracy:>8.2f}"
        )
    return "\n".join(lines) + "\n"


def fit(observations: Iterable[tuple[str, float, bool]]) -> dict[str, float]:
    """For each rule, the smoothed share of right suggestions: (right + w·raw) / (n + w)."""
    seen: dict[str, list[tuple[float, bool]]] = {}
    for rule, raw, right in observations:
        seen.setdefault(rule, []).append((raw, right))
    table = {}
    for rule, rows in sorted(seen.items()):
        raw = sum(r for r, _ in rows) / len(rows)
        hits = sum(ok for _, ok in rows)
        table[rule] = round((hits + _PRIOR_WEIGHT * raw) / (len(rows) + _PRIOR_WEIGHT), 2)
    return table


def write_table(table: dict[str, float], sources: Sequence[str], path: Path = TABLE) -> None:
    """Store a fitted table; ``sources`` names the development files it was fitted on."""
    payload = {
        "fitted_on": [Path(s).name for s in sources],
        "prior_weight": _PRIOR_WEIGHT,
        "rules": table,
    }
    path.write_text(json.dumps(payload, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    _fitted.cache_clear()


@lru_cache(maxsize=1)
def _fitted() -> dict[str, float]:
    try:
        data = json.loads(TABLE.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    return {str(k): float(v) for k, v in data.get("rules", {}).items()}


_RAW: list[bool] = []  # set while fitting: the rules' own confidences, uncalibrated


@contextmanager
def raw_confidences() -> Iterator[None]:
    """Grade with the rules' raw confidences, as fitting needs."""
    _RAW.append(True)
    try:
        yield
    finally:
        _RAW.pop()


def calibrated(rule: str, raw: float) -> float:
    """The confidence fitted for ``rule`` on development data, or ``raw`` if none was."""
    if _RAW:
        return raw
    return _fitted().get(rule, raw)
