"""The live preview of the published site and the publish button."""

from django.urls import path  # noqa: F401

app_name = "publishing"

urlpatterns: list[object] = []
