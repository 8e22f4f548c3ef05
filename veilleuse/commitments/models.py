"""Holding the winners to their word: results, tracked commitments, status changes with
evidence, and the corrections log (PRODUCT.md, pillar 1, step 7).

A commitment belongs to a campaign and to the winning list that made it; it comes from a
reviewed answer (``answer``), from a commitment the engine found in it (``source`` =
"engine"), or was added by hand (a programme, a council debate). Its status only moves through
``StatusChange`` rows, which are never edited: a correction is a new change that points at the
one it corrects, so the public log keeps both.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from veilleuse.core.models import TimeStampedModel
from veilleuse.questionnaires.models import Answer, Campaign, Candidate, Question


class ElectionResult(TimeStampedModel):
    """Who won, recorded by staff after the election."""

    campaign = models.OneToOneField(Campaign, on_delete=models.CASCADE, related_name="result")
    mandate_start = models.DateField(_("start of the mandate"))
    mandate_end = models.DateField(_("end of the mandate"))
    hypothetical = models.BooleanField(
        _("fictitious results (demo)"),
        default=False,
        help_text=_("Shown everywhere as fictitious: for demonstrations and training only."),
    )
    digest_silence_months = models.PositiveIntegerField(
        _("flag a commitment after this many months without news"), default=6
    )
    four_eyes = models.BooleanField(
        _("status changes checked by a second person"),
        default=False,
        help_text=_("A status change is drafted by one person and published by another."),
    )

    class Meta:
        verbose_name = _("election result")
        verbose_name_plural = _("election results")

    def __str__(self) -> str:
        return f"{self.campaign} {self.mandate_start:%Y}–{self.mandate_end:%Y}"


class Winner(models.Model):
    """A list that won (seats, a majority)."""

    result = models.ForeignKey(ElectionResult, on_delete=models.CASCADE, related_name="winners")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="+")
    majority = models.BooleanField(_("leads the majority"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("result", "candidate"), name="one_winner_row_per_list")
        ]

    def __str__(self) -> str:
        return str(self.candidate)


class Official(models.Model):
    """An elected person and their portfolio: the mayor, a deputy mayor in charge of health…"""

    result = models.ForeignKey(ElectionResult, on_delete=models.CASCADE, related_name="officials")
    candidate = models.ForeignKey(
        Candidate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200)
    portfolio = models.CharField(_("portfolio"), max_length=300, blank=True)

    class Meta:
        ordering = ("role", "name")
        verbose_name = _("elected official")
        verbose_name_plural = _("elected officials")

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"


class CommitmentStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    STALLED = "stalled", _("Stalled")
    KEPT = "kept", _("Kept")
    COMPROMISE = "compromise", _("Compromise")
    BROKEN = "broken", _("Broken")
    UNVERIFIABLE = "unverifiable", _("Cannot be verified")


# A status that reports a failure must say why.
STATUSES_NEEDING_A_REASON = (
    CommitmentStatus.STALLED,
    CommitmentStatus.BROKEN,
    CommitmentStatus.COMPROMISE,
)


class Reason(models.TextChoices):
    NO_MAJORITY = "no_majority", _("No majority")
    OTHER_AUTHORITY = "other_authority", _("Competence of another authority")
    CHANGED_MIND = "changed_mind", _("Changed mind")
    NO_BUDGET = "no_budget", _("No budget")
    OTHER = "other", _("Other")


class CommitmentState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    TRACKED = "tracked", _("Tracked")
    DROPPED = "dropped", _("Dropped")
    MERGED = "merged", _("Merged into another")


class Source(models.TextChoices):
    ANSWER = "answer", _("A reviewed answer")
    ENGINE = "engine", _("A commitment found in an answer")
    MANUAL = "manual", _("Added by hand")


class TrackedCommitment(TimeStampedModel):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="commitments")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="commitments")
    official = models.ForeignKey(
        Official, null=True, blank=True, on_delete=models.SET_NULL, related_name="commitments"
    )
    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer = models.ForeignKey(
        Answer, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    source_note = models.CharField(_("where it comes from"), max_length=300, blank=True)
    title = models.CharField(_("commitment"), max_length=300)
    quote = models.TextField(_("quote"), blank=True)
    expected_by = models.DateField(_("expected by"), null=True, blank=True)
    expected_label = models.CharField(_("expected (as said)"), max_length=100, blank=True)
    state = models.CharField(
        max_length=16, choices=CommitmentState.choices, default=CommitmentState.PROPOSED
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged"
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.NOT_STARTED,
    )
    # Bumped by every change, so that two people editing at once cannot overwrite each other.
    version = models.PositiveIntegerField(default=1)
    # A funding commitment names who is funded and how much: the watch then matches the
    # city's subsidies by SIRET (or name) and amount (docs/tracking.md, "Watching the city").
    beneficiary_name = models.CharField(_("beneficiary (funding)"), max_length=300, blank=True)
    beneficiary_siret = models.CharField(_("beneficiary's SIRET"), max_length=14, blank=True)
    amount = models.DecimalField(
        _("amount promised (euros)"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ("candidate__name", "question__number", "pk")
        verbose_name = _("tracked commitment")
        verbose_name_plural = _("tracked commitments")

    def __str__(self) -> str:
        return self.title


class ChangeState(models.TextChoices):
    DRAFT = "draft", _("Draft, waiting for a second person")
    PUBLISHED = "published", _("Published")


class StatusChange(models.Model):
    """A dated move of a commitment's status, with its evidence. Never edited."""

    commitment = models.ForeignKey(
        TrackedCommitment, on_delete=models.CASCADE, related_name="changes"
    )
    status = models.CharField(_("status"), max_length=16, choices=CommitmentStatus.choices)
    happened_on = models.DateField(_("date of the fact"))
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices, blank=True)
    reason_note = models.TextField(_("about the reason"), blank=True)
    note = models.TextField(_("note"), blank=True)
    state = models.CharField(max_length=16, choices=ChangeState.choices, default=ChangeState.DRAFT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(null=True, blank=True)
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    correction_reason = models.TextField(_("why it is corrected"), blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("commitment", "happened_on", "created", "pk")
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.commitment} → {self.status} ({self.happened_on})"


class EvidenceKind(models.TextChoices):
    LINK = "link", _("Link")
    DOCUMENT = "document", _("Document")
    NOTE = "note", _("Note (meeting, call…)")


class Evidence(models.Model):
    change = models.ForeignKey(StatusChange, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=16, choices=EvidenceKind.choices)
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("address"), max_length=1000, blank=True)
    document = models.FileField(upload_to="evidence/%Y/", blank=True)
    document_name = models.CharField(max_length=255, blank=True)
    dated = models.DateField(_("date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ("change", "pk")
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.title


# --- the public record of the city: what it decides and spends (docs/tracking.md, part 7) ---


class ActKind(models.TextChoices):
    DELIBERATION = "deliberation", _("Deliberation")
    SUBSIDY = "subsidy", _("Subsidy")
    ORDER = "order", _("Order (arrêté)")


class WatchedSource(TimeStampedModel):
    """A publication of the city that the worker reads on a schedule (one importer each)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="watched")
    importer = models.CharField(_("format"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    address = models.URLField(_("address"), max_length=1000)
    every_hours = models.PositiveIntegerField(_("read every (hours)"), default=24)
    active = models.BooleanField(_("active"), default=True)
    last_run_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("name", "pk")
        verbose_name = _("watched source")
        verbose_name_plural = _("watched sources")

    def __str__(self) -> str:
        return self.name


class WatchRun(models.Model):
    """One reading of a source: when, how many records, how many new, and what failed."""

    source = models.ForeignKey(WatchedSource, on_delete=models.CASCADE, related_name="runs")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    read = models.PositiveIntegerField(default=0)
    added = models.PositiveIntegerField(default=0)
    proposed = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ("-started_at", "-pk")

    def __str__(self) -> str:
        return f"{self.source} {self.started_at:%Y-%m-%d %H:%M}"


class PublicAct(models.Model):
    """A deliberation, a subsidy or an order as the city published it. Never edited: a record
    whose text changes is a new row (another ``text_hash``), so re-reading adds nothing."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="acts")
    source = models.ForeignKey(
        WatchedSource, null=True, blank=True, on_delete=models.SET_NULL, related_name="acts"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ActKind.choices)
    reference = models.CharField(_("reference"), max_length=200)
    title = models.TextField(_("object"))
    text = models.TextField(_("text"), blank=True)
    decided_on = models.DateField(_("date"), null=True, blank=True)
    url = models.URLField(_("source address"), max_length=1000, blank=True)
    authority = models.CharField(_("authority"), max_length=300, blank=True)
    beneficiary_name = models.CharField(_("beneficiary"), max_length=300, blank=True)
    beneficiary_siret = models.CharField(_("beneficiary's SIRET"), max_length=14, blank=True)
    amount = models.DecimalField(
        _("amount (euros)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    text_hash = models.CharField(max_length=64)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-decided_on", "-pk")
        constraints = [
            models.UniqueConstraint(
                fields=("campaign", "kind", "reference", "text_hash"), name="one_act_per_text"
            )
        ]
        verbose_name = _("public act")
        verbose_name_plural = _("public acts")

    def __str__(self) -> str:
        return f"{self.reference} {self.title[:80]}"


# Why the matching proposed an act (veilleuse/commitments/matching.py), as staff read it.
MATCH_REASONS = {
    "SIRET": _("same SIRET"),
    "beneficiary": _("same beneficiary"),
    "amount": _("same amount"),
    "amount close": _("close amount"),
    "terms": _("key terms"),
    "place": _("same place"),
    "figure": _("same figure"),
}


class ProposalState(models.TextChoices):
    PENDING = "pending", _("Waiting for a person")
    CONFIRMED = "confirmed", _("Confirmed")
    DISMISSED = "dismissed", _("Dismissed")


class ActProposal(models.Model):
    """Proposed by the watch ("this act may move that commitment to this status"), decided by
    a person. One per (act, commitment), so a dismissed proposal never comes back."""

    act = models.ForeignKey(PublicAct, on_delete=models.CASCADE, related_name="proposals")
    commitment = models.ForeignKey(
        TrackedCommitment, on_delete=models.CASCADE, related_name="act_proposals"
    )
    status = models.CharField(_("proposed status"), max_length=16, choices=CommitmentStatus.choices)
    quote = models.TextField(_("passage"))
    score = models.FloatField(_("score"))
    why = models.CharField(_("why"), max_length=300, blank=True)
    state = models.CharField(
        max_length=16, choices=ProposalState.choices, default=ProposalState.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    change = models.OneToOneField(
        StatusChange,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="act_proposal",
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-score", "-pk")
        constraints = [
            models.UniqueConstraint(fields=("act", "commitment"), name="one_proposal_per_act")
        ]

    def __str__(self) -> str:
        return f"{self.act} → {self.commitment}"

    @property
    def why_display(self) -> str:
        codes = [code.strip() for code in self.why.split(",") if code.strip()]
        return ", ".join(str(MATCH_REASONS.get(code, code)) for code in codes)
