"""The review status of the member languages: what a native speaker still has to check."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from veilleuse.accounts.decorators import AuthenticatedHttpRequest, staff_view
from veilleuse.alerts.access import access_network_home
from veilleuse.alerts.selectors import staff as selectors
from veilleuse.alerts.translation_review import translation_review


@staff_view
@require_GET
def network_translations(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    association = access_network_home(request.user, slug)
    context = {
        "association": association,
        "pages": selectors.network_pages(request.user, association),
        "languages": translation_review(),
    }
    return render(request, "alerts/network/translations.html", context)
