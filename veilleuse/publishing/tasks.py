"""Background work of publishing: building a campaign's site."""

from __future__ import annotations

import logging

from veilleuse.core.tasks import task
from veilleuse.publishing.services import site_publish
from veilleuse.questionnaires.models import Campaign

logger = logging.getLogger(__name__)


@task(retries=1, retry_delay=30)
def publication_build(*, campaign_id: int) -> None:
    """Build the site of a campaign into ``DATA_DIR/sites/<slug>`` (atomically)."""
    campaign = Campaign.objects.filter(pk=campaign_id).select_related("association").first()
    if campaign is None:  # deleted since the request: nothing to publish
        return
    report = site_publish(campaign=campaign)
    logger.info(
        "Published %s: %d pages, %d files, %d bytes.",
        campaign.slug,
        report.pages,
        report.files,
        report.size,
    )
