"""SCDL "Subventions" (schema.data.gouv.fr/scdl/subventions, version 2.1): one CSV row per
subsidy, ``nomAttribuant, idAttribuant, dateConvention, referenceDecision, nomBeneficiaire,
idBeneficiaire, rnaBeneficiaire, objet, montant, nature, …``."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veilleuse.commitments.acts.base import (
    ActRecord,
    Importer,
    csv_rows,
    load,
    parse_amount,
    parse_date,
    row_error,
    siret,
)

REQUIRED = ("dateConvention", "nomBeneficiaire", "objet", "montant")


def read(location: str) -> Iterator[ActRecord]:
    for line, row in enumerate(csv_rows(load(location), REQUIRED, "SCDL Subventions"), 2):
        if not row["nomBeneficiaire"] or not row["objet"]:
            raise row_error(line, _("nomBeneficiaire and objet cannot be empty."))
        amount = parse_amount(row["montant"], line, "montant")
        name = row["nomBeneficiaire"]
        yield ActRecord(
            kind="subsidy",
            # The decision's reference when given (it names the deliberation); else the
            # convention's date: with the beneficiary and amount in the hash, still one act.
            reference=(row.get("referenceDecision") or row["dateConvention"])[:200],
            title=row["objet"],
            decided_on=parse_date(row["dateConvention"], line, "dateConvention"),
            text=f"{name} — {row['objet']}",
            authority=row.get("nomAttribuant", "")[:300],
            beneficiary_name=name[:300],
            beneficiary_siret=siret(row.get("idBeneficiaire", "")),
            amount=amount,
        )


SCDL_SUBSIDIES = Importer(
    name="scdl-subsidies",
    label=gettext_lazy("Subsidies (SCDL CSV)"),
    kind="subsidy",
    read=read,
)
