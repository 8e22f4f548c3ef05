"""Safe-date check-ins, their escalation, and the duty rota (issue 17).

Labels here are plain English: members see these rows only through their own pages and
forms (``forms/checkins.py``), whose strings are translated; staff see them in English in
Django's admin, as every row of this module.

- ``SafetyPlan``: the escalation steps a member chose (reminder, trusted contacts, the
  person on duty) and the hashes of her check-in and duress codes;
- ``Checkin``: one date: what she recorded (encrypted) and a small state machine with the
  time its next step is due, which the alert worker advances (docs/decisions/0018);
- ``EscalationMessage``: the check-in's outbox, one row per step and recipient, sent at
  least once like ``Delivery`` (lease, retries, idempotency key);
- ``DutySlot``, ``DutyContact``, ``DutyPage``: who is on duty when, how they are paged, and
  what paged them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from veilleuse.accounts.models import Association
from veilleuse.alerts.fields import EncryptedJSONField, EncryptedTextField
from veilleuse.alerts.models.network import Member
from veilleuse.alerts.models.reports import Report


class SafetyPlan(models.Model):
    """What happens when a member misses a check-in: the steps she chose."""

    member = models.OneToOneField(Member, on_delete=models.CASCADE, related_name="safety_plan")
    remind_first = models.BooleanField("remind me first", default=True)
    grace_minutes = models.PositiveSmallIntegerField(
        "minutes between the reminder and the alarm", default=10
    )
    # [{"kind": "member"|"phone"|"email", "value": pseudonym/number/address}], encrypted.
    contacts = EncryptedJSONField("trusted contacts", default=list, blank=True)
    notify_duty = models.BooleanField("page the association's person on duty", default=True)
    checkin_code_hash = models.CharField(max_length=128, blank=True, editable=False)
    duress_code_hash = models.CharField(max_length=128, blank=True, editable=False)

    class Meta:
        verbose_name = "safety plan"
        verbose_name_plural = "safety plans"

    def __str__(self) -> str:
        return f"safety plan {self.pk}"

    @property
    def has_codes(self) -> bool:
        return bool(self.checkin_code_hash and self.duress_code_hash)


class CheckinState(models.TextChoices):
    OPEN = "open", "waiting for her check-in"
    REMINDED = "reminded", "reminded"
    ESCALATED = "escalated", "alarm raised"
    ACKNOWLEDGED = "acknowledged", "someone is on it"
    SAFE = "safe", "checked in"


# States in which the worker still has something to do at ``next_step_at``.
ACTIVE_CHECKIN_STATES = (CheckinState.OPEN, CheckinState.REMINDED)


class Checkin(models.Model):
    """One date. ``state`` and ``next_step_at`` are the escalation's state machine: every
    transition is one conditional UPDATE, so a step is taken once however many workers
    (or restarts) try it."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="checkins")
    identifier_kind = models.CharField(max_length=8, blank=True)
    identifier = EncryptedTextField("client's number or plate", null=True, blank=True)
    place = EncryptedTextField("place", null=True, blank=True)
    position = EncryptedTextField("position", null=True, blank=True)
    due_at = models.DateTimeField("check in by")
    state = models.CharField(max_length=16, choices=CheckinState.choices, default="open")
    next_step_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # Why the alarm was raised ("missed" or "duress"): shown to contacts and staff only.
    reason = models.CharField(max_length=8, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-due_at",)
        verbose_name = "check-in"
        verbose_name_plural = "check-ins"

    def __str__(self) -> str:
        return f"check-in {self.pk}"

    @property
    def looks_closed(self) -> bool:
        """What her own pages say: a duress check-in looks like a safe one."""
        return self.state == CheckinState.SAFE or self.reason == "duress"


class RecipientKind(models.TextChoices):
    HERSELF = "herself", "reminder to her"
    CONTACT = "contact", "trusted contact"
    DUTY = "duty", "person on duty"
    BACKUP = "backup", "backup on duty"


class MessageState(models.TextChoices):
    PENDING = "pending", "pending"
    SENDING = "sending", "sending"
    SENT = "sent", "sent"
    DEAD = "dead", "failed"
    CANCELLED = "cancelled", "not needed any more"


class EscalationMessage(models.Model):
    """One message of one step to one recipient. ``slot`` tells apart the recipients of a
    step, so that the unique (check-in or page, step, slot) makes a replayed step add
    nothing."""

    checkin = models.ForeignKey(
        Checkin, null=True, blank=True, on_delete=models.CASCADE, related_name="messages"
    )
    page = models.ForeignKey(
        "DutyPage", null=True, blank=True, on_delete=models.CASCADE, related_name="messages"
    )
    step = models.CharField(max_length=16)
    slot = models.PositiveSmallIntegerField(default=0)
    recipient = models.CharField(max_length=8, choices=RecipientKind.choices)
    channel = models.CharField(max_length=8)  # "sms" or "email"
    address = EncryptedTextField()
    language = models.CharField(max_length=10)
    state = models.CharField(max_length=10, choices=MessageState.choices, default="pending")
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    lease_until = models.DateTimeField(null=True, blank=True)
    lease_token = models.CharField(max_length=32, blank=True, db_index=True)
    last_error = models.CharField(max_length=300, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=("checkin", "step", "slot"), name="one_checkin_message_per_step_slot"
            ),
            models.UniqueConstraint(
                fields=("page", "step", "slot"), name="one_page_message_per_step_slot"
            ),
        ]
        indexes = [models.Index(fields=("state", "next_attempt_at"), name="escalation_due")]

    def __str__(self) -> str:
        return f"escalation message {self.pk}"

    @property
    def idempotency_key(self) -> str:
        owner = f"checkin-{self.checkin_id or 0}-page-{self.page_id or 0}"
        return f"veilleuse-{owner}-{self.step}-{self.slot}"


class DutySlot(models.Model):
    """Someone on duty on one weekday between two times, in the network's time zone
    (``VEILLEUSE_DUTY_TIME_ZONE``); ``ends`` before ``starts`` runs past midnight."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="+")
    weekday = models.PositiveSmallIntegerField("weekday (0 = Monday)")
    starts = models.TimeField("from")
    ends = models.TimeField("to")
    # Nobody yet: a gap, flagged to administrators in advance.
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="on duty",
    )
    backup = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="backup",
    )

    class Meta:
        ordering = ("association", "weekday", "starts")
        verbose_name = "duty slot"
        verbose_name_plural = "duty slots"

    def __str__(self) -> str:
        return f"{self.weekday} {self.starts}-{self.ends}"


class DutyContact(models.Model):
    """How one staff member is paged when on duty: e-mail (their account's) or SMS."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField("paged by", max_length=8, default="email")
    phone = EncryptedTextField("phone for SMS", null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("association", "user"), name="one_duty_contact")
        ]

    def __str__(self) -> str:
        return f"duty contact {self.pk}"


class DutyPage(models.Model):
    """The person on duty was paged about a missed check-in or an urgent report; the
    backup is paged at ``repage_at`` unless someone acknowledged first."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="+")
    checkin = models.ForeignKey(
        Checkin, null=True, blank=True, on_delete=models.CASCADE, related_name="duty_pages"
    )
    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.CASCADE, related_name="duty_pages"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    backup = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    repage_at = models.DateTimeField(null=True, blank=True, db_index=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("-created",)
        constraints = [
            models.UniqueConstraint(fields=("checkin",), name="one_duty_page_per_checkin"),
            models.UniqueConstraint(fields=("report",), name="one_duty_page_per_report"),
        ]

    def __str__(self) -> str:
        return f"duty page {self.pk}"
