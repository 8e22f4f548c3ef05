"""A published alert, looked at again (issue 20): withdrawn or corrected, four eyes.

A moderator asks (``alert_review_request``) with a reason members will read; a second
moderator, checked as for publishing (``moderation.second_moderator_check``), confirms
(``alert_review_confirm``). Then:

- **withdraw**: the alert is retracted, its texts deleted, and it stays in the members'
  feeds as "withdrawn after review" with the reason, so that those who read it know;
- **correct**: its numbers and plates are no longer shown and its texts are written again
  from the templates, without the staff's note (which might name someone).

Each step writes one audit entry; the contest that led to it, if any, is linked.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from veilleuse.accounts.models import User
from veilleuse.alerts.compose import alert_texts
from veilleuse.alerts.models import Alert, AlertReview, AlertStatus, AlertText, Contest
from veilleuse.alerts.models.contest import ReviewAction
from veilleuse.alerts.services.moderation import Stale, _reason, second_moderator_check
from veilleuse.core.audit import audit


@transaction.atomic
def alert_review_request(
    *, actor: User, alert: Alert, action: str, reason: str, contest: Contest | None = None
) -> AlertReview:
    """Ask to withdraw or correct a published alert; a second moderator must confirm."""
    reason = _reason(reason, _("Say why, in words the members will read."))
    if action not in ReviewAction.values:
        raise ValidationError({"action": _("Choose withdraw or correct.")})
    locked = Alert.objects.select_for_update().filter(pk=alert.pk).first()
    if locked is None or locked.status != AlertStatus.PUBLISHED:
        raise Stale(_("This alert was already dealt with meanwhile; reload the page."))
    if contest is not None and contest.association_id != locked.association_id:
        raise ValidationError(_("Choose a request of the same association."))
    try:
        with transaction.atomic():
            review = AlertReview.objects.create(
                alert=locked, action=action, reason=reason, contest=contest, requested_by=actor
            )
    except IntegrityError:
        raise Stale(_("Another review of this alert waits for a second moderator.")) from None
    audit(
        actor=actor,
        action="alert.review_request",
        target=locked,
        association_id=locked.association_id,
        review=action,
        contest=contest.pk if contest else None,
    )
    return review


@transaction.atomic
def alert_review_confirm(*, actor: User, review: AlertReview) -> AlertReview:
    """The second moderator confirms: the alert is withdrawn or corrected at once."""
    review = AlertReview.objects.select_for_update().select_related("alert").get(pk=review.pk)
    alert = Alert.objects.select_for_update().get(pk=review.alert_id)
    if review.confirmed_at is not None or alert.status != AlertStatus.PUBLISHED:
        raise Stale(_("This alert was already dealt with meanwhile; reload the page."))
    if review.requested_by_id == actor.pk:
        raise ValidationError(_("You asked for it: another moderator must confirm."))
    second_moderator_check(
        association_id=alert.association_id,
        first_id=review.requested_by_id,
        first_at=review.created,
        actor=actor,
    )
    review.confirmed_by, review.confirmed_at = actor, timezone.now()
    review.save(update_fields=["confirmed_by", "confirmed_at", "updated"])
    if review.action == ReviewAction.WITHDRAW:
        alert.status, alert.rejection_reason = AlertStatus.RETRACTED, review.reason
        alert.show_identifiers = False
        alert.save(update_fields=["status", "rejection_reason", "show_identifiers", "updated"])
        alert.texts.all().delete()
    else:
        alert.show_identifiers = False
        alert.save(update_fields=["show_identifiers", "updated"])
        alert.texts.all().delete()
        for language, body in alert_texts(alert, {}).items():
            AlertText.objects.create(alert=alert, language=language, body=body)
    audit(
        actor=actor,
        action=f"alert.{review.action}",
        target=alert,
        association_id=alert.association_id,
        contest=review.contest_id,
    )
    return review


def pending_review(*, alert: Alert) -> AlertReview | None:
    return alert.reviews.filter(confirmed_at__isnull=True).first()
