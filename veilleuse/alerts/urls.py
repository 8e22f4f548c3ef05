"""The alert network's pages: one URL module per activity.

- ``/alertes/…``: members (reporting, feed, notifications, number check, their data);
- ``/reseau/<association>/…``: staff (moderation, members and invitations, deliveries,
  legal cases, statistics) and partners (reporting on someone's behalf).
"""

from django.urls import include, path

app_name = "alerts"

urlpatterns = [
    path("alertes/", include("veilleuse.alerts.urls_member")),
    path("alertes/", include("veilleuse.alerts.urls_notifications")),
    path("alertes/", include("veilleuse.alerts.urls_checks")),
    path("alertes/", include("veilleuse.alerts.urls_my_data")),
    path("reseau/<slug:slug>/", include("veilleuse.alerts.urls_moderation")),
    path("reseau/<slug:slug>/", include("veilleuse.alerts.urls_network")),
    path("reseau/<slug:slug>/", include("veilleuse.alerts.urls_deliveries")),
    path("reseau/<slug:slug>/", include("veilleuse.alerts.urls_checks_staff")),
    path("reseau/<slug:slug>/", include("veilleuse.alerts.urls_legal")),
    path("reseau/<slug:slug>/", include("veilleuse.alerts.urls_statistics")),
]
