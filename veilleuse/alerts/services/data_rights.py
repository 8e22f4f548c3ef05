"""A member's rights over their data (GDPR art. 15 and 17): see all of it, erase all of it.

``member_data`` gathers everything the network stores about a member, decrypted, as one
JSON-ready dictionary (the page and the download show the same). ``member_erase`` deletes
it: the member and their sign-in, their reports (with identifiers, alerts — which thereby
leave every feed — and legal cases), counters, alarms, deliveries, push subscriptions,
messaging links and link codes, her safety plan and check-ins, and the SMS files written for
them. The audit log keeps one entry with the member's number only.
"""

from __future__ import annotations

import base64
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from veilleuse.alerts.models import (
    Alert,
    AlertStatus,
    CheckCounter,
    Checkin,
    Delivery,
    LegalCase,
    LookupAlarm,
    Member,
    Report,
    SafetyPlan,
    Zone,
)
from veilleuse.alerts.services.duress import decoy_delete, decoy_of
from veilleuse.alerts.services.retention import sms_files_delete
from veilleuse.alerts.targeting import targeting_forget
from veilleuse.core.audit import audit


def _when(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _profile(member: Member) -> dict[str, Any]:
    return {
        "pseudonym": member.pseudonym,
        "status": member.status,
        "language": member.language,
        "languages": list(member.languages or []),
        "zones": list(
            Zone.objects.filter(pk__in=member.zone_ids)
            .order_by("position", "name")
            .values_list("name", flat=True)
        ),
        "contact_email": member.contact_email,
        "contact_phone": member.contact_phone,
        "notify_email": member.notify_email,
        "notify_sms": member.notify_sms,
        "notify_push": member.notify_push,
        "joined": _when(member.created),
        "duress_passphrase": _duress(member),
    }


def _duress(member: Member) -> dict[str, bool]:
    """Whether she set a duress passphrase and chose to have the association told (never the
    passphrase; seen from the decoy's session: none, like its duress page)."""
    decoy = None if member.is_decoy else decoy_of(member=member)
    return {"set": decoy is not None, "tell_association": bool(decoy and decoy.decoy_notify)}


def _report(report: Report) -> dict[str, Any]:
    case = getattr(report, "legal_case", None)
    return {
        "id": report.pk,
        "filed": _when(report.created),
        "occurred_on": _when(report.occurred_on),
        "time_of_day": report.time_of_day,
        "zone": report.zone.name if report.zone else None,
        "place": report.place,
        "kinds": list(report.kinds),
        "description": report.description,
        "aggressor": report.aggressor,
        "language": report.language,
        "consent": {
            "alert": report.consent_alert,
            "statistics": report.consent_statistics,
            "legal": report.consent_legal,
            "police": report.consent_police,
        },
        "status": report.status,
        "identifiers": [{"kind": i.kind, "value": i.value} for i in report.identifiers.all()],
        "alerts": [{"id": a.pk, "status": a.status} for a in report.alerts.all()],
        "legal_case": {"status": case.status} if case else None,
        "voice_note": _voice_note(report),
    }


def _voice_note(report: Report) -> dict[str, Any] | None:
    """Her own recording, in the download too (base64): it is data about her."""
    note = getattr(report, "voice_note", None)
    if note is None:
        return None
    return {
        "format": note.mime,
        "seconds": note.seconds,
        "audio_base64": base64.b64encode(note.audio).decode("ascii"),
    }


def _checkin(checkin: Checkin) -> dict[str, Any]:
    """A check-in as her own pages show it: a duress check-in reads as a safe one here too
    (the download may be made on a phone held by someone else)."""
    if checkin.looks_closed:
        state = "safe"
    elif checkin.state in ("open", "reminded"):
        state = "waiting"
    else:
        state = "alarm"
    return {
        "id": checkin.pk,
        "recorded": _when(checkin.created),
        "check_in_by": _when(checkin.due_at),
        "place": checkin.place,
        "position": checkin.position,
        "identifier": checkin.identifier,
        "state": state,
    }


def _safety_plan(member: Member) -> dict[str, Any] | None:
    """Her plan: the steps and trusted contacts she chose; whether codes are set, never the
    codes (only their hashes are kept)."""
    plan = SafetyPlan.objects.filter(member=member).first()
    if plan is None:
        return None
    return {
        "remind_first": plan.remind_first,
        "grace_minutes": plan.grace_minutes,
        "notify_duty": plan.notify_duty,
        "trusted_contacts": [
            {"kind": contact.get("kind", ""), "value": contact.get("value", "")}
            for contact in plan.contacts or []
        ],
        "codes_set": plan.has_codes,
    }


def member_data(*, member: Member) -> dict[str, Any]:
    """Everything stored about ``member`` (see the module docstring)."""
    reports = (
        Report.objects.by_author(member)
        .select_related("zone", "legal_case", "voice_note")
        .prefetch_related("identifiers", "alerts")
        .order_by("created", "pk")
    )
    return {
        "profile": _profile(member),
        "reports": [_report(report) for report in reports],
        "number_checks": [
            {"day": _when(c.day), "checks": c.count, "refused": c.refused, "invalid": c.invalid}
            for c in CheckCounter.objects.filter(member=member).order_by("day")
        ],
        "check_alarms": [
            {"day": _when(a.day), "attempts": a.count}
            for a in LookupAlarm.objects.filter(member=member).order_by("day")
        ],
        "deliveries": [
            {"alert": d.alert_id, "channel": d.channel, "state": d.state, "sent": _when(d.sent_at)}
            for d in Delivery.objects.filter(member=member).order_by("pk")
        ],
        "push_subscriptions": member.push_subscriptions.count(),
        "safety_plan": _safety_plan(member),
        "checkins": [
            _checkin(checkin) for checkin in Checkin.objects.filter(member=member).order_by("pk")
        ],
        "messaging_links": [
            {
                "service": link.service,
                "address": link.address,
                "alerts": link.alerts,
                "full_text": link.full_text,
            }
            for link in member.channel_links.order_by("service")
        ],
    }


@transaction.atomic
def member_erase(*, member: Member, passphrase: str) -> None:
    """Delete everything about ``member`` once they confirmed with their passphrase."""
    if not member.user.check_password(passphrase):
        raise ValidationError({"passphrase": _("This is not your passphrase.")})
    member_id, association_id, user = member.pk, member.association_id, member.user
    phone = member.contact_phone or ""
    reports = Report.objects.by_author(member)
    alerts = Alert.objects.filter(report__in=reports)
    alert_ids = list(alerts.values_list("pk", flat=True))
    retracted = alerts.filter(status=AlertStatus.PUBLISHED).count()
    LegalCase.objects.filter(report__in=reports).delete()
    # Deleting a report deletes its identifiers and alerts: a published alert leaves every
    # feed, as when a report is withdrawn.
    reports.delete()
    decoy_delete(member=member)
    member.delete()  # counters, alarms, deliveries, push subscriptions and links go with it
    targeting_forget(association_id=association_id, member_ids=[member_id])
    user.delete()
    audit(
        actor=None,
        action="member.erase",
        association_id=association_id,
        member_id=member_id,
        alerts_retracted=retracted,
    )
    transaction.on_commit(
        lambda: sms_files_delete(alert_ids=alert_ids, member_ids=[member_id], numbers=[phone])
    )
