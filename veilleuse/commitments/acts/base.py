"""What every reader shares: the record shape, reading a file or an address, CSV parsing,
and the errors a person can act on (one translated sentence, never a traceback)."""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import ipaddress
import json
import re
import socket
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _
from django_stubs_ext import StrOrPromise

TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class ActRecord:
    """One act as published: the SCDL fields Veilleuse keeps, whatever the source."""

    kind: str
    reference: str
    title: str
    decided_on: datetime.date | None = None
    url: str = ""
    text: str = ""
    authority: str = ""
    beneficiary_name: str = ""
    beneficiary_siret: str = ""
    amount: Decimal | None = None

    @property
    def text_hash(self) -> str:
        """The fingerprint of what the act says: same reference and text, same act."""
        body = "\n".join((self.reference, self.title, self.text, str(self.amount or "")))
        return hashlib.sha256(body.encode("utf-8")).hexdigest()


MESSAGES: dict[str, Callable[[], str]] = {
    "unknown_importer": lambda: _("Unknown format “%(name)s”."),
    "private": lambda: _(
        "%(host)s is an address of the server's own network: only public addresses are read."
    ),
    "scheme": lambda: _("Only web addresses starting with http:// or https:// can be read."),
    "http": lambda: _("The source answered with an error (HTTP %(status)s): %(message)s"),
    "unreachable": lambda: _("The source cannot be reached: %(reason)s."),
    "too_large": lambda: _("The source is larger than %(limit)s MB; nothing was imported."),
    "missing_file": lambda: _("There is no file at %(location)s."),
    "empty": lambda: _("The source is empty."),
    "encoding": lambda: _("The file is neither UTF-8 nor Latin-1 text."),
    "columns": lambda: _("This is not a %(format)s file: the columns %(columns)s are missing."),
    "row": lambda: _("Line %(line)s: %(problem)s"),
    "json": lambda: _("The source did not answer with valid JSON."),
    "api_shape": lambda: _("The API answer has no “results” list: is it an Explore API v2.1?"),
    "too_many": lambda: _(
        "The dataset has %(total)s records, more than the API pages through (10,000): give "
        "its …/exports/json address instead."
    ),
    "pdf": lambda: _("The PDF cannot be read: %(reason)s"),
    "document": lambda: _("The document cannot be read: %(reason)s"),
    "no_deliberations": lambda: _(
        "No deliberation was found: none of its lines starts with a reference such as "
        "“2025 DASES 123”. Is it the Conseil de Paris's agenda or minutes?"
    ),
}


class SourceError(Exception):
    """A source that cannot be read; ``str()`` is one translated sentence."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code, self.params = code, params

    def __str__(self) -> str:
        return MESSAGES[self.code]() % self.params


@dataclass(frozen=True)
class Importer:
    name: str
    label: StrOrPromise
    kind: str
    read: Callable[[str], Iterator[ActRecord]] = field(repr=False)


def max_bytes() -> int:
    return int(settings.VEILLEUSE_WATCH_MAX_MB) * 1024 * 1024


def is_web_address(location: str) -> bool:
    return urlsplit(location).scheme.lower() in ("http", "https")


def check_public(url: str) -> None:
    """Refuse an address whose host resolves to the server's own networks (loopback, private,
    link-local), unless ``VEILLEUSE_WATCH_PRIVATE_ADDRESSES`` allows it (tests)."""
    if not is_web_address(url):
        raise SourceError("scheme")
    if settings.VEILLEUSE_WATCH_PRIVATE_ADDRESSES:
        return
    host = urlsplit(url).hostname or ""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as error:
        raise SourceError("unreachable", reason=str(error)) from None
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not address.is_global or address.is_multicast:
            raise SourceError("private", host=host)


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to another public http(s) address."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: Any,
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        check_public(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_CheckedRedirects)


def fetch(url: str, *, accept: str = "*/*") -> bytes:
    """The body at ``url`` (a public http or https address), bounded in size and time."""
    check_public(url)
    # check_public above: http(s) only, never file:// (noqa S310 below).
    request = urllib.request.Request(url, headers={"Accept": accept, "User-Agent": "Veilleuse"})  # noqa: S310
    try:
        with _OPENER.open(request, timeout=TIMEOUT_SECONDS) as response:
            return _bounded(response.read(max_bytes() + 1))
    except urllib.error.HTTPError as error:
        raise SourceError("http", status=error.code, message=_error_message(error)) from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise SourceError("unreachable", reason=str(reason)) from None


def _error_message(error: urllib.error.HTTPError) -> str:
    """The server's explanation: an API's JSON ``{"error_code": …, "message": …}`` (the
    Opendatasoft shape), else the HTTP reason."""
    try:
        data = json.loads(error.read(10_000).decode("utf-8"))
        return str(data.get("message") or data.get("error_code"))[:300]
    except (ValueError, AttributeError, OSError):
        return str(error.reason)[:300]


def _bounded(body: bytes) -> bytes:
    if len(body) > max_bytes():
        raise SourceError("too_large", limit=max_bytes() // (1024 * 1024))
    return body


def load(location: str) -> bytes:
    """The bytes of a file path or of a web address."""
    if is_web_address(location):
        return fetch(location)
    path = Path(location)
    if not path.is_file():
        raise SourceError("missing_file", location=location)
    if path.stat().st_size > max_bytes():
        raise SourceError("too_large", limit=max_bytes() // (1024 * 1024))
    return path.read_bytes()


def decode(body: bytes) -> str:
    if not body.strip():
        raise SourceError("empty")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return body.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SourceError("encoding")


def csv_rows(body: bytes, required: tuple[str, ...], format_name: str) -> Iterator[dict[str, str]]:
    """Rows of a CSV (comma or semicolon, as French portals publish both), keyed by column,
    after checking that every ``required`` column is there."""
    text = decode(body)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    columns = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in required if name not in columns]
    if missing:
        raise SourceError("columns", format=format_name, columns=", ".join(missing))
    for row in reader:
        yield {(key or "").strip(): (value or "").strip() for key, value in row.items()}


def row_error(line: int, problem: str) -> SourceError:
    return SourceError("row", line=line, problem=problem)


def parse_date(value: str, line: int, column: str) -> datetime.date | None:
    """An ISO date (the SCDL's format), or a French dd/mm/yyyy; empty is None."""
    value = value.strip()[:10]
    if not value:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            # Only the date is kept: no time, so no time zone.
            return datetime.datetime.strptime(value, pattern).date()  # noqa: DTZ007
        except ValueError:
            continue
    message = _("“%(value)s” in %(column)s is not a date.")
    raise row_error(line, message % {"value": value, "column": column})


def parse_amount(value: object, line: int, column: str) -> Decimal | None:
    """A number of euros ("88000", "88 000,50", 88000.5); empty is None."""
    if value is None or value == "":
        return None
    text = re.sub(r"[\s\u00a0\u202f€]", "", str(value)).replace(",", ".")
    message = _("“%(value)s” in %(column)s is not an amount.")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        amount = Decimal("NaN")
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e12"):
        raise row_error(line, message % {"value": value, "column": column})
    return amount.quantize(Decimal("0.01"))


def siret(value: str) -> str:
    """The 14 digits of a SIRET, or "" when the field holds something else."""
    digits = re.sub(r"\D", "", value or "")
    return digits if len(digits) == 14 else ""


def web_or_blank(value: str) -> str:
    return value.strip() if is_web_address(value.strip()) else ""
