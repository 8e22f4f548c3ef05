"""One gate per tracked commitment (convention 5): staff of the campaign's association only;
"missing" and "forbidden" are the same 404."""

from __future__ import annotations

from django.http import Http404

from veilleuse.accounts.access import staff_membership
from veilleuse.accounts.models import Role, User
from veilleuse.commitments.models import (
    ActProposal,
    StatusChange,
    TrackedCommitment,
    WatchedSource,
)


def access_commitment(user: User, commitment_id: int, role: str = Role.VIEWER) -> TrackedCommitment:
    commitment = (
        TrackedCommitment.objects.select_related("campaign", "candidate", "official", "question")
        .filter(pk=commitment_id)
        .first()
    )
    if commitment is None:
        raise Http404
    staff_membership(user, commitment.campaign.association_id, role)
    return commitment


def access_status_change(user: User, change_id: int, role: str = Role.REVIEWER) -> StatusChange:
    change = (
        StatusChange.objects.select_related("commitment__campaign").filter(pk=change_id).first()
    )
    if change is None:
        raise Http404
    staff_membership(user, change.commitment.campaign.association_id, role)
    return change


def access_act_proposal(user: User, proposal_id: int, role: str = Role.REVIEWER) -> ActProposal:
    proposal = (
        ActProposal.objects.select_related("act", "commitment__campaign", "commitment__candidate")
        .filter(pk=proposal_id)
        .first()
    )
    if proposal is None:
        raise Http404
    staff_membership(user, proposal.commitment.campaign.association_id, role)
    return proposal


def access_watched_source(user: User, source_id: int, role: str = Role.ADMIN) -> WatchedSource:
    source = WatchedSource.objects.select_related("campaign").filter(pk=source_id).first()
    if source is None:
        raise Http404
    staff_membership(user, source.campaign.association_id, role)
    return source
