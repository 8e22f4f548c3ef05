"""One gate per sensitive object of a campaign (convention 5). Views reach campaigns,
candidates, imports and answers only through these; each returns the object or raises 404
("missing" and "forbidden" look the same from outside)."""

from __future__ import annotations

from django.http import Http404

from veilleuse.accounts.access import staff_membership
from veilleuse.accounts.models import Role, User
from veilleuse.questionnaires.models import Answer, Campaign, Candidate, Import


def access_campaign(user: User, slug: str, role: str = Role.VIEWER) -> Campaign:
    campaign = Campaign.objects.select_related("association", "election").filter(slug=slug).first()
    if campaign is None:
        raise Http404
    staff_membership(user, campaign.association_id, role)
    return campaign


def campaign_allows(user: User, campaign: Campaign, role: str) -> bool:
    """Whether ``access_campaign`` lets the user in with ``role`` (to show or hide a button;
    the view behind the button still goes through the gate)."""
    try:
        access_campaign(user, campaign.slug, role)
    except Http404:
        return False
    return True


def is_admin(user: User, campaign: Campaign) -> bool:
    return campaign_allows(user, campaign, Role.ADMIN)


def can_review(user: User, campaign: Campaign) -> bool:
    return campaign_allows(user, campaign, Role.REVIEWER)


def access_candidate(user: User, campaign: Campaign, candidate_id: int) -> Candidate:
    """A candidate of a campaign the caller already passed ``access_campaign`` for."""
    candidate = Candidate.objects.filter(campaign=campaign, pk=candidate_id).first()
    if candidate is None:
        raise Http404
    return candidate


def access_import(user: User, import_id: int, role: str = Role.REVIEWER) -> Import:
    document = Import.objects.select_related("candidate__campaign").filter(pk=import_id).first()
    if document is None:
        raise Http404
    staff_membership(user, document.candidate.campaign.association_id, role)
    return document


def access_answer(user: User, answer_id: int, role: str = Role.VIEWER) -> Answer:
    answer = (
        Answer.objects.select_related("question", "response__candidate__campaign__association")
        .filter(pk=answer_id)
        .first()
    )
    if answer is None:
        raise Http404
    staff_membership(user, answer.response.candidate.campaign.association_id, role)
    return answer
