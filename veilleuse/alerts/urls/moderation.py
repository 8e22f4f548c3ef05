"""Pages of the alert network: moderation (included by veilleuse/alerts/urls.py, under
``/reseau/<slug>/``)."""

from django.urls import path

from veilleuse.alerts.views import moderation as views
from veilleuse.alerts.views import safety

urlpatterns = [
    path("moderation/", views.moderation_queue, name="moderation_queue"),
    path("moderation/signalements/<int:pk>/", views.report_detail, name="moderation_report"),
    path(
        "moderation/signalements/<int:pk>/voix/", views.report_voice, name="moderation_report_voice"
    ),
    path(
        "moderation/signalements/<int:pk>/<slug:action>/",
        views.report_action,
        name="moderation_report_action",
    ),
    path("moderation/alertes/<int:pk>/", views.alert_detail, name="moderation_alert"),
    path(
        "moderation/deconnexion-a-distance/",
        safety.remote_sign_out,
        name="remote_sign_out",
    ),
    path(
        "moderation/alertes/<int:pk>/<slug:action>/",
        views.alert_action,
        name="moderation_alert_action",
    ),
]
