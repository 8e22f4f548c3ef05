"""Moderation: what staff do to a report before, and to an alert after, it is written.

Every service is one transaction, writes one audit entry (the action, the object, never its
content) and locks the rows it changes (``select_for_update``), then checks their state again:
two moderators acting on the same report or alert at once get one result and one clear
error (``Stale``), never two half-applied decisions. Locks are always taken report first, then
alert, so that two services never wait on each other.

Four eyes (threat model, 3): an alert that shows identifiers — at least one of its report's
identifiers not redacted, or a phone number, plate or e-mail address written in its free
text — is published only once two different moderators approved it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from veilleuse.accounts.models import User
from veilleuse.alerts.compose import alert_note_lines, alert_texts
from veilleuse.alerts.identifiers import identifiers_in_text
from veilleuse.alerts.models import (
    LIVE_REPORT_STATUSES,
    Alert,
    AlertStatus,
    AlertText,
    NetworkRole,
    NetworkRoleKind,
    Report,
    ReportKind,
    ReportStatus,
    Severity,
    Zone,
)
from veilleuse.alerts.provenance import independent_count
from veilleuse.alerts.services.members import alert_languages
from veilleuse.alerts.services.outbox import outbox_write
from veilleuse.alerts.services.voice import voice_note_delete
from veilleuse.core.audit import audit
from veilleuse.core.errors import Conflict

OPEN = LIVE_REPORT_STATUSES
LIVE_ALERT = (AlertStatus.DRAFT, AlertStatus.AWAITING_SECOND, AlertStatus.PUBLISHED)
# Reports and alerts keep their rejection reason in fields of the same length.
REASON_LENGTH = 300


class Stale(Conflict):
    """The report or alert changed since the page was shown (another moderator acted)."""


def _lock_report(report: Report, *, states: Iterable[str] = OPEN) -> Report:
    locked = Report.objects.select_for_update().filter(pk=report.pk).first()
    if locked is None or locked.status not in tuple(states):
        raise Stale(_("This report was already dealt with meanwhile; reload the page."))
    return locked


def _lock_alert(alert: Alert, *, states: Iterable[str]) -> Alert:
    locked = Alert.objects.select_for_update().filter(pk=alert.pk).first()
    if locked is None:
        raise Stale(_("This alert was replaced or removed meanwhile; reload the page."))
    if locked.status not in tuple(states):
        raise Stale(_("This alert was already dealt with meanwhile; reload the page."))
    return locked


def _moderated(report: Report, actor: User) -> list[str]:
    report.moderated_by = actor if getattr(actor, "is_authenticated", False) else None
    report.moderated_at = timezone.now()
    return ["moderated_by", "moderated_at", "updated"]


def _reason(reason: str, missing: str) -> str:
    """A moderator's reason, stripped: refused when empty, or longer than the reports and
    alerts keep (never cut: the moderator shortens it)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": missing})
    try:
        MaxLengthValidator(REASON_LENGTH)(reason)
    except ValidationError as error:
        raise ValidationError({"reason": error.error_list}) from None
    return reason


def _log(actor: User, action: str, target: Report | Alert, **data: Any) -> None:
    audit(actor=actor, action=action, target=target, association_id=target.association_id, **data)


@transaction.atomic
def report_view_log(*, actor: User, report: Report) -> None:
    """Every opening of a report's text is written down (threat model, 4), without it."""
    _log(actor, "report.view", report)


@transaction.atomic
def report_verify(*, actor: User, report: Report, verified: bool = True) -> Report:
    """Staff checked the account (met the person, saw evidence): alerts say "verified"."""
    report = _lock_report(report)
    report.verified = verified
    report.save(update_fields=["verified", *_moderated(report, actor)])
    _log(actor, "report.verify", report, verified=verified)
    return report


