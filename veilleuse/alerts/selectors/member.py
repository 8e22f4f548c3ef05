"""Reads of the members' side: redeeming an invitation code, and the feed of alerts with the
identifiers each may show (security-relevant: what a member sees of a report)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from veilleuse.accounts.models import Association
from veilleuse.alerts.models import (
    Alert,
    AlertStatus,
    Identifier,
    Member,
    MemberInvitation,
    ReportKind,
)
from veilleuse.alerts.services.members import invitation_code_hash, pseudonym_hash

FALLBACK_LANGUAGE = "fr"


# Joining -----------------------------------------------------------------------------------


def invitation_for_code(code: str) -> MemberInvitation | None:
    """The invitation a code redeems, if it can still be used (the code is not spent here:
    ``member_register`` spends it)."""
    return (
        MemberInvitation.objects.select_related("association")
        .filter(
            code_hash=invitation_code_hash(code=code),
            used_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .first()
    )


@dataclass(frozen=True)
class FeedEntry:
    alert: Alert
    text: str
    text_language: str
    zones: list[str]
    kinds: list[str]
    provenance: str
    identifiers: list[str]
    withdrawn: str = ""  # the reason, when withdrawn after review (services.review)


def member_by_pseudonym(*, association: Association, pseudonym: str) -> Member | None:
    """The network's member of that pseudonym (as compared: case and spaces aside), if any."""
    hashed = pseudonym_hash(association_id=association.pk, pseudonym=pseudonym)
    return (
        Member.objects.select_related("user")
        .filter(association=association, pseudonym_hash=hashed)
        .first()
    )


def provenance(alert: Alert) -> str:
    """ "2 independent reports · verified by the association", "1 report, not verified"."""
    count = alert.independent_reports
    if count <= 1:
        reports = _("1 report")
    else:
        reports = ngettext(
            "%(count)d independent report", "%(count)d independent reports", count
        ) % {"count": count}
    if alert.verified:
        return _("%(reports)s · verified by the association") % {"reports": reports}
    return _("%(reports)s · not verified") % {"reports": reports}


def pick_text(texts: dict[str, str], member: Member) -> tuple[str, str]:
    """The text in the member's language, else another of theirs, else French."""
    for language in [member.language, *(member.languages or []), FALLBACK_LANGUAGE]:
        if language in texts:
            return language, texts[language]
    return "", ""


def masked_identifiers(alerts: list[Alert]) -> dict[int, list[str]]:
    """The masked identifiers each alert shows (its report's and its merged duplicates')."""
    showing = {alert.report_id: alert.pk for alert in alerts if alert.show_identifiers}
    if not showing:
        return {}
    rows = Identifier.objects.filter(
        Q(report_id__in=showing) | Q(report__duplicate_of_id__in=showing), redacted=False
    ).select_related("report")
    found: dict[int, dict[str, str]] = {}
    for identifier in rows:
        report_id = identifier.report.duplicate_of_id or identifier.report_id
        alert_id = showing.get(report_id) or showing.get(identifier.report_id)
        if alert_id is not None:
            found.setdefault(alert_id, {})[identifier.lookup_hash] = identifier.masked
    return {alert_id: list(values.values()) for alert_id, values in found.items()}


def feed_entries(member: Member, alerts: QuerySet[Alert]) -> list[FeedEntry]:
    """The alerts ready to show, in a fixed number of queries whatever their count."""
    shown = list(alerts.prefetch_related("texts", "zones"))
    identifiers = masked_identifiers(shown)
    entries = []
    for alert in shown:
        language, text = pick_text({t.language: t.body for t in alert.texts.all()}, member)
        entries.append(
            FeedEntry(
                alert=alert,
                text=text,
                text_language=language,
                zones=[zone.name for zone in alert.zones.all()],
                kinds=ReportKind.labels_of(alert.kinds),
                provenance=provenance(alert),
                identifiers=identifiers.get(alert.pk, []),
                withdrawn=alert.rejection_reason if alert.status == AlertStatus.RETRACTED else "",
            )
        )
    return entries
