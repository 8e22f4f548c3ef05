"""Paris's own publications of the Conseil de Paris: the agenda ("ordre du jour", HTML or
plain text) and the summary minutes or deliberations (PDF with a text layer). Each lists its
deliberations by reference, "YEAR DIRECTION NUMBER" ("2025 DASES 123", "2025 DSP 14"),
followed by the title ("Subvention (88.000 euros) à l'association X (20e).") and, in the
minutes, the outcome: "adopté à main levée", "adopté", "rejeté", or the counts of a public
ballot ("Pour : 95, Contre : 40, Abstentions : 3").

The session's date is the first French date before the first reference ("Séance des 13, 14
et 15 mai 2025"), or the one given after the address: ``…/cr-mai-2025.pdf#date=2025-05-13``.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from django.utils.translation import gettext_lazy

from veilleuse.analysis import AnalysisError, read_bytes
from veilleuse.commitments.acts.base import (
    ActRecord,
    Importer,
    SourceError,
    is_web_address,
    load,
    parse_date,
)
from veilleuse.commitments.acts.orders_pdf import MONTHS, first_date
from veilleuse.commitments.acts.scdl_deliberations import funding

AUTHORITY = "Conseil de Paris"
# A reference starts a deliberation unless a word or a comma comes just before it: the PDF
# reader joins a page's lines, so "… (20e). Adopté. 2027 DASES 4 - …" is two deliberations,
# while "… modifiant la délibération 2024 DASES 12" only quotes one. An agenda's item number
# ("35 - ") may come first.
_REFERENCE = re.compile(
    r"(?<![^\W\d_])(?<![^\W\d_][ \t])(?<![,°'’][ \t])"
    r"(?:\d{1,4}[ \t]*[-–.)][ \t]*)?((?:19|20)\d\d)[ \t]+([A-Z][A-Z-]{0,9})\.?[ \t]+(\d{1,4})\b"
    r"[ \t]*[-–—:.]?[ \t]*"
)
_COUNT = r"[ \t]*:?[ \t]*(\d{1,4})"
_VOTES = (
    ("pour", re.compile(r"\bpour" + _COUNT, re.I)),
    ("contre", re.compile(r"\bcontre" + _COUNT, re.I)),
    ("abstention", re.compile(r"\babstentions?" + _COUNT, re.I)),
)
_DECISION = re.compile(
    r"\b(?:adopt|rejet|retir)[ée]e?s?\b(?:[^.\n;]{0,40}?(?:main lev[ée]e|unanimit[ée]))?", re.I
)
# "Séance des 13, 14 et 15 mai 2025": the session's first day.
_FIRST_DAY = re.compile(
    r"\b(\d{1,2})(?:er)?(?:\s*(?:,|et)\s*\d{1,2})+(?=\s+(?:" + "|".join(MONTHS) + r")\b)", re.I
)
# Where the title stops: the outcome, or the ballot.
_END_OF_TITLE = re.compile(_DECISION.pattern + r"|\bscrutin\b|\bpour[ \t]*:[ \t]*\d", re.I)


@dataclass(frozen=True)
class _Outcome:
    words: str
    votes: str


def read(location: str) -> Iterator[ActRecord]:
    address, given = _given_date(location)
    text = _text(address)
    matches = list(_REFERENCE.finditer(text))
    if not matches:
        raise SourceError("no_deliberations")
    session = given or first_date(_FIRST_DAY.sub(r"\1", text[: matches[0].start()]))
    ends = [m.start() for m in matches[1:]] + [len(text)]
    for match, end in zip(matches, ends, strict=True):
        yield _record(match, text[match.end() : end], session, address)


def _record(
    match: re.Match[str], block: str, session: datetime.date | None, address: str
) -> ActRecord:
    cut = _END_OF_TITLE.search(block)
    # Without an outcome (an agenda), the title is its first paragraph: what follows the last
    # one may be a page's footer.
    title = " ".join((block[: cut.start()] if cut else block.split("\n\n", 1)[0]).split())
    title = title.strip(" -–—:;,")
    outcome = _outcome(block[cut.start() :] if cut else "")
    beneficiary, amount = funding(title)
    return ActRecord(
        kind="deliberation",
        reference=" ".join(match.group(1, 2, 3)),
        title=title[:1000],
        decided_on=session,
        url=address if is_web_address(address) else "",
        text=" — ".join(part for part in (title, outcome.words, outcome.votes) if part),
        authority=AUTHORITY,
        beneficiary_name=beneficiary,
        amount=amount,
    )


def _outcome(tail: str) -> _Outcome:
    """The outcome as the minutes state it ("adopté à main levée") and the ballot's counts
    in the SCDL deliberations reader's words ("95 pour, 40 contre, 3 abstention")."""
    found = _DECISION.search(tail)
    words = " ".join(found.group().split()) if found else ""
    counts = [(word, pattern.search(tail)) for word, pattern in _VOTES]
    votes = ", ".join(f"{hit.group(1)} {word}" for word, hit in counts if hit)
    return _Outcome(words=words.lower(), votes=votes)


def _given_date(location: str) -> tuple[str, datetime.date | None]:
    address, _sep, given = location.partition("#date=")
    return address, parse_date(given, 1, "#date") if given else None


def _text(location: str) -> str:
    """The document's text, paragraphs apart, whatever it is: PDF, HTML or plain text
    (the engine's document readers tell them apart)."""
    body = load(location)
    name = PurePosixPath(urlsplit(location).path).name or "conseil"
    try:
        document = read_bytes(body, name)
    except AnalysisError as error:
        raise SourceError("document", reason=str(error)) from None
    return "\n\n".join(p.text.strip() for p in document.paragraphs if p.text.strip())


PARIS_COUNCIL = Importer(
    name="paris-council",
    label=gettext_lazy("Conseil de Paris: agenda or minutes (PDF, HTML or text)"),
    kind="deliberation",
    read=read,
)