@transaction.atomic
def report_redact(
    *,
    actor: User,
    report: Report,
    description: str,
    aggressor: str,
    place: str,
    redacted_identifier_ids: Iterable[int] = (),
) -> Report:
    """Moderators edit the texts (remove a name, a detail that identifies the victim) and keep
    doubtful identifiers out of alerts. ``redacted_identifier_ids`` lists the redacted ones;
    the report's other identifiers are no longer redacted."""
    report = _lock_report(report)
    changed = [
        name
        for name, value in (
            ("description", description),
            ("aggressor", aggressor),
            ("place", place),
        )
        if getattr(report, name) != value
    ]
    report.description, report.aggressor, report.place = description, aggressor, place
    report.full_clean(exclude=["author_ref", "filed_by", "partner", "zone", "duplicate_of"])
    report.save(update_fields=["description", "aggressor", "place", *_moderated(report, actor)])
    redacted = set(redacted_identifier_ids)
    for identifier in report.identifiers.all():
        if identifier.redacted != (identifier.pk in redacted):
            identifier.redacted = identifier.pk in redacted
            identifier.save(update_fields=["redacted"])
    _log(actor, "report.redact", report, fields=changed, redacted_identifiers=len(redacted))
    return report


@transaction.atomic
def reports_merge(*, actor: User, primary: Report, duplicate: Report) -> Report:
    """``duplicate`` tells the same story as ``primary``: it is merged into it, and counts in
    the provenance of ``primary``'s alert. Returns the duplicate."""
    if primary.pk == duplicate.pk:
        raise ValidationError(_("A report cannot be merged into itself."))
    # Lock in id order, whichever is primary, so that two opposite merges cannot deadlock.
    locked = {
        report.pk: report
        for report in Report.objects.select_for_update()
        .filter(pk__in=[primary.pk, duplicate.pk])
        .order_by("pk")
    }
    kept, merged = locked.get(primary.pk), locked.get(duplicate.pk)
    if kept is None or merged is None or {kept.status, merged.status} - set(OPEN):
        raise Stale(_("One of the two reports was already dealt with meanwhile; reload the page."))
    if kept.association_id != merged.association_id:
        raise ValidationError(_("Choose a report of the same association."))
    _drop_unpublished_alerts(
        merged, _("This report has a published alert: retract it before merging.")
    )
    Report.objects.filter(duplicate_of=merged).update(duplicate_of=kept)
    merged.status, merged.duplicate_of = ReportStatus.MERGED, kept
    merged.save(update_fields=["status", "duplicate_of", *_moderated(merged, actor)])
    voice_note_delete(report=merged)  # closed: what it told is kept in writing, not its voice
    _log(actor, "report.merge", merged, into=kept.pk)
    return merged


def _drop_unpublished_alerts(report: Report, refusal: str) -> None:
    """Before a report leaves the queue (merged, rejected): refuse while one of its alerts
    is published; otherwise reject its unpublished alerts and delete every text of them."""
    if report.alerts.filter(status=AlertStatus.PUBLISHED).exists():
        raise ValidationError(refusal)
    report.alerts.filter(status__in=LIVE_ALERT).update(status=AlertStatus.REJECTED)
    AlertText.objects.filter(alert__report=report).delete()


@transaction.atomic
def report_triage(*, actor: User, report: Report, severity: int, zone: Zone | None) -> Report:
    """Severity and main zone, as staff judge them (the alert's defaults)."""
    report = _lock_report(report)
    if zone is not None and (zone.association_id != report.association_id or not zone.active):
        raise ValidationError({"zone": _("Choose a zone from the list.")})
    if severity not in Severity.values:
        raise ValidationError({"severity": _("Choose a severity from the list.")})
    report.severity, report.zone = severity, zone
    report.save(update_fields=["severity", "zone", *_moderated(report, actor)])
    _log(actor, "report.triage", report, severity=severity, zone=zone.pk if zone else None)
    return report


@transaction.atomic
def report_reject(*, actor: User, report: Report, reason: str) -> Report:
    """A rejected report leaves no alert and its data is purged (threat model, 3): texts
    blanked, identifiers and voice note deleted, unpublished alerts rejected and their texts
    deleted."""
    reason = _reason(reason, _("Say why the report is rejected."))
    report = _lock_report(report)
    _drop_unpublished_alerts(report, _("This report has a published alert: retract it first."))
    report.identifiers.all().delete()
    voice_note_delete(report=report)
    report.description = report.aggressor = report.place = ""
    report.status, report.rejection_reason = ReportStatus.REJECTED, reason
    fields = ["description", "aggressor", "place", "status", "rejection_reason"]
    report.save(update_fields=[*fields, *_moderated(report, actor)])
    _log(actor, "report.reject", report)
    return report


