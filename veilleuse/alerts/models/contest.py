"""The law's side of the network (issue 20): who the controller is, contests by reported
people, and the second look that corrects or withdraws a published alert.

- ``DataProtectionProfile``: the controller named in the public notices (one per network);
- ``Contest``: a person who thinks they are named asks for access, correction or erasure.
  What they typed and how to reach them are encrypted; nothing here says whether the
  identifier matches (staff see it computed, through the keyed lookup, when they open it);
- ``AlertReview``: a moderator asks to withdraw or correct a published alert, a second
  moderator confirms (four eyes, as for publishing); members see the reason.
"""

from __future__ import annotations

import calendar
from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from veilleuse.accounts.models import Association
from veilleuse.alerts.fields import EncryptedTextField
from veilleuse.alerts.models.delivery import Alert
from veilleuse.alerts.models.reports import IdentifierKind
from veilleuse.core.models import TimeStampedModel


class LegalBasis(models.TextChoices):
    """The two routes documented for a network of alerts about alleged offences (GDPR art. 10
    and French law, art. 46 of the loi Informatique et libertés)."""

    VICTIM_SUPPORT = "victim_support", _("an association approved to support victims")
    LEGITIMATE_INTEREST = "legitimate_interest", _("legitimate interest, with safeguards")


class DataProtectionProfile(models.Model):
    """Who answers for the network's data, as the notices name them."""

    association = models.OneToOneField(
        Association, on_delete=models.CASCADE, related_name="data_protection"
    )
    legal_name = models.CharField(max_length=200, blank=True)
    address = models.TextField(blank=True)
    dpo_contact = models.EmailField(blank=True)
    legal_basis = models.CharField(max_length=24, choices=LegalBasis.choices, blank=True)

    def __str__(self) -> str:
        return self.legal_name or str(self.association_id)


def one_month_after(day: date) -> date:
    """The legal delay to answer (GDPR art. 12(3)): the same day next month, or the month's
    last day when it has no such day (31 January → 28 or 29 February)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class ContestOutcome(models.TextChoices):
    OPEN = "", _("open")
    NO_MATCH = "no_match", _("nothing about this identifier")
    CORRECTED = "corrected", _("alert corrected")
    WITHDRAWN = "withdrawn", _("alert withdrawn")
    REFUSED = "refused", _("request refused")


class Contest(models.Model):
    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="contests")
    kind = models.CharField(max_length=8, choices=IdentifierKind.choices)
    identifier = EncryptedTextField()  # normalised, as identifiers of reports are
    reach = EncryptedTextField()  # how to answer the person
    message = EncryptedTextField(blank=True, default="")
    received_on = models.DateField()
    due_on = models.DateField()
    reminders = models.PositiveSmallIntegerField(default=0)
    reminded_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(
        max_length=16, choices=ContestOutcome.choices, blank=True, default=ContestOutcome.OPEN
    )
    outcome_reason = EncryptedTextField(blank=True, default="")
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("due_on", "id")
        indexes = [models.Index(fields=("association", "outcome"), name="contest_queue")]

    def __str__(self) -> str:
        return f"#{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.outcome == ContestOutcome.OPEN


class ReviewAction(models.TextChoices):
    WITHDRAW = "withdraw", _("withdraw")
    CORRECT = "correct", _("hide the numbers and plates")


class AlertReview(TimeStampedModel):
    """A published alert, looked at again: asked by one moderator, confirmed by another."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="reviews")
    action = models.CharField(max_length=12, choices=ReviewAction.choices)
    reason = models.CharField(max_length=300)  # members read it
    contest = models.ForeignKey(
        Contest, null=True, blank=True, on_delete=models.SET_NULL, related_name="reviews"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=("alert",),
                condition=models.Q(confirmed_at__isnull=True),
                name="one_pending_review_per_alert",
            )
        ]

    def __str__(self) -> str:
        return f"{self.alert} · {self.action}"
