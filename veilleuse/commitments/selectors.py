"""Reads of commitment tracking: the follow-up dashboard, the proposals to triage, one
commitment's page with its timeline, and the weekly digest. Each page costs a fixed number of
queries whatever the number of commitments (pinned by tests)."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import TypedDict

from django.db.models import Max, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import ngettext
from django_stubs_ext import WithAnnotations

from veilleuse.commitments.models import (
    ActProposal,
    ChangeState,
    CommitmentState,
    CommitmentStatus,
    ElectionResult,
    Evidence,
    Official,
    ProposalState,
    PublicAct,
    StatusChange,
    TrackedCommitment,
    WatchedSource,
    WatchRun,
)
from veilleuse.questionnaires.models import Campaign

FILTERS = ("all", "overdue", "silent")


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` months earlier (the month's last day if it has fewer)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    for candidate_day in range(day.day, 27, -1):
        try:
            return datetime.date(year, month + 1, candidate_day)
        except ValueError:
            continue
    return datetime.date(year, month + 1, min(day.day, 28))


def result_for(campaign: Campaign) -> ElectionResult | None:
    return (
        ElectionResult.objects.filter(campaign=campaign)
        .prefetch_related("winners__candidate", "officials__candidate")
        .first()
    )


@dataclass(frozen=True)
class BoardRow:
    commitment: TrackedCommitment
    last_news: datetime.datetime
    overdue: bool
    silent: bool


@dataclass(frozen=True)
class Board:
    result: ElectionResult | None
    rows: list[BoardRow]
    counts: list[tuple[str, str, int]]
    total: int
    overdue: int
    silent: int
    show: str
    silence_months: int
    proposals: int = 0


class LatestNews(TypedDict):
    last_published: datetime.datetime | None


def tracked(campaign: Campaign) -> QuerySet[WithAnnotations[TrackedCommitment, LatestNews]]:
    """Tracked commitments, with their list, official and the date of their latest news."""
    return (
        TrackedCommitment.objects.filter(campaign=campaign, state=CommitmentState.TRACKED)
        .select_related("candidate", "official", "question")
        .annotate(
            last_published=Max(
                "changes__published_at", filter=Q(changes__state=ChangeState.PUBLISHED)
            )
        )
    )


def board_rows(campaign: Campaign, silence_months: int, today: datetime.date) -> list[BoardRow]:
    quiet_since = months_before(today, silence_months)
    rows = []
    for commitment in tracked(campaign):
        last_news = commitment.last_published or commitment.created
        rows.append(
            BoardRow(
                commitment=commitment,
                last_news=last_news,
                overdue=bool(
                    commitment.expected_by
                    and commitment.expected_by < today
                    and commitment.status != CommitmentStatus.KEPT
                ),
                silent=timezone.localdate(last_news) < quiet_since,
            )
        )
    return rows


def tracking_board(
    campaign: Campaign, *, show: str = "all", today: datetime.date | None = None
) -> Board:
    """The follow-up dashboard: the meter (counts per status) and the filtered list.
    Three queries: the result, the tracked commitments, the number of proposals."""
    today = today or timezone.localdate()
    result = ElectionResult.objects.filter(campaign=campaign).first()
    months = result.digest_silence_months if result else 6
    rows = board_rows(campaign, months, today)
    per_status = Counter(row.commitment.status for row in rows)
    show = show if show in FILTERS else "all"
    shown = [r for r in rows if show == "all" or getattr(r, show)]
    proposals = TrackedCommitment.objects.filter(
        campaign=campaign, state=CommitmentState.PROPOSED
    ).count()
    return Board(
        result=result,
        rows=shown,
        counts=[(s.value, str(s.label), per_status[s.value]) for s in CommitmentStatus],
        total=len(rows),
        overdue=sum(r.overdue for r in rows),
        silent=sum(r.silent for r in rows),
        show=show,
        silence_months=months,
        proposals=proposals,
    )


def proposals(campaign: Campaign) -> list[TrackedCommitment]:
    return list(
        TrackedCommitment.objects.filter(campaign=campaign, state=CommitmentState.PROPOSED)
        .select_related("candidate", "question", "answer")
        .order_by("candidate__name", "question__number", "source", "pk")
    )


def officials(campaign: Campaign) -> list[Official]:
    return list(Official.objects.filter(result__campaign=campaign).select_related("candidate"))


@dataclass(frozen=True)
class TimelineEntry:
    change: StatusChange
    corrected_by: StatusChange | None

    @property
    def is_draft(self) -> bool:
        return self.change.state == ChangeState.DRAFT


def timeline(commitment: TrackedCommitment) -> list[TimelineEntry]:
    """Every change of the commitment, oldest first, with its evidence and its correction."""
    changes = list(
        StatusChange.objects.filter(commitment=commitment)
        .select_related("author", "checked_by", "corrects")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("pk")))
    )
    corrections = {
        c.corrects_id: c
        for c in changes
        if c.corrects_id is not None and c.state == ChangeState.PUBLISHED
    }
    return [TimelineEntry(c, corrections.get(c.pk)) for c in changes]


def merged_into(commitment: TrackedCommitment) -> list[TrackedCommitment]:
    return list(commitment.merged.select_related("candidate").order_by("pk"))


@dataclass(frozen=True)
class Digest:
    campaign: Campaign
    overdue: list[BoardRow]
    silent: list[BoardRow]
    silence_months: int
    proposals: list[ActProposal] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.overdue and not self.silent and not self.proposals

    @property
    def acts_sentence(self) -> str:
        """ "3 deliberations and 1 subsidy may concern your commitments." """
        kinds = Counter({p.act_id: p.act.kind for p in self.proposals}.values())
        words = {
            "deliberation": lambda n: ngettext("%(n)s deliberation", "%(n)s deliberations", n),
            "subsidy": lambda n: ngettext("%(n)s subsidy", "%(n)s subsidies", n),
            "order": lambda n: ngettext("%(n)s order", "%(n)s orders", n),
        }
        parts = [words[k](kinds[k]) % {"n": kinds[k]} for k in words if kinds[k]]
        sentence = ngettext(
            "%(acts)s may concern your commitments.",
            "%(acts)s may concern your commitments.",
            sum(kinds.values()),
        )
        return sentence % {"acts": ", ".join(parts)}


def digest_for(campaign: Campaign, today: datetime.date | None = None) -> Digest:
    """What the weekly digest tells staff: overdue commitments, and those without news."""
    today = today or timezone.localdate()
    result = ElectionResult.objects.filter(campaign=campaign).first()
    months = result.digest_silence_months if result else 6
    rows = board_rows(campaign, months, today)
    return Digest(
        campaign=campaign,
        overdue=[r for r in rows if r.overdue],
        silent=[r for r in rows if r.silent],
        silence_months=months,
        proposals=pending_act_proposals(campaign),
    )


@dataclass(frozen=True)
class WatchBoard:
    """The watch page: proposals waiting for a person, the sources, and the latest runs."""

    pending: list[ActProposal]
    decided: list[ActProposal]
    sources: list[WatchedSource]
    runs: list[WatchRun]
    acts: int


def watch_board(campaign: Campaign) -> WatchBoard:
    proposals = ActProposal.objects.filter(commitment__campaign=campaign).select_related(
        "act", "commitment__candidate", "decided_by"
    )
    return WatchBoard(
        pending=list(proposals.filter(state=ProposalState.PENDING).order_by("-score", "pk")),
        decided=list(
            proposals.exclude(state=ProposalState.PENDING).order_by("-decided_at", "-pk")[:20]
        ),
        sources=list(WatchedSource.objects.filter(campaign=campaign)),
        runs=list(WatchRun.objects.filter(source__campaign=campaign).select_related("source")[:30]),
        acts=PublicAct.objects.filter(campaign=campaign).count(),
    )


def pending_act_proposals(campaign: Campaign) -> list[ActProposal]:
    return list(
        ActProposal.objects.filter(commitment__campaign=campaign, state=ProposalState.PENDING)
        .select_related("act", "commitment")
        .order_by("-score", "pk")
    )


def acts_of(commitment: TrackedCommitment) -> list[ActProposal]:
    """The acts staff linked to this commitment (confirmed proposals), oldest first."""
    return list(
        commitment.act_proposals.filter(state=ProposalState.CONFIRMED)
        .select_related("act")
        .order_by("act__decided_on", "pk")
    )


def current_status(commitment: TrackedCommitment) -> str:
    """The status of the latest published change that no published correction replaces."""
    published = StatusChange.objects.filter(commitment=commitment, state=ChangeState.PUBLISHED)
    replaced = published.filter(corrects__isnull=False).values("corrects_id")
    latest = published.exclude(pk__in=replaced).order_by("-happened_on", "-created", "-pk")
    change = latest.first()
    return change.status if change is not None else CommitmentStatus.NOT_STARTED