def _check_composition(
    report: Report, kinds: list[str], severity: int, zones: list[Zone], languages: list[str]
) -> None:
    errors: dict[str, str] = {}
    if not kinds or set(kinds) - set(ReportKind.values):
        errors["kinds"] = _("Choose at least one kind from the list.")
    if severity not in Severity.values:
        errors["severity"] = _("Choose a severity from the list.")
    if not zones or any(z.association_id != report.association_id or not z.active for z in zones):
        errors["zones"] = _("Choose at least one zone from the list.")
    if not languages or set(languages) - set(alert_languages()):
        errors["languages"] = _("Choose at least one language from the list.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def alert_compose(
    *,
    actor: User,
    report: Report,
    kinds: Iterable[str],
    severity: int,
    zones: Iterable[Zone],
    languages: Iterable[str],
    show_identifiers: bool = False,
    free_texts: Mapping[str, str] | None = None,
) -> Alert:
    """A draft alert and its text in each language. An unpublished alert of the same report
    is replaced (its approvals do not carry over to the new text)."""
    report = _lock_report(report)
    if not report.consent_alert:
        raise ValidationError(_("The person did not agree to an alert from this report."))
    kinds, zones, languages = (
        list(dict.fromkeys(kinds)),
        list(zones),
        list(dict.fromkeys(languages)),
    )
    _check_composition(report, kinds, severity, zones, languages)
    replaced = _replaced_drafts(report)
    alert = Alert(
        association_id=report.association_id,
        report=report,
        kinds=kinds,
        severity=severity,
        languages=languages,
        show_identifiers=show_identifiers,
    )
    alert.full_clean()
    alert.save()
    alert.zones.set(zones)
    for language, body in alert_texts(alert, free_texts or {}).items():
        AlertText.objects.create(alert=alert, language=language, body=body)
    _log(actor, "alert.compose", alert, report=report.pk, replaced=replaced)
    return alert


def _replaced_drafts(report: Report) -> list[int]:
    """Delete the report's draft alerts, which a new composition replaces; their ids. Refused
    when the report already has a published alert."""
    alerts = Alert.objects.select_for_update().filter(report=report, status__in=LIVE_ALERT)
    if any(alert.status == AlertStatus.PUBLISHED for alert in alerts):
        raise ValidationError(_("This report already has a published alert."))
    replaced = [alert.pk for alert in alerts]
    Alert.objects.filter(pk__in=replaced).delete()
    return replaced


def shows_report_identifiers(*, alert: Alert) -> bool:
    """The alert shows at least one of its report's identifiers (masked)."""
    return alert.show_identifiers and alert.report.identifiers.filter(redacted=False).exists()


def note_holds_identifiers(*, alert: Alert) -> bool:
    """The staff's free text seems to hold a phone number, a plate or an e-mail address,
    read with the identifiers' normaliser, in whatever language it was written."""
    return any(identifiers_in_text(line) for line in alert_note_lines(alert))


def _needs_second_moderator(alert: Alert) -> bool:
    """Four eyes: the alert shows at least one identifier, masked or in its free text."""
    return shows_report_identifiers(alert=alert) or note_holds_identifiers(alert=alert)


def independent_reports(*, report: Report) -> int:
    """How many people told this: the report, its merged duplicates, and the association's
    other reports (not rejected or withdrawn) naming one of its identifiers, counted by
    distinct author. A report filed on someone's behalf has no author and counts for one."""
    hashes = list(report.identifiers.values_list("lookup_hash", flat=True))
    related = Report.objects.filter(
        association_id=report.association_id,
        status__in=(*OPEN, ReportStatus.MERGED),
    ).filter(Q(pk=report.pk) | Q(duplicate_of=report) | Q(identifiers__lookup_hash__in=hashes))
    return max(independent_count(related.values_list("pk", "author_hash").distinct()), 1)


def _publish(alert: Alert, report: Report, actor: User) -> None:
    now = timezone.now()
    alert.status, alert.published_at = AlertStatus.PUBLISHED, now
    alert.expires_at = now + timedelta(days=settings.VEILLEUSE_ALERT_EXPIRY_DAYS)
    alert.independent_reports = independent_reports(report=report)
    alert.verified = report.verified
    report.status = ReportStatus.APPROVED
    report.save(update_fields=["status", *_moderated(report, actor)])
    outbox_write(alert=alert)


