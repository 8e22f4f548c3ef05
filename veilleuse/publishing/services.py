"""Publishing a campaign: build its static site from the database, now or in the background.

The site of a campaign lives in ``settings.DATA_DIR / "sites" / <slug>``; ``veilleuse publish``
can write it anywhere else. A build replaces the previous site only once complete.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import transaction

from veilleuse.accounts.models import User
from veilleuse.core.audit import audit
from veilleuse.core.tasks import enqueue
from veilleuse.publishing.build import SiteReport, build_site
from veilleuse.publishing.selectors import publication_data
from veilleuse.questionnaires.models import Campaign

ZIP_DATE = (2000, 1, 1, 0, 0, 0)  # a fixed date: the same site gives the same archive


class PublishError(Exception):
    """A problem the person publishing can fix; the message is one sentence."""


def site_dir(*, campaign: Campaign) -> Path:
    """Where the platform keeps the last build of a campaign's site."""
    return Path(settings.DATA_DIR) / "sites" / campaign.slug


def site_publish(
    *,
    campaign: Campaign,
    out_dir: Path | None = None,
    site_url: str | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> SiteReport:
    """Build the campaign's site from its reviewed decisions (atomically). ``site_url``, the
    address where it will be hosted, makes the tracker feed's links absolute."""
    target = Path(out_dir) if out_dir is not None else site_dir(campaign=campaign)
    data = publication_data(campaign)
    documents = Path(settings.MEDIA_ROOT)
    try:
        return build_site(
            data, target, documents_root=documents, site_url=site_url, on_progress=on_progress
        )
    except OSError as error:
        reason = error.strerror or str(error)
        raise PublishError(f"Cannot write the site to {target}: {reason}.") from None


def site_publish_by_slug(
    *,
    slug: str,
    out_dir: Path | None = None,
    site_url: str | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> SiteReport:
    """``veilleuse publish``: the campaign named ``slug``, built into ``out_dir`` (by default
    the platform's own folder, the one the web « Publish » page knows)."""
    campaign = Campaign.objects.filter(slug=slug).first()
    if campaign is None:
        known = ", ".join(Campaign.objects.order_by("slug").values_list("slug", flat=True))
        raise PublishError(
            f"No campaign named {slug!r} (known: {known or 'none; run veilleuse demo'})."
        )
    if site_url and not site_url.startswith(("https://", "http://")):
        raise PublishError(f"--site-url must start with https:// (got {site_url!r}).")
    return site_publish(
        campaign=campaign, out_dir=out_dir, site_url=site_url, on_progress=on_progress
    )


def publication_request(*, actor: User, campaign: Campaign) -> None:
    """Ask for a new build of the campaign's site, in the background, and log who asked."""
    from veilleuse.publishing import tasks  # tasks imports this module

    with transaction.atomic():
        audit(
            actor=actor,
            action="publication.request",
            target=campaign,
            association_id=campaign.association_id,
        )
        enqueue(tasks.publication_build, campaign_id=campaign.pk)


def site_zip(*, folder: Path) -> bytes:
    """The built site as a zip archive (files sorted, fixed dates)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(str(path.relative_to(folder)), date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()
