"""What the members' pages need besides the views: the language of the page, and the
feed's entries ready to show."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from veilleuse.alerts.models import (
    Alert,
    Identifier,
    Member,
    MemberInvitation,
    Report,
    ReportKind,
    ReportStatus,
)
from veilleuse.alerts.services.members import invitation_code_hash

FALLBACK_LANGUAGE = "fr"


# Joining -----------------------------------------------------------------------------------


def invitation_for_code(code: str) -> MemberInvitation | None:
    """The invitation a code redeems, if it can still be used (the code is not spent here:
    ``member_register`` spends it)."""
    return (
        MemberInvitation.objects.select_related("association")
        .filter(
            code_hash=invitation_code_hash(code),
            used_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .first()
    )


# Language ----------------------------------------------------------------------------------


def member_page_language(request: HttpRequest, member: Member) -> str:
    """The language chosen with the page's switcher if any, else the member's own."""
    known = {code for code, _name in settings.LANGUAGES}
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return chosen if chosen in known else member.language


def activate_language(request: HttpRequest, language: str) -> None:
    translation.activate(language)
    request.LANGUAGE_CODE = translation.get_language()


def remember_language(response: HttpResponse, language: str) -> HttpResponse:
    """The language cookie, as Django's ``set_language`` view writes it."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


# The feed ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedEntry:
    alert: Alert
    text: str
    text_language: str
    zones: list[str]
    kinds: list[str]
    provenance: str
    identifiers: list[str]


def kind_labels(kinds: list[str]) -> list[str]:
    labels = dict(ReportKind.choices)
    return [str(labels[kind]) for kind in kinds if kind in labels]


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
                kinds=kind_labels(alert.kinds),
                provenance=provenance(alert),
                identifiers=identifiers.get(alert.pk, []),
            )
        )
    return entries


# My reports --------------------------------------------------------------------------------


def report_status_sentence(report: Report) -> str:
    """Where the report stands, in plain words."""
    if report.status == ReportStatus.SUBMITTED:
        return _("Received. The moderators have not looked at it yet.")
    if report.status == ReportStatus.APPROVED:
        return _("The moderators checked it. An alert may go out to the members concerned.")
    if report.status == ReportStatus.REJECTED:
        return _("The moderators did not turn it into an alert.")
    if report.status == ReportStatus.MERGED:
        return _("It was joined to another report about the same person.")
    return _("You withdrew it. What you wrote and the numbers you gave were erased.")
