"""``{% staff_languages as LANGUAGES %}``: the languages staff pages are translated into
(``settings.STAFF_LANGUAGES``), for the staff language switcher. Members' pages offer all of
``settings.LANGUAGES``."""

from __future__ import annotations

from django import template
from django.conf import settings
from django_stubs_ext import StrOrPromise

register = template.Library()


@register.simple_tag
def staff_languages() -> list[tuple[str, StrOrPromise]]:
    return [(code, name) for code, name in settings.LANGUAGES if code in settings.STAFF_LANGUAGES]
