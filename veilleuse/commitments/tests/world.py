"""Small helpers shared by the tracking tests: results, a tracked commitment, evidence."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from veilleuse.commitments.models import EvidenceKind, TrackedCommitment
from veilleuse.commitments.services.results import result_record
from veilleuse.commitments.services.statuses import EvidenceItem, Fact
from veilleuse.commitments.services.triage import commitment_add

MANDATE = {"mandate_start": datetime.date(2026, 3, 22), "mandate_end": datetime.date(2032, 3, 21)}
A_WEEK_AGO = timezone.localdate() - datetime.timedelta(days=7)


def results(cast: Any, *, four_eyes: bool = False, winners: Any = None) -> Any:
    winners = winners or [cast.list_a]
    return result_record(
        actor=cast.admin,
        campaign=cast.campaign,
        winners=winners,
        majority=winners[0],
        four_eyes=four_eyes,
        **MANDATE,
    )


def tracked(cast: Any, title: str = "Ouvrir un centre de santé communautaire", **more: Any) -> Any:
    return commitment_add(
        actor=cast.reviewer,
        campaign=cast.campaign,
        candidate=cast.list_a,
        title=title,
        source_note="Programme, p. 12",
        **more,
    )


def link(url: str = "https://www.paris.fr/deliberation-2026-123") -> EvidenceItem:
    return EvidenceItem(EvidenceKind.LINK, "Délibération du Conseil de Paris", url=url)


def fact(status: str = "in_progress", *evidence: EvidenceItem, **more: Any) -> Fact:
    items = list(evidence) if evidence else [link()]
    return Fact(status=status, happened_on=A_WEEK_AGO, evidence=items, **more)


def fresh(commitment: TrackedCommitment) -> TrackedCommitment:
    return TrackedCommitment.objects.get(pk=commitment.pk)


def status_post(commitment: TrackedCommitment, **more: Any) -> dict[str, Any]:
    """What the status change form posts, with a link as evidence by default."""
    data = {
        "version": commitment.version,
        "status": "in_progress",
        "happened_on": A_WEEK_AGO.isoformat(),
        "url": "https://www.paris.fr/deliberation-2026-123",
        "url_title": "Délibération",
    }
    data.update(more)
    return data
