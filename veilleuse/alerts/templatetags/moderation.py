"""Template filters of the moderation pages: ``{% load moderation %}``."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from veilleuse.alerts.channels import channel_label as label_of_channel
from veilleuse.alerts.models import ReportKind
from veilleuse.core import locales
from veilleuse.core.locales import list_text

register = template.Library()


@register.filter
def kind_labels(kinds: Iterable[str]) -> str:
    """``["theft", "threats"]`` → "theft or robbery, threats" (in the page's language)."""
    return list_text(ReportKind.labels_of(kinds))


@register.filter
def language_name(code: str) -> str:
    """``"zh-hans"`` → its name in the page's language, as a sentence writes it (« chinois
    simplifié »; ``|capfirst`` where it stands alone)."""
    return locales.language_name(code)


@register.filter
def channel_label(name: str) -> str:
    """``"sms"`` → « SMS », ``"email"`` → « e-mail »: never the channel's code."""
    return label_of_channel(name)
