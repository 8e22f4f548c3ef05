"""Pages of the alert network: safe-date check-ins (under /alertes/)."""

from django.urls import path

from veilleuse.alerts.views import checkins

urlpatterns = [
    path("veille/", checkins.checkin, name="checkin"),
    path("veille/fait/", checkins.checkin_done, name="checkin_done"),
    path("veille/mon-plan/", checkins.safety_plan, name="safety_plan"),
    path("veille/<int:checkin_id>/ok/", checkins.checkin_safe, name="checkin_safe"),
    path("veille/<int:checkin_id>/plus-tard/", checkins.checkin_more_time, name="checkin_extend"),
    path("veille/accuse/<int:message_id>/<str:token>/", checkins.checkin_ack, name="checkin_ack"),
]
