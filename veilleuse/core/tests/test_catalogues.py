"""The translation catalogues are complete, correct and compiled.

French is the platform's first language: every string the code marks for translation must
have a French translation, reviewed (not "fuzzy"), that keeps the placeholders of the
English source, and the compiled ``.mo`` files must match the ``.po`` files Django reads.

When one of these tests fails after you added or changed a string in the code, from the
``veilleuse/`` directory (the one holding ``locale/``):

1. collect the strings::

       DJANGO_SETTINGS_MODULE=veilleuse.settings VEILLEUSE_PROFILE=test \\
         ../.venv/bin/django-admin makemessages -l fr -l en -l es -l zh_Hans -l ro -l pt \\
         --ignore 'analysis/*' --ignore '*/tests/*' --no-obsolete

2. in ``locale/fr/LC_MESSAGES/django.po``, fill every empty ``msgstr`` and remove every
   ``#, fuzzy`` flag once the suggested translation is checked (keep ``python-format``).
   Keep ``%(name)s``, ``{name}`` and HTML tags exactly; French typography: a no-break
   space (U+00A0) before ``? : ; !`` and inside « », and the apostrophe ’;

3. compile::

       DJANGO_SETTINGS_MODULE=veilleuse.settings VEILLEUSE_PROFILE=test \\
         ../.venv/bin/django-admin compilemessages

The English catalogue may keep empty ``msgstr``: the English source is then shown. The
Spanish, Chinese, Romanian and Portuguese catalogues must translate what members of the alert
network see (``veilleuse/alerts/tests/test_member_translations.py`` says which files).
"""

from __future__ import annotations

import gettext as gnu_gettext
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils.translation import gettext, ngettext, override

PACKAGE = Path(__file__).resolve().parents[2]
LOCALE = PACKAGE / "locale"
FRENCH = LOCALE / "fr" / "LC_MESSAGES" / "django.po"
ENGLISH = LOCALE / "en" / "LC_MESSAGES" / "django.po"
NBSP = "\N{NO-BREAK SPACE}"
NARROW_NBSP = "\N{NARROW NO-BREAK SPACE}"

HOW_TO_FIX = "see the docstring of veilleuse/core/tests/test_catalogues.py"


@dataclass(frozen=True)
class Entry:
    """One message of a ``.po`` file, as these tests read it (from polib's entry)."""

    msgid: str
    msgid_plural: str | None
    msgctxt: str | None
    msgstr: dict[int, str]
    flags: frozenset[str]
    references: tuple[str, ...]
    line: int

    @classmethod
    def of(cls, entry: polib.POEntry) -> Entry:
        plural = bool(entry.msgid_plural)
        return cls(
            msgid=entry.msgid,
            msgid_plural=entry.msgid_plural if plural else None,
            msgctxt=entry.msgctxt,
            msgstr=dict(entry.msgstr_plural) if plural else {0: entry.msgstr},
            flags=frozenset(entry.flags),
            references=tuple(path for path, _line in entry.occurrences),
            line=entry.linenum,
        )

    @property
    def key(self) -> str:
        return self.msgid if self.msgctxt is None else f"{self.msgctxt}\x04{self.msgid}"

    def where(self) -> str:
        return f"line {self.line}: {self.msgid!r}"


def messages(path: Path) -> list[Entry]:
    """The messages of a catalogue (without its header and obsolete ``#~`` entries)."""
    return [Entry.of(entry) for entry in polib.pofile(str(path)) if not entry.obsolete]


def plural_count(path: Path) -> int:
    header = polib.pofile(str(path)).metadata.get("Plural-Forms", "")
    match = re.search(r"nplurals\s*=\s*(\d+)", header)
    assert match, f"{path}: the header has no Plural-Forms"
    return int(match.group(1))


PLACEHOLDER = re.compile(
    r"%\([^)]+\)[#0 +-]*\d*(?:\.\d+)?[sdifrxXeEgGc]|\{[\w.\[\]]*\}|</?\w+[^>]*>"
)
BARE_PERCENT = re.compile(r"%[#0 +-]*\d*(?:\.\d+)?[sdifrxXeEgGc]")


def placeholders(text: str, python_format: bool) -> list[str]:
    found = PLACEHOLDER.findall(text)
    if python_format:
        found += BARE_PERCENT.findall(PLACEHOLDER.sub("", text.replace("%%", "")))
    return sorted(found)


def sources(entry: Entry, index: int) -> str:
    """The English text a translation form renders: the singular for form 0, else the plural."""
    if entry.msgid_plural is None or index == 0:
        return entry.msgid
    return entry.msgid_plural


def test_every_french_entry_is_translated() -> None:
    plurals = plural_count(FRENCH)
    untranslated = [
        entry.where()
        for entry in messages(FRENCH)
        if not entry.msgstr
        or any(not text for text in entry.msgstr.values())
        or (entry.msgid_plural is not None and sorted(entry.msgstr) != list(range(plurals)))
    ]
    assert not untranslated, f"Untranslated French entries ({HOW_TO_FIX}): {untranslated}"


def test_no_french_entry_is_fuzzy() -> None:
    fuzzy = [entry.where() for entry in messages(FRENCH) if "fuzzy" in entry.flags]
    assert not fuzzy, f"Fuzzy French entries, i.e. guesses nobody checked ({HOW_TO_FIX}): {fuzzy}"