def _check_second_moderator(alert: Alert, actor: User) -> None:
    second_moderator_check(
        association_id=alert.association_id,
        first_id=alert.approved_by_id,
        first_at=alert.approved_at,
        actor=actor,
    )


def second_moderator_check(
    *, association_id: int, first_id: int | None, first_at: datetime | None, actor: User
) -> None:
    """Four eyes need two people the network knows as two (issue 12, finding 10): the second
    held the moderator role before the first approval, and neither gave or approved the
    other's role. Not stopped: two people who agree to cheat, and the only administrator of a
    network who enrols two accounts of her own and makes both moderators (the holders of
    the role are told by e-mail each time): docs/security/alerts-threat-model.md. Also the
    check of withdrawing or correcting a published alert (``services.review``)."""
    roles = {
        role.user_id: role
        for role in NetworkRole.objects.in_force().filter(
            association_id=association_id,
            role=NetworkRoleKind.MODERATOR,
            user_id__in=(first_id or 0, actor.pk),
        )
    }
    first, second = roles.get(first_id or 0), roles.get(actor.pk)
    first_at = first_at or timezone.now()
    if second is None or second.approved_at is None or second.approved_at > first_at:
        raise ValidationError(
            _("Only a moderator who held the role before the first approval can approve it too.")
        )
    gave_second = first_id in (second.granted_by_id, second.approved_by_id)
    gave_first = first is not None and actor.pk in (first.granted_by_id, first.approved_by_id)
    if gave_second or gave_first:
        raise ValidationError(
            _("One of you gave the other the moderator role: another moderator must approve.")
        )


@transaction.atomic
def alert_approve(*, actor: User, alert: Alert) -> Alert:
    """Approve a draft; it is published at once, or, when it shows identifiers, once a second
    moderator approves it too."""
    report = _lock_report(alert.report)
    if not report.consent_alert:
        raise ValidationError(_("The person did not agree to an alert from this report."))
    alert = _lock_alert(alert, states=(AlertStatus.DRAFT, AlertStatus.AWAITING_SECOND))
    fields = ["status", "updated"]
    if alert.status == AlertStatus.DRAFT:
        alert.approved_by, alert.approved_at = actor, timezone.now()
        fields += ["approved_by", "approved_at"]
        if _needs_second_moderator(alert):
            alert.status = AlertStatus.AWAITING_SECOND
    elif alert.approved_by_id == actor.pk:
        raise ValidationError(
            _("You already approved this alert: another moderator must approve it too.")
        )
    else:
        _check_second_moderator(alert, actor)
        alert.second_by, alert.second_at = actor, timezone.now()
        fields += ["second_by", "second_at"]
    if alert.status != AlertStatus.AWAITING_SECOND or alert.second_by_id:
        _publish(alert, report, actor)
        fields += ["published_at", "expires_at", "independent_reports", "verified"]
    alert.save(update_fields=fields)
    _log(actor, "alert.approve", alert, published=alert.status == AlertStatus.PUBLISHED)
    return alert


@transaction.atomic
def alert_reject(*, actor: User, alert: Alert, reason: str) -> Alert:
    """The draft is not sent; its texts are deleted. The report stays open."""
    reason = _reason(reason, _("Say why the alert is rejected."))
    _lock_report(alert.report, states=ReportStatus.values)
    alert = _lock_alert(alert, states=(AlertStatus.DRAFT, AlertStatus.AWAITING_SECOND))
    alert.status, alert.rejection_reason = AlertStatus.REJECTED, reason
    alert.save(update_fields=["status", "rejection_reason", "updated"])
    alert.texts.all().delete()
    _log(actor, "alert.reject", alert)
    return alert


@transaction.atomic
def alert_retract(*, actor: User, alert: Alert, reason: str) -> Alert:
    """A published alert is withdrawn from the feeds (the person named contested it, it was
    false...). Deliveries not yet sent are not sent (the worker checks the status)."""
    reason = _reason(reason, _("Say why the alert is retracted."))
    _lock_report(alert.report, states=ReportStatus.values)
    alert = _lock_alert(alert, states=(AlertStatus.PUBLISHED,))
    alert.status, alert.rejection_reason = AlertStatus.RETRACTED, reason
    alert.save(update_fields=["status", "rejection_reason", "updated"])
    _log(actor, "alert.retract", alert)
    return alert
