"""The impact assessment draft and the records of processing, generated (issue 20).

``compliance_documents(association=..., when=..., version=...)`` returns both documents as
Markdown, built from the installation's models (their encrypted fields), settings
(retention, keys, channels and gateways), the authorization table and the threat model's
residual risks; ``markdown_pdf`` lays one out as a PDF. ``veilleuse compliance`` and the
staff page (``alerts:compliance``) are their two clients. The example for the demo is in
docs/compliance/, and a test regenerates it and compares.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from veilleuse.accounts.models import Association
from veilleuse.alerts.compliance.pdf import markdown_pdf
from veilleuse.alerts.compliance.render import Controller, dpia, records

DOCUMENTS = ("dpia", "records")


@dataclass(frozen=True)
class Documents:
    dpia: str
    records: str

    def named(self, name: str) -> str:
        return self.dpia if name == "dpia" else self.records


def controller_of(association: Association | None) -> Controller:
    from django.conf import settings

    from veilleuse.alerts.services.contest import data_protection_profile, legal_basis_of

    if association is None:
        return Controller("(no association)", "", "", settings.VEILLEUSE_LEGAL_BASIS)
    profile = data_protection_profile(association=association)
    return Controller(
        name=profile.legal_name or association.name,
        address=" ".join(profile.address.split()),
        contact=profile.dpo_contact,
        legal_basis=legal_basis_of(profile=profile),
    )


def compliance_documents(*, association: Association | None, when: date, version: str) -> Documents:
    controller = controller_of(association)
    return Documents(
        dpia=dpia(controller, when, version), records=records(controller, when, version)
    )


__all__ = ["DOCUMENTS", "Documents", "compliance_documents", "markdown_pdf"]
