"""Invitations: a candidate's personal secret link, sending it, reminders, the contact log.

A link carries ``<invitation id>.<HMAC-SHA256 of (id, nonce)>`` (``selectors/invitations.py``
makes and reads it). The secret is never stored: it is recomputed from the id and the nonce,
which is why staff can copy a link again from the candidate's page. Revoking sets
``revoked_at`` and keeps the nonce, so the withdrawn link is told it was withdrawn (410) while
anyone without its MAC sees an unknown link (404); issuing the link again draws another nonce
and clears ``revoked_at``, so a withdrawn link never comes back to life.
"""

from __future__ import annotations

import logging
import secrets
import smtplib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from veilleuse.accounts.models import User
from veilleuse.core.audit import audit
from veilleuse.core.tasks import enqueue
from veilleuse.questionnaires.models import (
    Campaign,
    Candidate,
    ContactAttempt,
    ContactKind,
    Invitation,
    ResponseStatus,
)
from veilleuse.questionnaires.selectors.invitations import invitation_token
from veilleuse.questionnaires.services.questionnaire import questionnaire_freeze

logger = logging.getLogger(__name__)

EXPIRY_AFTER_DEADLINE = timedelta(days=30)


def invitation_url(*, invitation: Invitation) -> str:
    path = reverse("questionnaires:answer", kwargs={"token": invitation_token(invitation)})
    return f"{settings.VEILLEUSE_SITE_URL}{path}"


def invitation_default_expiry(*, campaign: Campaign) -> datetime | None:
    return campaign.deadline + EXPIRY_AFTER_DEADLINE if campaign.deadline else None


def invitation_create(
    *, actor: User, candidate: Candidate, expires_at: datetime | None = None
) -> Invitation:
    """Issue the candidate's link (again, if it was revoked) and freeze the questionnaire."""
    with transaction.atomic():
        return _issue(actor=actor, candidate=candidate, expires_at=expires_at)


def _issue(*, actor: User, candidate: Candidate, expires_at: datetime | None) -> Invitation:
    campaign = candidate.campaign
    if not campaign.questions.exists():
        raise ValidationError(_("Add questions to the questionnaire before inviting anyone."))
    invitation = Invitation.objects.select_for_update().filter(candidate=candidate).first()
    if invitation is not None and invitation.revoked_at is None:
        return invitation
    invitation = invitation or Invitation(candidate=candidate)
    invitation.nonce = secrets.token_hex(16)
    invitation.revoked_at = None
    invitation.expires_at = expires_at or invitation_default_expiry(campaign=campaign)
    invitation.full_clean()
    invitation.save()
    questionnaire_freeze(campaign=campaign, actor=actor)
    audit(
        actor=actor,
        action="invitation.create",
        target=invitation,
        association_id=campaign.association_id,
    )
    return invitation


def invitation_send(
    *, actor: User, candidate: Candidate, receipt: MailReceipt | None = None
) -> Invitation:
    """E-mail the link to the candidate (after commit) and log the contact. ``receipt`` says,
    once this returns, whether the mail server took the e-mail (else it is retried later)."""
    if not candidate.email:
        raise ValidationError(
            _(
                "This list has no e-mail address: add one, or copy the link from this page "
                "and send it another way."
            )
        )
    with transaction.atomic():
        invitation = _issue(actor=actor, candidate=candidate, expires_at=None)
        now = timezone.now()
        invitation.first_sent_at = invitation.first_sent_at or now
        invitation.last_sent_at = now
        invitation.save(update_fields=["first_sent_at", "last_sent_at", "updated"])
        ContactAttempt.objects.create(
            candidate=candidate, kind=ContactKind.EMAIL, at=now, author=actor, note=candidate.email
        )
        email_on_commit(messages=[_invitation_email(invitation, "invitation")], receipt=receipt)
        audit(
            actor=actor,
            action="invitation.send",
            target=invitation,
            association_id=candidate.campaign.association_id,
        )
    return invitation


