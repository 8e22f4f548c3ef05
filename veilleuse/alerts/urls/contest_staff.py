"""Pages of the alert network: data protection (admins) and the second look at a published
alert (moderators), under ``/reseau/<slug>/``."""

from django.urls import path

from veilleuse.alerts.views import contest_staff as views

urlpatterns = [
    path("donnees/", views.contest_queue, name="contest_queue"),
    path("donnees/demandes/<int:pk>/", views.contest_detail, name="contest_detail"),
    path("donnees/conformite/", views.compliance, name="compliance"),
    path("donnees/conformite/<slug:name>.pdf", views.compliance_pdf, name="compliance_pdf"),
    path(
        "moderation/alertes/<int:pk>/revue/demander/",
        views.alert_review_request,
        name="alert_review_request",
    ),
    path(
        "moderation/alertes/<int:pk>/revue/confirmer/",
        views.alert_review_confirm,
        name="alert_review_confirm",
    ),
]
