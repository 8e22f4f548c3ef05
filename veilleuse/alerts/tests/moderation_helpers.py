"""Reports and alerts for the moderation tests, filed through the services."""

from __future__ import annotations

from datetime import date
from typing import Any

from veilleuse.alerts.models import Alert, Report, ReportSource
from veilleuse.alerts.services import moderation
from veilleuse.alerts.tests.reporting import submit

PHONE = "+33 6 12 34 56 78"  # fictitious


def file_report(network: Any, *, author: Any = "rosa", zone: str = "belleville", **fields: Any):
    """A report by a member of the cast (by name), or on someone's behalf (``author=None``)."""
    member = getattr(network, author) if isinstance(author, str) else author
    values: dict[str, Any] = {
        "association": network.association,
        "source": ReportSource.MEMBER,
        "occurred_on": date(2026, 11, 3),
        "zone": network.zones[zone],
        "kinds": ["non_payment"],
        "language": member.language if member else "fr",
        "description": "Il est parti sans payer (fictif).",
        "aggressor": "Voiture grise (fictif).",
        **fields,
    }
    return submit(author=member, **values)


def draft_alert(network: Any, report: Report, *, actor: Any = None, **fields: Any) -> Alert:
    values: dict[str, Any] = {
        "kinds": report.kinds,
        "severity": 2,
        "zones": [network.zones["belleville"]],
        "languages": ["fr", "es"],
        "show_identifiers": False,
        "free_texts": {"fr": "Soyez prudentes."},
        **fields,
    }
    return moderation.alert_compose(actor=actor or network.moderator, report=report, **values)
