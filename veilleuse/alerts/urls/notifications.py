"""Pages of the alert network: notifications, messaging links and the messaging services'
webhooks (included by veilleuse/alerts/urls.py)."""

from django.urls import path

from veilleuse.alerts.views import channels, notifications, webhooks

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
    path("notifications/messageries/", channels.channels, name="channels"),
    path(
        "notifications/messageries/<slug:service>/lier/",
        channels.channel_link_start,
        name="channel_link_start",
    ),
    path(
        "notifications/messageries/<slug:service>/choix/",
        channels.channel_link_choices,
        name="channel_link_choices",
    ),
    path(
        "notifications/messageries/<slug:service>/delier/",
        channels.channel_link_delete,
        name="channel_link_delete",
    ),
    path("webhooks/telegram/", webhooks.telegram_webhook, name="telegram_webhook"),
    path("webhooks/whatsapp/", webhooks.whatsapp_webhook, name="whatsapp_webhook"),
]
