"""Readers of the city's public record (docs/decisions/0008-public-record-import-format.md).

One module per source format, like the document readers of the engine; each turns a file or
an address into ``ActRecord`` rows shaped on the national SCDL standards::

    from veilleuse.commitments.acts import importer, IMPORTERS
    for record in importer("scdl-deliberations").read("https://…/deliberations.csv"):
        ...

A new city plugs in by publishing SCDL files (nothing to write) or by adding a module that
yields ``ActRecord`` and one line in ``IMPORTERS``.
"""

from __future__ import annotations

from veilleuse.commitments.acts.base import ActRecord, Importer, SourceError
from veilleuse.commitments.acts.orders_pdf import ORDERS_PDF
from veilleuse.commitments.acts.paris_council import PARIS_COUNCIL
from veilleuse.commitments.acts.paris_subsidies import PARIS_SUBSIDIES
from veilleuse.commitments.acts.scdl_deliberations import SCDL_DELIBERATIONS
from veilleuse.commitments.acts.scdl_subsidies import SCDL_SUBSIDIES

IMPORTERS: dict[str, Importer] = {
    item.name: item
    for item in (SCDL_DELIBERATIONS, SCDL_SUBSIDIES, PARIS_SUBSIDIES, PARIS_COUNCIL, ORDERS_PDF)
}


def importer(name: str) -> Importer:
    try:
        return IMPORTERS[name]
    except KeyError:
        raise SourceError("unknown_importer", name=name) from None


__all__ = ["IMPORTERS", "ActRecord", "Importer", "SourceError", "importer"]
