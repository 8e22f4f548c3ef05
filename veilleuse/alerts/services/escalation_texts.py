"""What each escalation message says, in its recipient's language (called inside
``translation.override``). A message carries the pseudonym, the time and a link, never the
place or the client's number: those are behind the link, so that an SMS gateway's or a
mailbox's copy says little (docs/security/alerts-threat-model.md)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from veilleuse.alerts.models import Checkin, EscalationMessage, RecipientKind


def _local_time(checkin: Checkin) -> str:
    return time_format(timezone.localtime(checkin.due_at), "H:i")


def message_text(*, message: EscalationMessage) -> tuple[str, str]:
    """(subject, text) of one message."""
    from veilleuse.alerts.services.escalation import ack_url

    site = settings.VEILLEUSE_SITE_URL
    if message.page is not None and message.page.report_id is not None:
        subject = _("Veilleuse on duty: an urgent report is waiting")
        link = site + reverse("alerts:duty", kwargs={"slug": message.page.association.slug})
        return subject, f"{subject}: {link}"
    if message.recipient == RecipientKind.HERSELF:
        subject = _("Veilleuse: time to check in")
        return subject, f"{subject}: {site}{reverse('alerts:checkin')}"
    checkin = message.checkin
    if checkin is None:
        raise ValueError(f"Escalation message {message.pk} has neither a report nor a check-in.")
    values = {"name": checkin.member.pseudonym, "time": _local_time(checkin)}
    if message.step == "allclear":
        subject = _("Veilleuse: %(name)s checked in, she is safe (date due at %(time)s)") % values
        return subject, f"{subject}. " + _("Nothing more to do.")
    if checkin.reason == "duress":
        subject = _("Veilleuse: %(name)s asked for help (date due at %(time)s)") % values
    else:
        subject = (
            _("Veilleuse: %(name)s has not checked in after a date (due at %(time)s)") % values
        )
    action = _("See what she recorded and say you are on it")
    return subject, f"{subject}. {action}: {ack_url(message=message)}"
