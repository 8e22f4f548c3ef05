"""Pages of the alert network: statistics (included by veilleuse/alerts/urls.py)."""

from django.urls import path

from veilleuse.alerts.views import statistics

urlpatterns = [
    path("statistiques/", statistics.statistics_page, name="statistics"),
    path("statistiques/export.csv", statistics.statistics_csv, name="statistics_csv"),
    path(
        "statistiques/publications/<int:publication_id>/retirer/",
        statistics.statistics_unpublish_view,
        name="statistics_unpublish",
    ),
]
