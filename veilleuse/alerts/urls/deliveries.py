"""Pages of the alert network: deliveries (included by veilleuse/alerts/urls.py)."""

from django.urls import path

from veilleuse.alerts.views import deliveries

urlpatterns = [
    path("envois/", deliveries.delivery_list, name="deliveries"),
    path("envois/<int:delivery_id>/relancer/", deliveries.delivery_retry, name="delivery_retry"),
]
