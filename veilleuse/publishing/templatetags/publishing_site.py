"""Filters of the published site. Candidate text is escaped piece by piece here: the only
markup in the result is ours (``<mark>``), never theirs."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def valid_spans(text: str, spans: Sequence[Mapping[str, object]]) -> list[tuple[int, int, str]]:
    """Spans whose offsets fall inside ``text`` (and, when the span carries its quote, point
    at that very quote), sorted, overlaps merged: a wrong offset is dropped, never shown."""
    found = []
    for span in spans:
        start, end = span.get("start"), span.get("end")
        if not isinstance(start, int) or not isinstance(end, int):
            continue
        if not 0 <= start < end <= len(text):
            continue
        if span.get("text") and text[start:end] != span["text"]:
            continue
        found.append((start, end, str(span.get("kind") or "evidence")))
    merged: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(found):
        if merged and start < merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], end), last[2])
        else:
            merged.append((start, end, kind))
    return merged


@register.filter
def highlight(text: str, spans: Sequence[Mapping[str, object]] | None) -> SafeString:
    """``text`` escaped, with ``<mark>`` around the evidence spans (offsets into ``text``)."""
    text = text or ""
    pieces: list[str] = []
    cursor = 0
    for start, end, kind in valid_spans(text, spans or []):
        pieces.append(escape(text[cursor:start]))
        pieces.append(f'<mark class="ev-{escape(kind)}">{escape(text[start:end])}</mark>')
        cursor = end
    pieces.append(escape(text[cursor:]))
    # Safe: every piece of candidate text was escaped above; the only markup is ours.
    return mark_safe("".join(pieces))  # noqa: S308 - escaped above


# An address as questionnaires write it: bare, or between angle brackets (« <https://…> »).
_ADDRESS = re.compile(r"<(https?://[^\s<>]+)>|(https?://[^\s<>]+[^\s<>.,;:!?)\]])", re.IGNORECASE)


@register.filter
def links(text: str) -> SafeString:
    """``text`` escaped, its addresses made links (the angle brackets around them dropped) and
    its line breaks kept. Nothing of ``text`` reaches the page unescaped."""
    out: list[str] = []
    last = 0
    for found in _ADDRESS.finditer(text):
        address = found.group(1) or found.group(2)
        out.append(escape(text[last : found.start()]))
        out.append(f'<a href="{escape(address)}" rel="nofollow">{escape(address)}</a>')
        last = found.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out).replace("\n", "<br>"))  # noqa: S308 - every piece escaped


@register.filter
def bare_addresses(text: str) -> str:
    """``text`` with the angle brackets around its addresses dropped, for a place that is
    already a link (escaped by the template as usual)."""
    return _ADDRESS.sub(lambda found: found.group(1) or found.group(2), text)
