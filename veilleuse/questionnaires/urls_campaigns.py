"""Campaigns, questionnaires, candidates, invitations and the public answer form."""

urlpatterns: list[object] = []
