"""Watching the city's public record: importing acts, proposing status changes, and the
person's decision on each proposal (docs/tracking.md, "Watching the city").

Reading a source happens outside any transaction (it is network time); what it read is then
saved in one transaction, with the proposals it makes. A proposal never changes a status by
itself: ``act_proposal_confirm`` records the status change through the ordinary service
(evidence, four-eyes), ``act_proposal_dismiss`` keeps it, dismissed, so that the same act is
never proposed again for the same commitment.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from veilleuse.accounts.models import User
from veilleuse.commitments import matching
from veilleuse.commitments.acts import ActRecord, SourceError, importer
from veilleuse.commitments.models import (
    ActProposal,
    CommitmentState,
    EvidenceKind,
    ProposalState,
    PublicAct,
    StatusChange,
    TrackedCommitment,
    WatchedSource,
    WatchRun,
)
from veilleuse.commitments.services.statuses import (
    EvidenceItem,
    Fact,
    commitment_status_change,
    web_address,
)
from veilleuse.core.audit import audit
from veilleuse.questionnaires.models import Campaign


@dataclass(frozen=True)
class ImportReport:
    read: int
    added: int
    proposed: int


def acts_import(
    *, campaign: Campaign, importer_name: str, location: str, source: WatchedSource | None = None
) -> ImportReport:
    """Read ``location`` with the named importer and keep the acts not seen before; propose
    status changes for them. Raises ``SourceError`` (nothing saved) if the source is bad."""
    records = list(importer(importer_name).read(location))
    return acts_add(campaign=campaign, records=records, source=source)


def acts_add(
    *, campaign: Campaign, records: list[ActRecord], source: WatchedSource | None = None
) -> ImportReport:
    """Keep the records not seen before and propose status changes for them."""
    with transaction.atomic():
        added = _save_new(campaign, source, records)
        proposed = acts_match(campaign=campaign, acts=added)
    return ImportReport(read=len(records), added=len(added), proposed=proposed)


def _save_new(
    campaign: Campaign, source: WatchedSource | None, records: list[ActRecord]
) -> list[PublicAct]:
    seen = set(
        PublicAct.objects.filter(campaign=campaign).values_list("kind", "reference", "text_hash")
    )
    added = []
    for record in records:
        key = (record.kind, record.reference, record.text_hash)
        if key in seen:
            continue
        seen.add(key)
        added.append(
            PublicAct.objects.create(
                campaign=campaign,
                source=source,
                text_hash=record.text_hash,
                **{name: getattr(record, name) for name in ACT_FIELDS},
            )
        )
    return added


ACT_FIELDS = (
    "kind",
    "reference",
    "title",
    "text",
    "decided_on",
    "url",
    "authority",
    "beneficiary_name",
    "beneficiary_siret",
    "amount",
)


def _commitment_text(commitment: TrackedCommitment) -> matching.CommitmentText:
    return matching.CommitmentText(
        key=commitment.pk,
        title=commitment.title,
        quote=commitment.quote,
        beneficiary_name=commitment.beneficiary_name,
        beneficiary_siret=commitment.beneficiary_siret,
        amount=commitment.amount,
    )


def _act_text(act: PublicAct) -> matching.ActText:
    return matching.ActText(
        kind=act.kind,
        title=act.title,
        text=act.text,
        beneficiary_name=act.beneficiary_name,
        beneficiary_siret=act.beneficiary_siret,
        amount=act.amount,
    )


def acts_match(
    *, campaign: Campaign, acts: list[PublicAct], only: TrackedCommitment | None = None
) -> int:
    """Propose, for each act, the tracked commitments it may concern (``only`` one, if
    given); how many proposals. A pair already proposed (whatever became of it) is never
    proposed again."""
    tracked = TrackedCommitment.objects.filter(campaign=campaign, state=CommitmentState.TRACKED)
    if only is not None:
        tracked = tracked.filter(pk=only.pk)
    commitments = [(c, _commitment_text(c)) for c in tracked]
    known = set(ActProposal.objects.filter(act__in=acts).values_list("act_id", "commitment_id"))
    created = 0
    with transaction.atomic():
        for act in acts:
            text = _act_text(act)
            for commitment, wanted in commitments:
                found = matching.match(wanted, text)
                if found is None or (act.pk, commitment.pk) in known:
                    continue
                ActProposal.objects.create(
                    act=act,
                    commitment=commitment,
                    status=found.status,
                    quote=found.quote,
                    score=found.score,
                    why=", ".join(found.why)[:300],
                )
                created += 1
    return created


def commitment_acts_match(*, commitment: TrackedCommitment) -> int:
    """A commitment tracked after the acts were read is matched against them too."""
    acts = list(PublicAct.objects.filter(campaign_id=commitment.campaign_id))
    return acts_match(campaign=commitment.campaign, acts=acts, only=commitment)


def watched_source_add(
    *,
    actor: User,
    campaign: Campaign,
    importer_name: str,
    name: str,
    address: str,
    every_hours: int = 24,
) -> WatchedSource:
    """A publication for the worker to read every ``every_hours`` hours."""
    importer(importer_name)  # an unknown format is refused before anything is saved
    if not 1 <= every_hours <= 24 * 31:
        raise ValidationError({"every_hours": _("Between 1 hour and 31 days.")})
    with transaction.atomic():
        source = WatchedSource.objects.create(
            campaign=campaign,
            importer=importer_name,
            name=name.strip()[:200],
            address=web_address(url=address),
            every_hours=every_hours,
        )
        audit(
            actor=actor,
            action="watch.source_add",
            target=source,
            association_id=campaign.association_id,
            importer=importer_name,
        )
    return source


def watched_source_run(*, source: WatchedSource) -> WatchRun:
    """Read one source now and log the run, failed or not (the staff page shows both)."""
    run = WatchRun.objects.create(source=source, started_at=timezone.now())
    try:
        report = acts_import(
            campaign=source.campaign,
            importer_name=source.importer,
            location=source.address,
            source=source,
        )
    except SourceError as error:
        run.error = str(error)
    else:
        run.read, run.added, run.proposed = report.read, report.added, report.proposed
    run.finished_at = timezone.now()
    run.save()
    source.last_run_at = run.started_at
    source.save(update_fields=["last_run_at", "updated"])
    return run


def act_proposal_confirm(*, actor: User, proposal: ActProposal) -> StatusChange:
    """The person agrees: the proposed status is recorded, with the act as its evidence."""
    with transaction.atomic():
        locked = _pending(proposal)
        commitment = TrackedCommitment.objects.get(pk=locked.commitment_id)
        change = commitment_status_change(
            actor=actor,
            commitment=commitment,
            fact=_fact(locked),
            seen_version=commitment.version,
        )
        _decide(actor, locked, ProposalState.CONFIRMED, change)
    return change


def act_proposal_dismiss(*, actor: User, proposal: ActProposal) -> ActProposal:
    """The person disagrees: kept, dismissed, so that it does not come back."""
    with transaction.atomic():
        locked = _pending(proposal)
        _decide(actor, locked, ProposalState.DISMISSED, None)
    return locked


def _pending(proposal: ActProposal) -> ActProposal:
    locked = (
        ActProposal.objects.select_for_update(of=("self",))
        .select_related("act", "commitment__campaign")
        .get(pk=proposal.pk)
    )
    if locked.state != ProposalState.PENDING:
        raise ValidationError(_("This proposal was already decided."), code="decided")
    return locked


def _fact(proposal: ActProposal) -> Fact:
    act = proposal.act
    today = timezone.localdate()
    title = f"{act.reference} — {act.title}"[:300]
    if act.url:
        evidence = EvidenceItem(EvidenceKind.LINK, title, url=act.url)
    else:
        evidence = EvidenceItem(EvidenceKind.NOTE, title, note=f"{title}\n« {proposal.quote} »")
    return Fact(
        status=proposal.status,
        happened_on=min(act.decided_on or today, today),
        evidence=[evidence],
        note=f"« {proposal.quote} »",
    )


def _decide(actor: User, proposal: ActProposal, state: str, change: StatusChange | None) -> None:
    proposal.state = state
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal.change = change
    proposal.save(update_fields=["state", "decided_by", "decided_at", "change"])
    audit(
        actor=actor,
        action=f"act_proposal.{'confirm' if change else 'dismiss'}",
        target=proposal,
        association_id=proposal.commitment.campaign.association_id,
        commitment=proposal.commitment_id,
        act=proposal.act_id,
    )
