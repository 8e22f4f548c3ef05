"""The alert network's pages: one URL module per activity.

- ``/alertes/…``: members (reporting, feed, notifications, number check, their data), and
  the public notice to people named in alerts with its contest form (``/alertes/avis/…``);
- ``/reseau/<association>/…``: staff (moderation, members and invitations, deliveries,
  legal cases, statistics) and partners (reporting on someone's behalf).
"""

from collections.abc import Sequence
from importlib import import_module

from django.urls import URLPattern, URLResolver, include, path
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

app_name = "alerts"


def uncached(module: str) -> tuple[Sequence[URLPattern | URLResolver], str | None, str | None]:
    """Include a staff URL module with every page ``Cache-Control: no-store`` and every POST
    hidden from error reports (``sensitive_post_parameters``): they show and take decrypted
    texts, numbers, case notes and pseudonyms, which no browser, proxy or error e-mail may
    keep (issue 12, findings 16 and 18)."""
    patterns = import_module(module).urlpatterns
    return include([_guarded(p) for p in patterns])


def _guarded(pattern: URLPattern) -> URLPattern:
    callback = never_cache(sensitive_post_parameters()(pattern.callback))
    return URLPattern(pattern.pattern, callback, pattern.default_args, pattern.name)


urlpatterns = [
    path("alertes/", include("veilleuse.alerts.urls.member")),
    path("alertes/", include("veilleuse.alerts.urls.notifications")),
    path("alertes/", include("veilleuse.alerts.urls.checks")),
    path("alertes/", include("veilleuse.alerts.urls.my_data")),
    path("alertes/", include("veilleuse.alerts.urls.checkins")),
    path("alertes/", include("veilleuse.alerts.urls.contest")),
    path("reseau/<slug:slug>/", uncached("veilleuse.alerts.urls.moderation")),
    path("reseau/<slug:slug>/", uncached("veilleuse.alerts.urls.network")),
    path("reseau/<slug:slug>/", uncached("veilleuse.alerts.urls.deliveries")),
    path("reseau/<slug:slug>/", uncached("veilleuse.alerts.urls.checks_staff")),
    path("reseau/<slug:slug>/", uncached("veilleuse.alerts.urls.legal")),
    path("reseau/<slug:slug>/", uncached("veilleuse.alerts.urls.statistics")),
    path("reseau/<slug:slug>/", uncached("veilleuse.alerts.urls.duty")),
    path("reseau/<slug:slug>/", uncached("veilleuse.alerts.urls.contest_staff")),
]
