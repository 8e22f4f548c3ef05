"""A member's data as a person reads it (issue 14, item 7: no internal code reaches a person).

``member_data`` gives codes (a status, a kind, a language, a channel) and ISO dates, as the
JSON download must; the page shows ``my_data_display`` of it instead, every code replaced by
its label in the page's language and every date written out.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from veilleuse.alerts.channels import channel_label
from veilleuse.alerts.models import AlertStatus, DeliveryState, ReportKind, ReportStatus
from veilleuse.core.locales import language_name, list_text


def _label(choices: type[models.TextChoices], value: str) -> str:
    return str(choices(value).label) if value in choices.values else "—"


def _day(value: str | None) -> str:
    return date_format(date.fromisoformat(value[:10]), "DATE_FORMAT") if value else "—"


# A check-in's state as her own pages say it (``member_data`` gives these codes).
CHECKIN_STATES = {
    "waiting": _("Waiting for your check-in"),
    "safe": _("Checked in"),
    "alarm": _("Alarm raised"),
}


def _moment(value: str | None) -> str:
    if not value:
        return "—"
    return date_format(timezone.localtime(datetime.fromisoformat(value)), "DATETIME_FORMAT")


def _checkin(checkin: dict[str, Any]) -> dict[str, Any]:
    return {
        **checkin,
        "check_in_by": _moment(checkin["check_in_by"]),
        "state": str(CHECKIN_STATES.get(checkin["state"], "—")),
    }


def _report(report: dict[str, Any]) -> dict[str, Any]:
    return {
        **report,
        "occurred_on": _day(report["occurred_on"]),
        "kinds": list_text(ReportKind.labels_of(report["kinds"])),
        "status": _label(ReportStatus, report["status"]),
        "alerts": [
            {"id": alert["id"], "status": _label(AlertStatus, alert["status"])}
            for alert in report["alerts"]
        ],
    }


def my_data_display(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` (from ``member_data``) with labels for codes and dates written out."""
    profile = data["profile"]
    return {
        **data,
        "profile": {
            **profile,
            "languages": list_text(language_name(code) for code in profile["languages"]),
            "zones": list_text(profile["zones"]),
        },
        "reports": [_report(report) for report in data["reports"]],
        "number_checks": [{**row, "day": _day(row["day"])} for row in data["number_checks"]],
        "deliveries": [
            {
                **row,
                "channel": channel_label(row["channel"]),
                "state": _label(DeliveryState, row["state"]),
            }
            for row in data["deliveries"]
        ],
        "checkins": [_checkin(checkin) for checkin in data.get("checkins", [])],
        "messaging_links": [
            {**link, "service": channel_label(link["service"])}
            for link in data.get("messaging_links", [])
        ],
    }
