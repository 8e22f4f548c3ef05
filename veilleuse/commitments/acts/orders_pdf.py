"""Orders (arrêtés) of the city or the prefecture, published as PDF files with a text layer:
one order per file, read with the engine's document readers (pdfminer). The reference is the
order's number ("Arrêté n° 2025 P 12345"), the date the one in its title ("du 12 mars 2025")."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from django.utils.translation import gettext_lazy

from veilleuse.analysis import AnalysisError, read_bytes
from veilleuse.commitments.acts.base import ActRecord, Importer, SourceError, is_web_address, load

# fmt: off
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin",
          "juillet", "août", "septembre", "octobre", "novembre", "décembre")
# fmt: on
_NUMBER = re.compile(
    r"arr[êe]t[ée]\s+(?:\w+\s+){0,3}n[°o]\s*([\w /.-]{3,40}?)(?=\s+(?:du|portant|relatif)\b|$)",
    re.I | re.M,
)
_DATE = re.compile(r"\b(\d{1,2})(?:er)?\s+(" + "|".join(MONTHS) + r")\s+(\d{4})\b", re.I)
_TITLE = re.compile(r"\barr[êe]t[ée]\b[^.]{10,400}", re.I)


def read(location: str) -> Iterator[ActRecord]:
    body = load(location)
    name = PurePosixPath(urlsplit(location).path).name or "order.pdf"
    try:
        document = read_bytes(body, name if name.lower().endswith(".pdf") else f"{name}.pdf")
    except AnalysisError as error:
        raise SourceError("pdf", reason=str(error)) from None
    paragraphs = [p.text.strip() for p in document.paragraphs if p.text.strip()]
    text = "\n".join(paragraphs)
    heading = _TITLE.search(text)
    title = heading.group() if heading else paragraphs[0]
    number = _NUMBER.search(text)
    yield ActRecord(
        kind="order",
        reference=(number.group(1).strip() if number else name)[:200],
        title=title[:1000],
        decided_on=first_date(title) or first_date(text),
        url=location if is_web_address(location) else "",
        text=text,
    )


def first_date(text: str) -> datetime.date | None:
    for day, month, year in _DATE.findall(text):
        try:
            return datetime.date(int(year), MONTHS.index(month.lower()) + 1, int(day))
        except ValueError:
            continue
    return None


ORDERS_PDF = Importer(
    name="orders-pdf",
    label=gettext_lazy("Order (arrêté) as a PDF file"),
    kind="order",
    read=read,
)
