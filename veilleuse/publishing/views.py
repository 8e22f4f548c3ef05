"""The Publish page of a campaign (admins) and the live preview of its site (viewers and up).

The preview serves the very bytes ``build_site`` would write, from the database as it is now.
"""

from __future__ import annotations

import mimetypes
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from veilleuse.accounts.decorators import AuthenticatedHttpRequest, staff_view
from veilleuse.publishing.access import access_preview, access_publication
from veilleuse.publishing.build import generated_file, site_files, site_summary
from veilleuse.publishing.selectors import publication_data
from veilleuse.publishing.services import publication_request, site_dir, site_zip

# The preview runs on the platform's origin: it may run only the site's own scripts.
PREVIEW_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
)
TEXT_TYPES = {".html", ".css", ".js", ".json", ".csv", ".txt", ".md"}


@staff_view
@require_http_methods(["GET", "HEAD", "POST"])
def publish(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    campaign = access_publication(request.user, slug)
    if request.method == "POST":
        publication_request(actor=request.user, campaign=campaign)
        messages.success(request, _("The site is being built. Reload this page in a moment."))
        return redirect("publishing:publish", slug=campaign.slug)
    folder = site_dir(campaign=campaign)
    last = site_summary(folder)
    built = None
    if last is not None:
        built = datetime.fromtimestamp((folder / "index.html").stat().st_mtime, tz=UTC)
    return render(
        request,
        "publishing/preview_publish.html",
        {"campaign": campaign, "last": last, "built": built},
    )


@staff_view
def publish_download(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    campaign = access_publication(request.user, slug)
    folder = site_dir(campaign=campaign)
    if site_summary(folder) is None:
        raise Http404
    response = HttpResponse(site_zip(folder=folder), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{campaign.slug}-site.zip"'
    return response


@staff_view
def preview(request: AuthenticatedHttpRequest, slug: str, page: str = "") -> HttpResponse:
    campaign = access_preview(request.user, slug)
    if page == "" or page.endswith("/"):
        page += "index.html"
    data = publication_data(campaign)
    render_file = site_files(data, documents_root=Path(settings.MEDIA_ROOT)).get(page)
    content = render_file() if render_file else generated_file(data, page)
    if content is None:
        raise Http404
    return preview_response(page, content)


def preview_response(page: str, content: bytes) -> HttpResponse:
    suffix = Path(page).suffix.lower()
    kind = mimetypes.guess_type(page)[0] or "application/octet-stream"
    if suffix in TEXT_TYPES:
        kind += "; charset=utf-8"
    response = HttpResponse(content, content_type=kind)
    response["Content-Security-Policy"] = PREVIEW_POLICY
    if page.startswith("documents/"):
        response["Content-Disposition"] = "attachment"
    response["Cache-Control"] = "no-store"
    return response
