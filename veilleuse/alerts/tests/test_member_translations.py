"""What a member sees is translated into every language of the alert network.

Staff pages are in French and English only (``settings.STAFF_LANGUAGES``), but a member — a
sex worker using the network on a phone — reads the member pages, the alerts, the number
check, the notification settings and "my data" in Spanish, Chinese, Romanian, Portuguese
(Brazilian), Arabic, Bulgarian, Russian or Ukrainian too. A message is member-facing when the
``#:`` references of its entry, in any of the catalogues, point to one of ``MEMBER_FACING``
(the catalogues of the newer languages carry fresh references, so a string whose file moved
is still found). Every member-facing message must be translated in every member language,
not fuzzy (Django would leave it out), with the placeholders of the English source.

When one of these tests fails after you added a string to a member-facing file: add its entry
by hand at the end of each member language's catalogue (``msgid``, the ``#:`` reference, the
translation, and the review mark ``# review: drafted machine YYYY-MM-DD`` unless a native
speaker checked it: docs/translations.md), then compile. Strings only staff see may stay
empty in these languages.
"""

from __future__ import annotations

import gettext as gnu_gettext
import re
from datetime import date
from pathlib import Path

import polib
import pytest
from django.utils import translation
from django.utils.translation import gettext

from veilleuse.alerts.compose import alert_draft, render_text
from veilleuse.alerts.tests.moderation_helpers import draft_alert, file_report
from veilleuse.alerts.translation_review import MEMBER_FACING
from veilleuse.core.tests.test_catalogues import (
    LOCALE,
    Entry,
    compiled_catalogue,
    expected_catalogue,
    messages,
    placeholders,
    plural_count,
)

# Which files hold what members read: ``MEMBER_FACING`` in veilleuse/alerts/translation_review.py
# (the staff page of translations reads the same list). Add a new member-facing file there.

# The directory names under locale/ of the member languages (French and English are checked by
# veilleuse/core/tests/test_catalogues.py).
MEMBER_LANGUAGES = ["es", "zh_Hans", "ro", "pt", "ar", "bg", "ru", "uk"]
CJK = re.compile(r"[\u4e00-\u9fff]")


def catalogue(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "django.po"


def member_entries(path: Path) -> list[Entry]:
    return [
        entry
        for entry in messages(path)
        if any(ref.startswith(MEMBER_FACING) for ref in entry.references)
    ]


def member_keys() -> set[str]:
    """Every message some catalogue's references say a member sees."""
    languages = ["fr", "en", *MEMBER_LANGUAGES]
    return {entry.key for language in languages for entry in member_entries(catalogue(language))}


def singular_form(path: Path) -> int:
    """The index of the form a catalogue uses for one (1 in Arabic, whose form 0 is zero), or -1
    when that form also says other counts (Russian's form 0 says 21 too): then every form
    follows the plural source and carries its number, as msgfmt --check-format requires."""
    header = polib.pofile(str(path)).metadata["Plural-Forms"]
    expression = header.split("plural=", 1)[1].rstrip(";")
    form = gnu_gettext.c2py(expression)
    one = int(form(1))
    return -1 if any(form(n) == one for n in range(2, 1000)) else one


def expected_placeholders(entry: Entry, index: int, plurals: int, singular: int = 0) -> list[str]:
    """A language with one plural form (Chinese) says every count with the plural source;
    otherwise the form used for one follows the singular source, the others the plural."""
    if entry.msgid_plural is None:
        source = entry.msgid
    elif plurals == 1 or index != singular:
        source = entry.msgid_plural
    else:
        source = entry.msgid
    return placeholders(source, "python-format" in entry.flags)


@pytest.mark.parametrize("language", MEMBER_LANGUAGES)
def test_the_member_facing_files_are_found_in_the_catalogue(language: str) -> None:
    """Guards the other tests: without references (--no-location) they would check nothing."""
    keys = {entry.msgid for entry in member_entries(catalogue(language))}
    assert len(keys) > 300
    assert {"Leave quickly", "Ask for payment first.", "Check a number", "My data"} <= keys


@pytest.mark.parametrize("language", MEMBER_LANGUAGES)
def test_every_member_facing_entry_is_translated_and_not_fuzzy(language: str) -> None:
    path = catalogue(language)
    plurals = plural_count(path)
    wanted = member_keys()
    entries = {entry.key: entry for entry in messages(path)}
    missing = sorted(wanted - set(entries))
    assert not missing, f"Member-facing messages missing from the {language} catalogue: {missing}"
    wrong = [
        entry.where()
        for entry in (entries[key] for key in sorted(wanted))
        if "fuzzy" in entry.flags
        or not entry.msgstr
        or not all(entry.msgstr.values())
        or (entry.msgid_plural is not None and sorted(entry.msgstr) != list(range(plurals)))
    ]
    assert not wrong, f"Member-facing entries untranslated or fuzzy in {language}: {wrong}"


@pytest.mark.parametrize("language", MEMBER_LANGUAGES)
def test_member_facing_translations_keep_the_placeholders(language: str) -> None:
    path = catalogue(language)
    plurals, singular = plural_count(path), singular_form(path)
    wrong = []
    for entry in member_entries(path):
        for index, text in entry.msgstr.items():
            expected = expected_placeholders(entry, index, plurals, singular)
            if text and placeholders(text, "python-format" in entry.flags) != expected:
                wrong.append(f"{entry.where()} msgstr[{index}]={text!r} must hold {expected}")
    assert not wrong, f"Placeholders differ from the source in {language}: {wrong}"


@pytest.mark.parametrize("language", MEMBER_LANGUAGES)
def test_the_compiled_catalogue_matches_the_po_file(language: str) -> None:
    path = catalogue(language)
    mo = path.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: run compilemessages"
    assert compiled_catalogue(mo) == expected_catalogue(path), f"{mo} is older than its .po"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("es", "Salir rápido"),
        ("zh-hans", "快速离开"),
        ("ro", "Ieși repede"),
        ("pt", "Sair rápido"),
        ("ar", "مغادرة سريعة"),
        ("bg", "Бързо напускане"),
        ("ru", "Быстро уйти"),
        ("uk", "Швидко піти"),
    ],
)
def test_django_serves_each_member_language(code: str, expected: str) -> None:
    """The quick-exit button, on every member page, in the language codes of LANGUAGES."""
    with translation.override(code):
        assert gettext("Leave quickly") == expected


def test_an_alert_rendered_in_chinese_is_written_in_chinese(network) -> None:
    report = file_report(network, author="lin", kinds=["non_payment", "threats"])
    alert = draft_alert(network, report, languages=["zh-hans"], free_texts={})
    draft = alert_draft(alert)
    assert draft.occurred_on == date(2026, 11, 3)

    with translation.override("zh-hans"):
        text = render_text(draft, "zh-hans", {})

    headline, *advice = text.splitlines()
    assert CJK.search(headline), headline
    assert "Alert:" not in headline
    assert "Belleville" in headline  # a zone's name is not translated
    assert len(advice) == 2  # one piece of advice per kind
    assert all(CJK.search(line) for line in advice), advice
