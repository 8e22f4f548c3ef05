"""Staff pages of commitment tracking (docs/tracking.md)."""

from django.urls import path

from veilleuse.commitments.views import commitment, results, tracking

app_name = "commitments"

CAMPAIGN = "c/<slug:slug>/"

urlpatterns = [
    # Results (administrators)
    path(f"{CAMPAIGN}results/", results.results, name="results"),
    path(f"{CAMPAIGN}results/propose/", results.propose, name="propose"),
    path(
        f"{CAMPAIGN}results/officials/<int:official_id>/remove/",
        results.official_delete,
        name="official_remove",
    ),
    # Follow-up and triage
    path(f"{CAMPAIGN}tracking/", tracking.tracking, name="tracking"),
    path(f"{CAMPAIGN}tracking/proposals/", tracking.proposals, name="proposals"),
    path(f"{CAMPAIGN}tracking/new/", tracking.commitment_new, name="commitment_add"),
    path("tracking/<int:pk>/triage/", tracking.triage, name="triage"),
    # One commitment: status changes, four-eyes, corrections, evidence
    path("tracking/<int:pk>/", commitment.commitment_detail, name="commitment_detail"),
    path("tracking/changes/<int:pk>/publish/", commitment.change_publish, name="change_publish"),
    path("tracking/changes/<int:pk>/correct/", commitment.change_correct, name="change_correct"),
    path(
        "tracking/changes/<int:change_id>/evidence/<int:pk>/",
        commitment.evidence_document,
        name="evidence_document",
    ),
]
