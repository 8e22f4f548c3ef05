"""Pages of the alert network: checks (included by veilleuse/alerts/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
