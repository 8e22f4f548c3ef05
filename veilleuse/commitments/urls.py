"""Staff pages of commitment tracking (docs/tracking.md)."""

from django.urls import path

from veilleuse.commitments.views import commitment, results, tracking, watch

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
    # Watching the city: proposals from its public acts, sources and runs
    path(f"{CAMPAIGN}tracking/watch/", watch.watch, name="watch"),
    path("tracking/watch/sources/<int:pk>/run/", watch.watch_run, name="watch_run"),
    path(
        "tracking/watch/proposals/<int:pk>/confirm/",
        watch.act_proposal_confirm_view,
        name="act_proposal_confirm",
    ),
    path(
        "tracking/watch/proposals/<int:pk>/dismiss/",
        watch.act_proposal_dismiss_view,
        name="act_proposal_dismiss",
    ),
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
