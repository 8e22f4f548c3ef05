"""Pages of the alert network: checks (included by veilleuse/alerts/urls.py under /alertes/)."""

from django.urls import path

from veilleuse.alerts.views import checks

urlpatterns = [
    path("verifier/", checks.check, name="check"),
]