def invitation_remind(
    *, actor: User, campaign: Campaign, candidate: Candidate | None = None
) -> int:
    """Remind one candidate, or every candidate who was sent the link and has not answered.
    Returns how many were reminded."""
    with transaction.atomic():
        invitations = list(_remindable(campaign, candidate))
        if candidate is not None and not invitations:
            raise ValidationError(
                _(
                    "No reminder sent: this list has not been sent its invitation by e-mail, "
                    "has already answered, or its link was withdrawn."
                )
            )
        now = timezone.now()
        for invitation in invitations:
            invitation.reminders += 1
            invitation.last_sent_at = now
            invitation.updated = now
        Invitation.objects.bulk_update(invitations, ["reminders", "last_sent_at", "updated"])
        ContactAttempt.objects.bulk_create(
            ContactAttempt(candidate=i.candidate, kind=ContactKind.REMINDER, at=now, author=actor)
            for i in invitations
        )
        email_on_commit(messages=[_invitation_email(i, "reminder") for i in invitations])
        audit(
            actor=actor,
            action="invitation.remind",
            target=candidate or campaign,
            association_id=campaign.association_id,
            count=len(invitations),
        )
    return len(invitations)


def _remindable(campaign: Campaign, candidate: Candidate | None) -> Any:
    invitations = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("candidate__campaign__association")
        .filter(
            candidate__campaign=campaign,
            first_sent_at__isnull=False,
            revoked_at__isnull=True,
        )
        .exclude(candidate__email="")
        .exclude(candidate__response__status=ResponseStatus.SUBMITTED)
    )
    return invitations.filter(candidate=candidate) if candidate is not None else invitations


def invitation_revoke(*, actor: User, candidate: Candidate) -> Invitation:
    """Withdraw the candidate's link: every link sent so far stops working."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().filter(candidate=candidate).first()
        if invitation is None or invitation.revoked_at is not None:
            raise ValidationError(_("This list has no link to withdraw."))
        # The nonce stays until a new link is issued (``_issue`` draws a new one): the
        # withdrawn link keeps a valid MAC, so its holder is told it was withdrawn (410),
        # while anyone without the MAC sees an unknown link (404).
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at", "updated"])
        audit(
            actor=actor,
            action="invitation.revoke",
            target=invitation,
            association_id=candidate.campaign.association_id,
        )
    return invitation


def contact_log_add(
    *,
    actor: User,
    candidate: Candidate,
    kind: str,
    note: str = "",
    at: datetime | None = None,
) -> ContactAttempt:
    """Record a contact made outside Veilleuse: a phone call, a letter, a reply..."""
    with transaction.atomic():
        contact = ContactAttempt(
            candidate=candidate, kind=kind, note=note, at=at or timezone.now(), author=actor
        )
        contact.full_clean()
        contact.save()
        audit(
            actor=actor,
            action="contact.add",
            target=contact,
            association_id=candidate.campaign.association_id,
            kind=kind,
        )
    return contact


def _invitation_email(invitation: Invitation, kind: str) -> EmailMessage:
    candidate = invitation.candidate
    context = {
        "candidate": candidate,
        "campaign": candidate.campaign,
        "association": candidate.campaign.association,
        "link": invitation_url(invitation=invitation),
        "reminder": kind == "reminder",
    }
    return candidate_email(
        to=candidate.email, template="questionnaires/email/invitation", context=context
    )


def candidate_email(*, to: str, template: str, context: dict[str, Any]) -> EmailMessage:
    """An e-mail to a candidate, in the site's language whoever clicked the button."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}.txt", context)
    return EmailMessage(" ".join(subject.split()), body, to=[to])


@dataclass
class MailReceipt:
    """Filled in when the action's transaction commits: ``failed`` if the mail server could
    not be reached and the e-mails were queued to be retried."""

    failed: bool = False


def email_on_commit(
    *, messages: Sequence[EmailMessage], receipt: MailReceipt | None = None
) -> None:
    """Send once the transaction commits: a rolled-back action e-mails nobody. The action is
    saved whatever the mail server says; if it is down, the e-mails are retried by the worker."""
    if messages:
        batch = list(messages)
        transaction.on_commit(lambda: _send_or_retry(batch, receipt or MailReceipt()), robust=True)


def _send_or_retry(messages: list[EmailMessage], receipt: MailReceipt) -> None:
    try:
        get_connection().send_messages(messages)
    except (OSError, smtplib.SMTPException) as error:
        # No address in the log: the count and the reason are enough to act on.
        logger.warning(
            "Mail server unavailable (%s); %d e-mail(s) queued for retry.",
            type(error).__name__,
            len(messages),
        )
        receipt.failed = True
        enqueue(
            "veilleuse.questionnaires.tasks.emails_send",
            emails=[{"subject": m.subject, "body": m.body, "to": list(m.to)} for m in messages],
        )