@pytest.mark.parametrize("path", [FRENCH, ENGLISH], ids=["fr", "en"])
def test_translations_keep_the_placeholders_and_tags_of_the_source(path: Path) -> None:
    wrong = []
    for entry in messages(path):
        python_format = "python-format" in entry.flags
        for index, text in entry.msgstr.items():
            if not text:
                continue
            expected = placeholders(sources(entry, index), python_format)
            if placeholders(text, python_format) != expected:
                wrong.append(f"{entry.where()} msgstr[{index}]={text!r} must hold {expected}")
    assert not wrong, f"Placeholders differ from the source: {wrong}"


@pytest.mark.parametrize("path", [FRENCH, ENGLISH], ids=["fr", "en"])
def test_plural_entries_have_one_form_per_plural(path: Path) -> None:
    plurals = plural_count(path)
    wrong = [
        entry.where()
        for entry in messages(path)
        if entry.msgid_plural is not None and sorted(entry.msgstr) != list(range(plurals))
    ]
    assert plurals == 2
    assert not wrong, f"Plural entries without exactly {plurals} msgstr[n] forms: {wrong}"


def test_french_translations_follow_french_typography() -> None:
    """A no-break space before ? : ; ! » and after «, and the typographic apostrophe."""
    spaces = NBSP + NARROW_NBSP
    bad_space = re.compile(rf"[^{spaces}](?:[?!;»]|:(?=\s|$))|«[^{spaces}]")
    wrong = []
    for entry in messages(FRENCH):
        for text in entry.msgstr.values():
            prose = PLACEHOLDER.sub("x", text)
            if bad_space.search(prose) or "'" in prose:
                wrong.append(f"{entry.where()} → {text!r}")
    assert not wrong, f"French typography ({HOW_TO_FIX}): {wrong}"


def compiled_catalogue(mo: Path) -> dict[object, str]:
    with mo.open("rb") as handle:
        catalogue = dict(gnu_gettext.GNUTranslations(handle)._catalog)  # type: ignore[attr-defined]
    catalogue.pop("", None)
    return catalogue


def expected_catalogue(po: Path) -> dict[object, str]:
    expected: dict[object, str] = {}
    for entry in messages(po):
        if "fuzzy" in entry.flags or not all(entry.msgstr.values()):
            continue  # msgfmt leaves these out
        if entry.msgid_plural is None:
            expected[entry.key] = entry.msgstr[0]
        else:
            for index, text in entry.msgstr.items():
                expected[(entry.key, index)] = text
    return expected


@pytest.mark.parametrize("path", [FRENCH, ENGLISH], ids=["fr", "en"])
def test_the_compiled_catalogue_matches_the_po_file(path: Path) -> None:
    mo = path.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: run compilemessages ({HOW_TO_FIX})"
    assert compiled_catalogue(mo) == expected_catalogue(path), (
        f"{mo} is older than {path.name}: run compilemessages ({HOW_TO_FIX})"
    )


@pytest.mark.parametrize(
    ("english", "french"),
    [
        ("Sign in", "Se connecter"),  # accounts
        ("Skip to content", "Aller au contenu"),  # core
        ("Send my answers", "Envoyer mes réponses"),  # questionnaires
        ("four-eyes review", "double relecture"),  # questionnaires, models
        ("Rather yes", "Plutôt oui"),  # questionnaires, grades
        ("Non-committal", "Flou / à l’étude"),
    ],
)
def test_django_serves_the_french_catalogue(english: str, french: str) -> None:
    with override("fr"):
        assert gettext(english) == french


def test_django_serves_french_plurals() -> None:
    with override("fr"):
        one = ngettext("%(n)s paragraph", "%(n)s paragraphs", 1) % {"n": 1}
        many = ngettext("%(n)s paragraph", "%(n)s paragraphs", 3) % {"n": 3}
    assert (one, many) == ("1 paragraphe", "3 paragraphes")


def _copy_ignoring(root: Path) -> Callable[[str, list[str]], set[str]]:
    def ignore(directory: str, names: list[str]) -> set[str]:
        skipped = {"__pycache__", "locale", "tests"}
        if Path(directory) == root:
            skipped.add("analysis")
        return skipped & set(names)

    return ignore


@pytest.mark.skipif(
    shutil.which("xgettext") is None or shutil.which("msgmerge") is None,
    reason="needs the gettext tools (xgettext, msgmerge)",
)
def test_every_string_of_the_code_is_in_the_french_catalogue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run makemessages on a copy of the code: it must find no string the catalogue lacks."""
    tree = tmp_path / "veilleuse"
    shutil.copytree(PACKAGE, tree, ignore=_copy_ignoring(PACKAGE))
    catalogue = tree / "locale" / "fr" / "LC_MESSAGES" / "django.po"
    catalogue.parent.mkdir(parents=True)
    shutil.copy(FRENCH, catalogue)
    monkeypatch.chdir(tree)

    with override_settings(LOCALE_PATHS=[tree / "locale"]):
        call_command(
            "makemessages",
            locale=["fr"],
            ignore_patterns=["analysis/*", "*/tests/*"],
            no_obsolete=True,
            verbosity=0,
        )

    known = {entry.key for entry in messages(FRENCH)}
    missing = sorted(entry.key for entry in messages(catalogue) if entry.key not in known)
    assert not missing, f"Strings of the code missing from the catalogue ({HOW_TO_FIX}): {missing}"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs the gettext tools (msgfmt)")
@pytest.mark.parametrize("path", sorted(LOCALE.glob("*/LC_MESSAGES/django.po")), ids=str)
def test_every_catalogue_passes_the_format_check_compilemessages_runs(path: Path) -> None:
    """compilemessages refuses a catalogue msgfmt --check-format rejects (a Russian singular form
    without its %(counter)s, used for 21 too), so `make messages` would stop on it."""
    import subprocess

    result = subprocess.run(
        ["msgfmt", "--check-format", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
