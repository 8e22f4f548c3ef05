"""SCDL "Délibérations" (schema.data.gouv.fr/scdl/deliberations, version 2.1): one CSV row
per deliberation, ``COLL_NOM, COLL_SIRET, DELIB_ID, DELIB_DATE, DELIB_MATIERE_CODE,
DELIB_MATIERE_NOM, DELIB_OBJET, BUDGET_ANNEE, BUDGET_NOM, PREF_ID, PREF_DATE, VOTE_EFFECTIF,
VOTE_REEL, VOTE_POUR, VOTE_CONTRE, VOTE_ABSTENTION, DELIB_URL``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veilleuse.commitments.acts.base import (
    ActRecord,
    Importer,
    csv_rows,
    load,
    parse_date,
    row_error,
    web_or_blank,
)

# The schema makes more columns mandatory; real files often leave some out, and these are
# the ones without which a row cannot be matched or cited.
REQUIRED = ("DELIB_ID", "DELIB_DATE", "DELIB_OBJET")
# Paris titles its funding deliberations "Subvention (88.000 euros) à l'association X (20e)":
# the beneficiary and amount then serve the matching as a subsidy's would.
_FUNDING = re.compile(
    r"subvention\s*\(\s*([\d .\u00a0\u202f]+)\s*(?:euros|€)\s*\)\s*à\s*"
    r"(?:l['’]association\s+|la\s+|le\s+|l['’])?([^()]{3,200}?)\s*(?:\(|$)",
    re.I,
)
VOTES = (("VOTE_POUR", "pour"), ("VOTE_CONTRE", "contre"), ("VOTE_ABSTENTION", "abstention"))


def read(location: str) -> Iterator[ActRecord]:
    for line, row in enumerate(csv_rows(load(location), REQUIRED, "SCDL Délibérations"), 2):
        if not row["DELIB_ID"] or not row["DELIB_OBJET"]:
            raise row_error(line, _("DELIB_ID and DELIB_OBJET cannot be empty."))
        votes = ", ".join(f"{row[c]} {word}" for c, word in VOTES if row.get(c))
        text = " — ".join(
            part for part in (row["DELIB_OBJET"], row.get("DELIB_MATIERE_NOM", ""), votes) if part
        )
        beneficiary, amount = funding(row["DELIB_OBJET"])
        yield ActRecord(
            kind="deliberation",
            reference=row["DELIB_ID"][:200],
            title=row["DELIB_OBJET"],
            decided_on=parse_date(row["DELIB_DATE"], line, "DELIB_DATE"),
            url=web_or_blank(row.get("DELIB_URL", "")),
            text=text,
            authority=row.get("COLL_NOM", "")[:300],
            beneficiary_name=beneficiary,
            amount=amount,
        )


def funding(title: str) -> tuple[str, Decimal | None]:
    """The beneficiary and amount of a "Subvention (N euros) à l'association X" title."""
    found = _FUNDING.search(title)
    digits = re.sub(r"\D", "", found.group(1)) if found else ""
    if found is None or not digits:
        return "", None
    return found.group(2).strip()[:300], Decimal(digits)


SCDL_DELIBERATIONS = Importer(
    name="scdl-deliberations",
    label=gettext_lazy("Deliberations (SCDL CSV)"),
    kind="deliberation",
    read=read,
)
