"""Helpers for the reporting tests: a member's report and an alert made from it, written
straight to the database (moderation is tested on its own)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from veilleuse.alerts.models import Alert, AlertStatus, AlertText, ReportSource, Zone
from veilleuse.alerts.services.reports import ReportDetails, report_submit

# The keyword arguments of ``report_submit`` about who files; the rest are ``ReportDetails``.
FILER_FIELDS = ("author", "association", "source", "filed_by", "partner")


def submit(**fields: Any) -> Any:
    """``report_submit`` called with the filer and the details in one flat set of fields."""
    filer = {name: fields.pop(name) for name in FILER_FIELDS if name in fields}
    return report_submit(**filer, details=ReportDetails(**fields))


def member_report(member: Any, **overrides: Any) -> Any:
    fields: dict[str, Any] = {
        "author": member,
        "association": member.association,
        "source": ReportSource.MEMBER,
        "occurred_on": timezone.localdate(),
        "time_of_day": "night",
        "zone": Zone.objects.filter(pk__in=member.zone_ids).first(),
        "place": "près du square",
        "kinds": ["theft", "threats"],
        "description": "Il a pris mon sac et menacé de revenir.",
        "aggressor": "Homme, la cinquantaine, voiture grise.",
        "language": member.language,
        "identifiers": [("phone", "06 12 34 56 78"), ("plate", "ab-123-cd")],
    }
    fields.update(overrides)
    return submit(**fields)


def alert_from(
    report: Any,
    *,
    status: str = AlertStatus.PUBLISHED,
    languages: tuple[str, ...] = ("es", "fr"),
    texts: dict[str, str] | None = None,
    **fields: Any,
) -> Alert:
    published = status in (AlertStatus.PUBLISHED, AlertStatus.RETRACTED)
    now = timezone.now()
    alert = Alert.objects.create(
        association=report.association,
        report=report,
        kinds=report.kinds,
        severity=fields.pop("severity", 2),
        languages=list(languages),
        status=status,
        published_at=now if published else None,
        expires_at=now + timedelta(days=30) if published else None,
        **fields,
    )
    alert.zones.set([report.zone])
    for language, body in (texts or {"es": "Cuidado: robo.", "fr": "Attention : vol."}).items():
        AlertText.objects.create(alert=alert, language=language, body=body)
    return alert
