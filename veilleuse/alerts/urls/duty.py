"""Pages of the alert network: the duty page and rota (under /reseau/<slug>/)."""

from django.urls import path

from veilleuse.alerts.views import duty

urlpatterns = [
    path("veille/", duty.duty, name="duty"),
    path("veille/<int:page_id>/pris/", duty.duty_acknowledge, name="duty_acknowledge"),
    path("veille/planning/", duty.duty_rota, name="duty_rota"),
    path("veille/planning/<int:slot_id>/retirer/", duty.duty_slot_delete, name="duty_slot_delete"),
]
