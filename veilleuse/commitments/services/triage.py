"""Triage of proposals: accept one for tracking, drop it, merge it into a tracked one, or add
a commitment by hand (a programme, a council debate). Every change bumps ``version``."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from veilleuse.accounts.models import User
from veilleuse.commitments.models import (
    CommitmentState,
    Official,
    Source,
    TrackedCommitment,
)
from veilleuse.commitments.tasks import commitment_acts_read
from veilleuse.core.audit import audit
from veilleuse.core.tasks import enqueue
from veilleuse.questionnaires.models import Campaign, Candidate, Question


def _locked(commitment: TrackedCommitment) -> TrackedCommitment:
    return (
        TrackedCommitment.objects.select_for_update()
        .select_related("campaign")
        .get(pk=commitment.pk)
    )


def _proposal(commitment: TrackedCommitment) -> TrackedCommitment:
    locked = _locked(commitment)
    if locked.state != CommitmentState.PROPOSED:
        raise ValidationError(
            _("This proposal was already handled (%(state)s).")
            % {"state": locked.get_state_display()},
            code="handled",
        )
    return locked


def _check_official(campaign: Campaign, official: Official | None) -> None:
    if official is not None and official.result.campaign_id != campaign.pk:
        raise ValidationError({"official": _("Choose an official of this campaign.")})


def _save(commitment: TrackedCommitment, *fields: str) -> None:
    commitment.version += 1
    commitment.full_clean()
    commitment.save(update_fields=[*fields, "version", "updated"])


def commitment_accept(
    *,
    actor: User,
    commitment: TrackedCommitment,
    official: Official | None = None,
    expected_by: datetime.date | None = None,
) -> TrackedCommitment:
    """Track a proposal, optionally naming the official in charge and the expected date."""
    with transaction.atomic():
        locked = _proposal(commitment)
        _check_official(locked.campaign, official)
        locked.state = CommitmentState.TRACKED
        if official is not None:
            locked.official = official
        if expected_by is not None:
            locked.expected_by = expected_by
        _save(locked, "state", "official", "expected_by")
        _audit(actor, "commitment.accept", locked)
        # The acts the watch already read may concern it (docs/tracking.md, section 7).
        enqueue(commitment_acts_read, commitment_id=locked.pk)
    return locked


def commitment_drop(*, actor: User, commitment: TrackedCommitment) -> TrackedCommitment:
    """Not worth tracking (too vague, not a commitment): kept, out of the way."""
    with transaction.atomic():
        locked = _proposal(commitment)
        locked.state = CommitmentState.DROPPED
        _save(locked, "state")
        _audit(actor, "commitment.drop", locked)
    return locked


def commitment_merge(
    *, actor: User, commitment: TrackedCommitment, into: TrackedCommitment
) -> TrackedCommitment:
    """The proposal says the same thing as a tracked commitment: it joins it."""
    with transaction.atomic():
        locked = _proposal(commitment)
        target = _locked(into)
        if target.pk == locked.pk or target.campaign_id != locked.campaign_id:
            raise ValidationError({"into": _("Choose another commitment of this campaign.")})
        if target.state != CommitmentState.TRACKED:
            raise ValidationError({"into": _("A proposal can only join a tracked commitment.")})
        locked.state = CommitmentState.MERGED
        locked.merged_into = target
        _save(locked, "state", "merged_into")
        _audit(actor, "commitment.merge", locked, into=target.pk)
    return locked


def commitment_add(
    *,
    actor: User,
    campaign: Campaign,
    candidate: Candidate,
    title: str,
    quote: str = "",
    official: Official | None = None,
    question: Question | None = None,
    source_note: str = "",
    expected_by: datetime.date | None = None,
    expected_label: str = "",
) -> TrackedCommitment:
    """A commitment found elsewhere (a programme, a council debate): tracked at once."""
    with transaction.atomic():
        if candidate.campaign_id != campaign.pk:
            raise ValidationError({"candidate": _("Choose a list of this campaign.")})
        if question is not None and question.campaign_id != campaign.pk:
            raise ValidationError({"question": _("Choose a question of this campaign.")})
        _check_official(campaign, official)
        commitment = TrackedCommitment(
            campaign=campaign,
            candidate=candidate,
            official=official,
            question=question,
            source=Source.MANUAL,
            source_note=source_note.strip(),
            title=title.strip(),
            quote=quote.strip(),
            expected_by=expected_by,
            expected_label=expected_label.strip(),
            state=CommitmentState.TRACKED,
        )
        commitment.full_clean()
        commitment.save()
        _audit(actor, "commitment.add", commitment)
        enqueue(commitment_acts_read, commitment_id=commitment.pk)
    return commitment


def _audit(actor: User, action: str, commitment: TrackedCommitment, **data: Any) -> None:
    audit(
        actor=actor,
        action=action,
        target=commitment,
        association_id=commitment.campaign.association_id,
        title=commitment.title,
        **data,
    )
