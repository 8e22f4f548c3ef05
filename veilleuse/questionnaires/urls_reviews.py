"""Imports of documents sent back, and the review of every answer."""

urlpatterns: list[object] = []
