"""The locale's own way of writing a list, a month and a language's name (issue 14).

Django's formats know dates and numbers, not lists, and its ``YEAR_MONTH_FORMAT`` gives
« 十一月 2026 » in Chinese and « Noiembrie 2026 » in Romanian. These helpers read the Unicode
CLDR data shipped with Babel instead, in the active language by default:

- ``list_text(["vol", "menaces"])`` → « vol et menaces », « 盗窃和威胁 », « a، وb » …
  (the list pattern of the language, with its own separator: « 、 » in Chinese);
- ``month_text(date(2026, 11, 3))`` → « novembre 2026 », « 2026年11月 », « novembro de 2026 »
  (the language's own month-and-year pattern, in lower case where it writes months so);
- ``language_name("fr")`` → « français », « francés », « franceză », « French » — the name
  as it is written inside a sentence (lower case where the language does).

The member language ``pt`` is written in Brazilian Portuguese (docs/translations.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from babel import Locale, UnknownLocaleError
from babel.dates import format_skeleton
from babel.lists import format_list
from django.conf import settings
from django.utils import translation

# Django language code → CLDR locale, where ``to_locale`` is not the one meant.
CLDR_LOCALES = {"pt": "pt_BR"}


def parsed_locale(code: str) -> Locale | None:
    """The CLDR locale of the Django language code ``code``, None if CLDR does not know it."""
    try:
        return Locale.parse(CLDR_LOCALES.get(code) or translation.to_locale(code))
    except (UnknownLocaleError, ValueError):
        return None


def cldr_locale(language: str | None = None) -> Locale:
    """The CLDR locale of ``language`` (a Django code), by default the active language;
    English for a language CLDR does not know."""
    code = language or translation.get_language() or settings.LANGUAGE_CODE
    return parsed_locale(code) or Locale.parse("en")


def list_text(items: Iterable[object], *, language: str | None = None) -> str:
    """``items`` as one phrase of ``language``: « a, b et c », « a、b和c »."""
    texts = [str(item) for item in items]
    if not texts:
        return ""
    return format_list(texts, locale=cldr_locale(language))


def month_text(value: date, *, language: str | None = None) -> str:
    """The month and year of ``value``, as ``language`` writes them."""
    return format_skeleton("yMMMM", value, locale=cldr_locale(language))


def language_name(code: str, *, language: str | None = None) -> str:
    """The name of the language ``code`` inside a sentence of ``language``."""
    names = cldr_locale(language).languages
    described = parsed_locale(code)
    if described is None:
        return code
    full = f"{described.language}_{described.script}" if described.script else ""
    name = names.get(full) or ""
    if not name or "," in name:  # « китайский, упрощенное письмо »: the plain name reads better
        name = names.get(described.language) or name
    return str(name or code)
