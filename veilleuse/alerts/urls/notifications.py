"""Pages of the alert network: notifications (included by veilleuse/alerts/urls.py)."""

from django.urls import path

from veilleuse.alerts.views import notifications

urlpatterns = [
    path("notifications/", notifications.notification_settings, name="notifications"),
    path("notifications/push/", notifications.push_subscribe, name="notifications_push"),
    path(
        "notifications/push/supprimer/",
        notifications.push_unsubscribe,
        name="notifications_push_delete",
    ),
    path("notifications/test/", notifications.notification_test, name="notifications_test"),
    path("sw.js", notifications.service_worker, name="service_worker"),
]
