"""The alert network's pages: one URL module per activity.

- ``/alertes/…``: members (reporting, feed, notifications, number check, their data);
- ``/reseau/<association>/…``: staff (moderation, members and invitations, deliveries,
  legal cases, statistics) and partners (reporting on someone's behalf).
"""

from django.urls import include, path

app_name = "alerts"

urlpatterns = [
    path("alertes/", include("veilleuse.alerts.urls.member")),
    path("alertes/", include("veilleuse.alerts.urls.notifications")),
    path("alertes/", include("veilleuse.alerts.urls.checks")),
    path("alertes/", include("veilleuse.alerts.urls.my_data")),
    path("reseau/<slug:slug>/", include("veilleuse.alerts.urls.moderation")),
    path("reseau/<slug:slug>/", include("veilleuse.alerts.urls.network")),
    path("reseau/<slug:slug>/", include("veilleuse.alerts.urls.deliveries")),
    path("reseau/<slug:slug>/", include("veilleuse.alerts.urls.checks_staff")),
    path("reseau/<slug:slug>/", include("veilleuse.alerts.urls.legal")),
    path("reseau/<slug:slug>/", include("veilleuse.alerts.urls.statistics")),
]
