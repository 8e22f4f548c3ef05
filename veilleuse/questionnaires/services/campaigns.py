"""Campaigns (with their election) and the candidates and lists they question."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from veilleuse.accounts.models import Association, User
from veilleuse.core.audit import audit
from veilleuse.questionnaires.models import (
    Campaign,
    Candidate,
    Election,
    Invitation,
    Response,
    ResponseStatus,
)
from veilleuse.questionnaires.services.invitations import invitation_default_expiry


def _validate(election: Election, campaign: Campaign) -> None:
    first, second = election.first_round, election.second_round
    if first and second and second < first:
        raise ValidationError({"second_round": _("The second round comes after the first.")})
    election.full_clean()
    campaign.full_clean(exclude=["election"] if campaign.election_id is None else None)


@dataclass(frozen=True)
class CampaignDetails:
    """What staff type about a campaign and the election it is about (the campaign form)."""

    election_name: str
    slug: str
    title: str
    territory: str = ""
    first_round: date | None = None
    second_round: date | None = None
    introduction: str = ""
    deadline: datetime | None = None
    four_eyes: bool = False
    right_of_reply: bool = False

    def assign(self, election: Election, campaign: Campaign) -> None:
        """Copy the details onto the election and the campaign, trimmed."""
        election.name, election.territory = self.election_name.strip(), self.territory.strip()
        election.first_round, election.second_round = self.first_round, self.second_round
        campaign.slug, campaign.title = self.slug, self.title.strip()
        campaign.introduction, campaign.deadline = self.introduction.strip(), self.deadline
        campaign.four_eyes, campaign.right_of_reply = self.four_eyes, self.right_of_reply


def campaign_create(*, actor: User, association: Association, details: CampaignDetails) -> Campaign:
    """A new campaign and the election it is about."""
    election = Election(association=association)
    campaign = Campaign(association=association)
    details.assign(election, campaign)
    _validate(election, campaign)
    with transaction.atomic():
        election.save()
        campaign.election = election
        campaign.save()
        audit(actor=actor, action="campaign.create", target=campaign, association_id=association.pk)
    return campaign


def campaign_update(*, actor: User, campaign: Campaign, details: CampaignDetails) -> Campaign:
    """Edit a campaign and its election. Moving the deadline moves the links' expiry."""
    election = campaign.election
    deadline_moved = details.deadline != campaign.deadline
    details.assign(election, campaign)
    _validate(election, campaign)
    with transaction.atomic():
        election.save()
        campaign.save()
        if deadline_moved:
            Invitation.objects.filter(candidate__campaign=campaign).update(
                expires_at=invitation_default_expiry(campaign=campaign)
            )
        audit(
            actor=actor,
            action="campaign.update",
            target=campaign,
            association_id=campaign.association_id,
        )
    return campaign


@dataclass(frozen=True)
class CandidateDetails:
    """What staff type about a list (the candidate form)."""

    name: str
    party: str = ""
    head_of_list: str = ""
    territory: str = ""
    email: str = ""
    phone: str = ""
    contact_notes: str = ""

    def assign(self, candidate: Candidate) -> None:
        """Copy the details onto the candidate, trimmed."""
        candidate.name, candidate.party = self.name.strip(), self.party.strip()
        candidate.head_of_list, candidate.territory = (
            self.head_of_list.strip(),
            self.territory.strip(),
        )
        candidate.email, candidate.phone = self.email.strip(), self.phone.strip()
        candidate.contact_notes = self.contact_notes.strip()


def _validate_candidate(candidate: Candidate) -> None:
    candidate.full_clean()
    twins = Candidate.objects.filter(campaign_id=candidate.campaign_id, name__iexact=candidate.name)
    if candidate.pk:
        twins = twins.exclude(pk=candidate.pk)
    if twins.exists():
        raise ValidationError({"name": _("This campaign already has a list with this name.")})


def candidate_create(*, actor: User, campaign: Campaign, details: CandidateDetails) -> Candidate:
    return _candidate_save(actor, Candidate(campaign=campaign), details, "candidate.create")


def candidate_update(*, actor: User, candidate: Candidate, details: CandidateDetails) -> Candidate:
    return _candidate_save(actor, candidate, details, "candidate.update")


def _candidate_save(
    actor: User, candidate: Candidate, details: CandidateDetails, action: str
) -> Candidate:
    details.assign(candidate)
    _validate_candidate(candidate)
    with transaction.atomic():
        candidate.save()
        audit(
            actor=actor,
            action=action,
            target=candidate,
            association_id=candidate.campaign.association_id,
        )
    return candidate


def candidate_delete(*, actor: User, candidate: Candidate) -> None:
    """Remove a list that has not answered (an answer is never thrown away)."""
    if Response.objects.filter(candidate=candidate, status=ResponseStatus.SUBMITTED).exists():
        raise ValidationError(
            _("This list has answered: it cannot be removed, or its answers would be lost.")
        )
    with transaction.atomic():
        audit(
            actor=actor,
            action="candidate.delete",
            target=candidate,
            association_id=candidate.campaign.association_id,
            name=candidate.name,
        )
        candidate.delete()
