"""Who checked each translation of what members read (issue 14; docs/translations.md).

Each entry of a catalogue carries its review status as a translator comment, kept by
``makemessages`` and ``msgmerge``::

    # review: drafted machine 2026-12-07      a draft (by a machine, or not by a native speaker)
    # review: native Olena K. 2027-01-15      a native speaker read it and agrees

Not the gettext ``fuzzy`` flag: Django leaves fuzzy entries out when it compiles, so a draft
marked fuzzy would never be shown. An entry without a mark counts as a draft: nothing is
"reviewed" merely because it is not fuzzy. A fuzzy or empty entry "needs work" (Django shows
the English text instead).

``MEMBER_FACING`` says which source files hold what members read: a message is member-facing
when the ``#:`` references of its entry, in any catalogue, point into one of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils.translation import to_locale

# Files (paths relative to veilleuse/, as in the ``#:`` references) whose strings a member can
# see. A prefix ending in "/" covers a directory; "alerts/views/member" covers member.py and
# member_helpers.py.
MEMBER_FACING = (
    "alerts/forms/member.py",
    "alerts/selectors/member.py",
    "alerts/services/reports.py",
    "alerts/services/members.py",
    "alerts/services/notifications.py",
    "alerts/services/links.py",
    "alerts/services/checks.py",
    "alerts/services/data_rights.py",
    "alerts/services/duress.py",
    "alerts/services/voice.py",
    "alerts/services/contest.py",  # the public contest form's refusals (issue 20)
    "alerts/forms/contest.py",
    "alerts/views/notice.py",
    "alerts/templates/alerts/contest/",
    "alerts/views/member",
    "alerts/views/notifications.py",
    "alerts/views/channels.py",
    "alerts/views/checks.py",
    "alerts/forms/checkins.py",
    "alerts/services/checkins.py",
    "alerts/services/escalation_texts.py",
    "alerts/views/checkins.py",
    "alerts/templates/alerts/checkins/",
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

MARK = re.compile(r"^review:\s*(?P<status>drafted|native)\b\s*(?P<who>.*)$")
DRAFTED, NATIVE, NEEDS_WORK = "drafted", "native", "needs work"


@dataclass(frozen=True)
class LanguageReview:
    """What the member-facing entries of one language's catalogue say about their review."""

    code: str  # Django's language code, e.g. "zh-hans"
    entries: int  # member-facing messages
    drafted: int  # translated, not (yet) reviewed by a native speaker
    native: int  # translated and reviewed by a native speaker
    needs_work: int  # missing, empty or fuzzy: the member reads English
    reviewers: tuple[str, ...]  # who reviewed, as written in the marks


def catalogue_path(code: str) -> Path:
    return Path(settings.LOCALE_PATHS[0]) / to_locale(code) / "LC_MESSAGES" / "django.po"


@lru_cache(maxsize=32)
def _read(path: Path, modified: float) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def catalogue(code: str) -> Catalog:
    """The catalogue of ``code``, read again only when its file changed."""
    path = catalogue_path(code)
    return _read(path, path.stat().st_mtime)


def message_key(message: Message) -> tuple[str, str | None]:
    singular = message.id if isinstance(message.id, str) else message.id[0]
    return singular, message.context


def is_member_facing(message: Message) -> bool:
    return any(str(path).startswith(MEMBER_FACING) for path, _line in message.locations)


def member_keys(codes: Iterable[str]) -> set[tuple[str, str | None]]:
    """Every message some catalogue's references say a member sees."""
    return {
        message_key(message)
        for code in codes
        for message in catalogue(code)
        if message.id and is_member_facing(message)
    }


def review_of(message: Message | None) -> tuple[str, str]:
    """(status, who) of one entry: DRAFTED, NATIVE or NEEDS_WORK, and the reviewer's name."""
    if message is None or message.fuzzy:
        return NEEDS_WORK, ""
    string = message.string
    texts = [string] if isinstance(string, str) else list(string or ())
    if not texts or not all(texts):
        return NEEDS_WORK, ""
    for comment in message.user_comments:
        mark = MARK.match(comment.strip())
        if mark and mark["status"] == NATIVE:
            return NATIVE, mark["who"].strip()
    return DRAFTED, ""


def language_review(code: str, keys: set[tuple[str, str | None]]) -> LanguageReview:
    messages = {message_key(message): message for message in catalogue(code) if message.id}
    counts = {DRAFTED: 0, NATIVE: 0, NEEDS_WORK: 0}
    reviewers: set[str] = set()
    for key in keys:
        status, who = review_of(messages.get(key))
        counts[status] += 1
        if who:
            reviewers.add(re.sub(r"\s*\d{4}-\d{2}-\d{2}$", "", who))
    return LanguageReview(
        code=code,
        entries=len(keys),
        drafted=counts[DRAFTED],
        native=counts[NATIVE],
        needs_work=counts[NEEDS_WORK],
        reviewers=tuple(sorted(reviewers)),
    )


def translation_review() -> list[LanguageReview]:
    """Each member language but English (the source), in the order of ``LANGUAGES``."""
    codes = [code for code, _name in settings.LANGUAGES]
    keys = member_keys(codes)
    return [language_review(code, keys) for code in codes if code != "en"]
