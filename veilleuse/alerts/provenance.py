"""How many people told something: the one rule behind every "independent reports" figure
(an alert's provenance, a number check, a legal same-identifier match)."""

from __future__ import annotations

from collections.abc import Iterable


def independent_count(rows: Iterable[tuple[int, str]]) -> int:
    """Distinct authors among ``(report_id, author_hash)``; a report without an author (filed
    on someone's behalf, hash "") counts for one on its own."""
    return len({("member", author) if author else ("report", pk) for pk, author in rows})
