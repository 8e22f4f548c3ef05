"""Pages of the alert network: statistics (included by veilleuse/alerts/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
