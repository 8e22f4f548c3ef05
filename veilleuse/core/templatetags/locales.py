"""``{% load locales %}``: lists, months and language names as the page's language writes
them (``veilleuse.core.locales``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django import template

from veilleuse.core import locales

register = template.Library()


@register.filter
def list_text(items: Iterable[object]) -> str:
    """``{{ kinds|list_text }}`` → « vol et menaces », « 盗窃和威胁 »."""
    return locales.list_text(items)


@register.filter
def month_text(value: date | None) -> str:
    """``{{ day|month_text }}`` → « novembre 2026 », « 2026年11月 »."""
    return locales.month_text(value) if value else ""


@register.filter
def language_name(code: str) -> str:
    """``{{ "zh-hans"|language_name }}`` → « chinois (simplifié) », as a sentence says it."""
    return locales.language_name(code)
