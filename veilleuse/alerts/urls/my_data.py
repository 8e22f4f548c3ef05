"""Pages of the alert network: a member's data (included by veilleuse/alerts/urls.py)."""

from django.urls import path

from veilleuse.alerts.views import my_data

urlpatterns = [
    path("mes-donnees/", my_data.my_data, name="my_data"),
    path("mes-donnees/mes-donnees.json", my_data.my_data_json, name="my_data_json"),
    path("mes-donnees/supprimer/", my_data.my_data_erase, name="my_data_erase"),
]
