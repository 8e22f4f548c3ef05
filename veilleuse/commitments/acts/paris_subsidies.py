"""Paris's subsidies voted to associations (opendata.paris.fr, dataset
``subventions-associations-votees-``, ODbL), read through the Opendatasoft Explore API v2.1.

The address is the dataset's records endpoint,
``https://opendata.paris.fr/api/explore/v2.1/catalog/datasets/<id>/records`` (a ``where``
filter may be kept in it): pages of ``limit`` records from ``offset`` until ``total_count``.
The API serves at most 10,000 records this way; beyond, the whole set is read once from
``…/exports/json`` (also accepted as the address, as is ``…/exports/csv``, semicolons).
Fields: ``numero_de_dossier,
annee_budgetaire, collectivite, nom_beneficiaire, numero_siret, objet_du_dossier,
montant_vote, direction, nature_de_la_subvention``. There is no deliberation reference: the
matching links a subsidy by SIRET or name, year and amount.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veilleuse.commitments.acts.base import (
    ActRecord,
    Importer,
    SourceError,
    csv_rows,
    fetch,
    is_web_address,
    load,
    parse_amount,
    row_error,
    siret,
)

PAGE = 100  # the API's largest page
WINDOW = 10_000  # offset + limit may not go past it


def read(location: str) -> Iterator[ActRecord]:
    path = urlsplit(location).path
    if path.rstrip("/").endswith("/exports/csv") or path.lower().endswith(".csv"):
        rows = csv_rows(load(location), ("numero_de_dossier", "nom_beneficiaire"), "Paris")
        for line, row in enumerate(rows, 2):
            yield _record(dict(row), line)
        return
    if not is_web_address(location) or "/exports/" in path:
        rows = _json(load(location))
        records = rows if isinstance(rows, list) else None
        if records is None:
            raise SourceError("api_shape")
        yield from _records(records, 1)
        return
    offset, total = 0, None
    while total is None or offset < total:
        page = _get(_page_url(location, offset))
        total = _total(page)
        if total > WINDOW:
            raise SourceError("too_many", total=total)
        results = page["results"]
        if not results:
            break
        yield from _records(results, offset + 1)
        offset += len(results)


def _page_url(location: str, offset: int) -> str:
    parts = urlsplit(location)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k not in ("limit", "offset")]
    query += [("limit", str(PAGE)), ("offset", str(offset))]
    return urlunsplit(parts._replace(query=urlencode(query)))


def _get(url: str) -> dict[str, Any]:
    page = _json(fetch(url, accept="application/json"))
    if not isinstance(page, dict) or not isinstance(page.get("results"), list):
        raise SourceError("api_shape")
    return page


def _json(body: bytes) -> Any:
    try:
        return json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise SourceError("json") from None


def _total(page: dict[str, Any]) -> int:
    total = page.get("total_count")
    if not isinstance(total, int) or total < 0:
        raise SourceError("api_shape")
    return total


def _records(rows: list[Any], first: int) -> Iterator[ActRecord]:
    for line, row in enumerate(rows, first):
        if not isinstance(row, dict):
            raise SourceError("api_shape")
        yield _record(row, line)


def _record(row: dict[str, Any], line: int) -> ActRecord:
    name = str(row.get("nom_beneficiaire") or "").strip()
    folder = str(row.get("numero_de_dossier") or "").strip()
    if not name or not folder:
        raise row_error(line, _("numero_de_dossier and nom_beneficiaire cannot be empty."))
    what = str(row.get("objet_du_dossier") or "").strip()
    year = str(row.get("annee_budgetaire") or "").strip()
    nature = str(row.get("nature_de_la_subvention") or "").strip()
    details = ", ".join(part for part in (nature, str(row.get("direction") or "")) if part)
    return ActRecord(
        kind="subsidy",
        reference=f"{year} {folder}".strip()[:200],
        title=what or name,
        text=f"{name} — {what} ({year}{', ' + details if details else ''})",
        authority=str(row.get("collectivite") or "")[:300],
        beneficiary_name=name[:300],
        beneficiary_siret=siret(str(row.get("numero_siret") or "")),
        amount=parse_amount(row.get("montant_vote"), line, "montant_vote"),
    )


PARIS_SUBSIDIES = Importer(
    name="paris-subsidies",
    label=gettext_lazy("Paris: subsidies voted to associations (Opendatasoft API)"),
    kind="subsidy",
    read=read,
)
