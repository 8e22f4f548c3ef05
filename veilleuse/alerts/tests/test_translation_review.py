"""The review status of each translation, read from the catalogues' marks (issue 14)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from veilleuse.alerts.translation_review import (
    DRAFTED,
    NATIVE,
    NEEDS_WORK,
    catalogue,
    language_review,
    member_keys,
    review_of,
    translation_review,
)

MEMBER_CODES = [code for code, _name in settings.LANGUAGES if code != "en"]
NEW_LANGUAGES = ("ar", "bg", "ru", "uk")

SAMPLE = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

# review: native Olena K. 2027-01-15
#: alerts/templates/alerts/member_base.html:16
msgid "Leave quickly"
msgstr "Швидко піти"

# review: drafted machine 2026-12-07
#: alerts/templates/alerts/checks/check.html:5
msgid "Check a number"
msgstr "Перевірити номер"

#: alerts/templates/alerts/my_data/page.html:4
msgid "My data"
msgstr "Мої дані"

# review: native Olena K. 2027-01-15
#: alerts/templates/alerts/checks/check.html:9
#, fuzzy
msgid "No report"
msgstr "Повідомлень немає"

#: alerts/templates/alerts/checks/check.html:11
msgid "Check"
msgstr ""

#: alerts/views/network.py:10
msgid "Members"
msgstr ""
"""


@pytest.fixture
def sample_locale(tmp_path: Path, settings) -> Path:
    """A catalogue of Ukrainian with one entry in each state, as LOCALE_PATHS."""
    directory = tmp_path / "uk" / "LC_MESSAGES"
    directory.mkdir(parents=True)
    (directory / "django.po").write_text(SAMPLE, encoding="utf-8")
    settings.LOCALE_PATHS = [tmp_path]
    return directory / "django.po"


def test_each_mark_is_read_and_not_fuzzy_is_not_reviewed(sample_locale: Path) -> None:
    keys = member_keys(["uk"])
    assert ("Members", None) not in keys  # a staff string
    statuses = {key[0]: review_of(catalogue("uk")[key[0]]) for key in keys}
    assert statuses == {
        "Leave quickly": (NATIVE, "Olena K. 2027-01-15"),
        "Check a number": (DRAFTED, ""),
        "My data": (DRAFTED, ""),  # no mark: a draft, although not fuzzy
        "No report": (NEEDS_WORK, ""),  # fuzzy: Django would not use it, whatever its mark
        "Check": (NEEDS_WORK, ""),
    }
    review = language_review("uk", keys)
    assert (review.entries, review.drafted, review.native, review.needs_work) == (5, 2, 1, 2)
    assert review.reviewers == ("Olena K.",)


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs gettext's msgfmt")
def test_django_shows_a_draft_but_not_a_fuzzy_entry(sample_locale: Path, tmp_path: Path) -> None:
    """Why the status is a comment and not the fuzzy flag: msgfmt leaves fuzzy entries out."""
    subprocess.run(
        ["msgfmt", "-o", str(sample_locale.with_suffix(".mo")), str(sample_locale)], check=True
    )
    translation.trans_real._translations = {}  # type: ignore[attr-defined]
    try:
        with translation.override("uk"):
            assert gettext("Check a number") == "Перевірити номер"  # drafted, shown
            assert gettext("No report") == "No report"  # fuzzy, left out
    finally:
        translation.trans_real._translations = {}  # type: ignore[attr-defined]


def test_what_a_machine_drafted_is_counted_as_a_draft_in_every_language() -> None:
    """Honest marks: no translation of the project is marked as checked by a native speaker,
    and every member-facing message is translated in every member language."""
    rows = {row.code: row for row in translation_review()}
    assert sorted(rows) == sorted(MEMBER_CODES)
    for code, row in rows.items():
        assert row.entries > 400, code
        assert row.native == 0, code
        assert row.needs_work == 0, code
        assert row.drafted == row.entries, code


@pytest.mark.parametrize("code", NEW_LANGUAGES)
def test_every_entry_of_the_new_languages_carries_a_draft_mark(code: str) -> None:
    keys = member_keys([code])
    unmarked = [
        message.id
        for message in catalogue(code)
        if (
            message.id
            and (message.id if isinstance(message.id, str) else message.id[0], message.context)
            in keys
        )
        and not any(comment.startswith("review: ") for comment in message.user_comments)
    ]
    assert not unmarked, unmarked


def test_babel_reads_every_catalogue_without_a_warning(capsys) -> None:
    for code, _name in settings.LANGUAGES:
        path = Path(settings.LOCALE_PATHS[0]) / translation.to_locale(code) / "LC_MESSAGES"
        with (path / "django.po").open("rb") as handle:
            read_po(handle)
    assert "WARNING" not in capsys.readouterr().out


def test_staff_see_the_review_status_of_each_language(network) -> None:
    client = Client()
    client.force_login(network.moderator)
    page = client.get("/reseau/demo/traductions/")
    html = page.content.decode()
    assert page.status_code == 200
    for code in MEMBER_CODES:
        assert f'data-language="{code}"' in html
    assert 'data-native="0"' in html
    assert "Ukrainian" in html  # the language's name, never its code
