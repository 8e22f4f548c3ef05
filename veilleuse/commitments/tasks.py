"""Background work of commitment tracking: the weekly digest to staff, and the watch of the
city's public record (every hour, each source due is read: daily by default).

Every Monday at 8:00 (server time), ``tracking_digests_weekly`` enqueues one
``tracking_digest_send`` per campaign whose results are recorded; each sends the
association's admins and reviewers the commitments that are overdue or without news
(docs/tracking.md, "The weekly digest").
"""

from __future__ import annotations

import datetime

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


@task(retries=0)
def watch_source_read(*, source_id: int) -> int:
    """Read one watched source and log the run; returns how many proposals it made."""
    from veilleuse.commitments.models import WatchedSource
    from veilleuse.commitments.services.watch import watched_source_run

    source = WatchedSource.objects.select_related("campaign").filter(pk=source_id).first()
    if source is None or not source.active:
        return 0
    return watched_source_run(source=source).proposed


@task(retries=0)
def commitment_acts_read(*, commitment_id: int) -> int:
    """Match a newly tracked commitment against the acts already read; how many proposals."""
    from veilleuse.commitments.models import TrackedCommitment
    from veilleuse.commitments.services.watch import commitment_acts_match

    commitment = TrackedCommitment.objects.select_related("campaign").filter(pk=commitment_id)
    found = commitment.first()
    return commitment_acts_match(commitment=found) if found is not None else 0


def watch_due(now: datetime.datetime | None = None) -> int:
    """Enqueue the reading of every active source whose last run is older than its interval
    (never read: at once); how many were enqueued."""
    from django.utils import timezone

    from veilleuse.commitments.models import WatchedSource

    now = now or timezone.now()
    due = [
        source.pk
        for source in WatchedSource.objects.filter(active=True)
        if source.last_run_at is None
        or source.last_run_at <= now - datetime.timedelta(hours=source.every_hours)
    ]
    for source_id in due:
        enqueue(watch_source_read, source_id=source_id)
    return len(due)


@periodic(minute="17")
def watch_hourly() -> None:
    """The schedule: every hour, the sources due (each has its own interval, 24 h by default)."""
    watch_due()
