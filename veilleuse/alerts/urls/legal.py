"""Pages of the alert network: legal cases (included by veilleuse/alerts/urls.py under
``/reseau/<slug>/``)."""

from django.urls import path

from veilleuse.alerts.views import legal

urlpatterns = [
    path("juridique/", legal.legal_home, name="legal_home"),
    path("juridique/signalements/<int:report_id>/ouvrir/", legal.case_open, name="case_open"),
    path("juridique/dossiers/<int:case_id>/", legal.case_detail, name="case_detail"),
    path(
        "juridique/dossiers/<int:case_id>/plainte.pdf",
        legal.case_complaint_pdf,
        name="case_complaint_pdf",
    ),
    path(
        "juridique/dossiers/<int:case_id>/<slug:action>/",
        legal.case_update,
        name="case_update",
    ),
]
