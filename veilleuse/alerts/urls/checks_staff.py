"""Pages of the alert network: number check alarms, for moderators (under /reseau/<slug>/)."""

from django.urls import path

from veilleuse.alerts.views import checks

urlpatterns = [
    path("verifications/", checks.check_alarms, name="check_alarms"),
]
