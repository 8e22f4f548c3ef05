"""Background work of commitment tracking: the weekly digest to staff.

Every Monday at 8:00 (server time), ``tracking_digests_weekly`` enqueues one
``tracking_digest_send`` per campaign whose results are recorded; each sends the
association's admins and reviewers the commitments that are overdue or without news
(docs/tracking.md, "The weekly digest").
"""

from __future__ import annotations

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from veilleuse.core.tasks import enqueue, periodic, task


@task(retries=2, retry_delay=300)
def tracking_digest_send(*, campaign_id: int) -> int:
    """E-mail one campaign's digest; returns how many people it was sent to (0 if there is
    nothing to report)."""
    from django.conf import settings

    from veilleuse.accounts.models import Membership, Role
    from veilleuse.commitments.selectors import digest_for
    from veilleuse.questionnaires.models import Campaign

    campaign = Campaign.objects.select_related("association").get(pk=campaign_id)
    digest = digest_for(campaign)
    if digest.empty:
        return 0
    recipients = sorted(
        Membership.objects.filter(
            association_id=campaign.association_id, role__in=(Role.ADMIN, Role.REVIEWER)
        )
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    if not recipients:
        return 0
    context = {"digest": digest, "campaign": campaign, "site": settings.VEILLEUSE_SITE_URL}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("commitments/email/digest_subject.txt", context)
        body = render_to_string("commitments/email/digest.txt", context)
    # One message per person: staff must not see each other's addresses.
    for address in recipients:
        send_mail(" ".join(subject.split()), body, None, [address])
    return len(recipients)


def tracking_digests_due() -> int:
    """Enqueue the digest of every campaign with recorded results; how many were enqueued."""
    from veilleuse.commitments.models import ElectionResult

    campaign_ids = list(ElectionResult.objects.values_list("campaign_id", flat=True))
    for campaign_id in campaign_ids:
        enqueue(tracking_digest_send, campaign_id=campaign_id)
    return len(campaign_ids)


@periodic(day_of_week="1", hour="8", minute="0")
def tracking_digests_weekly() -> None:
    """The schedule (run by the ``manage.py run_huey`` consumer)."""
    tracking_digests_due()
