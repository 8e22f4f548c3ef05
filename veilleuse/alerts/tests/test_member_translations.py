"""What a member sees is translated into every language of the alert network.

Staff pages are in French and English only (``settings.STAFF_LANGUAGES``), but a member — a
sex worker using the network on a phone — reads the member pages, the alerts, the number
check, the notification settings and "my data" in Spanish, Chinese, Romanian or Portuguese
too. So every catalogue entry whose ``#:`` references point to one of ``MEMBER_FACING`` must
be translated there, reviewed (not fuzzy), with the placeholders of the English source.

When one of these tests fails after you added a string to a member-facing file: regenerate
the catalogues as the docstring of ``veilleuse/core/tests/test_catalogues.py`` says, adding
``-l es -l zh_Hans -l ro -l pt``, translate the new entries of these four catalogues, then
compile. Strings only staff see may stay empty in these four languages.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext

from veilleuse.alerts.compose import alert_draft, render_text
from veilleuse.alerts.tests.moderation_helpers import draft_alert, file_report
from veilleuse.core.tests.test_catalogues import (
    LOCALE,
    Entry,
    compiled_catalogue,
    expected_catalogue,
    messages,
    placeholders,
    plural_count,
    sources,
)

# Files (paths relative to veilleuse/, as in the ``#:`` references) whose strings a member can
# see. A prefix ending in "/" covers a directory; "alerts/views/member" covers member.py and
# member_helpers.py.
MEMBER_FACING = (
    "alerts/forms/member.py",
    "alerts/selectors/member.py",
    "alerts/services/reports.py",
    "alerts/services/members.py",
    "alerts/services/notifications.py",
    "alerts/services/checks.py",
    "alerts/services/data_rights.py",
    "alerts/views/member",
    "alerts/views/notifications.py",
    "alerts/views/checks.py",
    "alerts/views/my_data.py",
    "alerts/templates/alerts/member_base.html",
    "alerts/templates/alerts/member/",
    "alerts/templates/alerts/notifications/",
    "alerts/templates/alerts/checks/",
    "alerts/templates/alerts/my_data/",
    "alerts/compose.py",
    "alerts/models/",
    "alerts/channels/",
    "core/templates/base.html",  # the notification pages extend it
    "core/templates/400.html",  # a report too large or malformed
    "core/templates/500.html",
    "core/templates/core/",  # error pages, e.g. a request too large
    "settings.py",  # the languages' names
)

MEMBER_LANGUAGES = ["es", "zh_Hans", "ro", "pt"]  # the directory names under locale/
CJK = re.compile(r"[\u4e00-\u9fff]")


def catalogue(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "django.po"


def member_entries(path: Path) -> list[Entry]:
    return [
        entry
        for entry in messages(path)
        if any(ref.startswith(MEMBER_FACING) for ref in entry.references)
    ]


def expected_placeholders(entry: Entry, index: int, plurals: int) -> list[str]:
    """A language with one plural form (Chinese) says every count with the plural source."""
    source = entry.msgid_plural if plurals == 1 and entry.msgid_plural else sources(entry, index)
    return placeholders(source, "python-format" in entry.flags)


@pytest.mark.parametrize("language", MEMBER_LANGUAGES)
def test_the_member_facing_files_are_found_in_the_catalogue(language: str) -> None:
    """Guards the other tests: without references (--no-location) they would check nothing."""
    keys = {entry.msgid for entry in member_entries(catalogue(language))}
    assert len(keys) > 300
    assert {"Leave quickly", "Ask for payment first.", "Check a number", "My data"} <= keys


@pytest.mark.parametrize("language", MEMBER_LANGUAGES)
def test_every_member_facing_entry_is_translated_and_reviewed(language: str) -> None:
    path = catalogue(language)
    plurals = plural_count(path)
    wrong = [
        entry.where()
        for entry in member_entries(path)
        if "fuzzy" in entry.flags
        or not entry.msgstr
        or not all(entry.msgstr.values())
        or (entry.msgid_plural is not None and sorted(entry.msgstr) != list(range(plurals)))
    ]
    assert not wrong, f"Member-facing entries untranslated or fuzzy in {language}: {wrong}"


@pytest.mark.parametrize("language", MEMBER_LANGUAGES)
def test_member_facing_translations_keep_the_placeholders(language: str) -> None:
    path = catalogue(language)
    plurals = plural_count(path)
    wrong = []
    for entry in member_entries(path):
        for index, text in entry.msgstr.items():
            expected = expected_placeholders(entry, index, plurals)
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
