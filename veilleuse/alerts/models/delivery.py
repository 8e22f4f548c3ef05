"""Alerts and their delivery: the outbox and one row per member and channel.

The approval that publishes an alert writes an ``Outbox`` row in the same transaction. The
worker turns it into ``Delivery`` rows (unique per alert, member and channel, so a replay
adds nothing) and sends them at least once, with back-off; each send carries the delivery's
idempotency key, so that a channel can drop a repeat. Rows that keep failing end in the
dead-letter state, shown to staff.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from veilleuse.accounts.models import Association
from veilleuse.alerts.fields import EncryptedTextField
from veilleuse.alerts.models.network import Member, Zone
from veilleuse.alerts.models.reports import Report, Severity
from veilleuse.core.models import TimeStampedModel


class AlertStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    AWAITING_SECOND = "awaiting_second", _("waiting for a second moderator")
    PUBLISHED = "published", _("published")
    REJECTED = "rejected", _("rejected")
    RETRACTED = "retracted", _("retracted")


class Alert(TimeStampedModel):
    """A warning composed by moderators from one report (and its merged duplicates)."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="alerts")
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="alerts")
    kinds = models.JSONField(_("what happened"), default=list)
    severity = models.PositiveSmallIntegerField(_("severity"), choices=Severity.choices)
    zones = models.ManyToManyField(Zone, related_name="alerts", verbose_name=_("zones"))
    languages = models.JSONField(_("languages"), default=list)
    show_identifiers = models.BooleanField(_("show the masked identifiers"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=AlertStatus.choices, default=AlertStatus.DRAFT
    )
    # Provenance, fixed when published: how many independent reports, verified or not.
    independent_reports = models.PositiveIntegerField(_("independent reports"), default=1)
    verified = models.BooleanField(_("verified by staff"), default=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    second_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    second_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    rejection_reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ("-published_at", "-id")
        indexes = [models.Index(fields=("association", "status"), name="alert_status")]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")

    def __str__(self) -> str:
        return f"#{self.pk}"


class AlertText(models.Model):
    """The alert's text in one language (from the per-type templates, plus free text that
    staff translated)."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=10)
    body = EncryptedTextField(_("text"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=("alert", "language"), name="one_alert_text_per_language"
            )
        ]
        verbose_name = _("alert text")
        verbose_name_plural = _("alert texts")

    def __str__(self) -> str:
        return f"{self.alert} [{self.language}]"


class Outbox(models.Model):
    """ "Fan this alert out": written in the approval's transaction, processed by the worker."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="outbox")
    created = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return f"outbox {self.pk} → alert {self.alert_id}"


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("pending")
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")
    DEAD = "dead", _("failed (dead letter)")


class Delivery(models.Model):
    """One notification of one alert to one member through one channel."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="deliveries")
    # Emptied once the notification is sent (issue 12, finding 9): a sent row no longer says
    # who was alerted about what. Rows waiting or dead keep it, to send or to retry.
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, null=True, blank=True, related_name="deliveries"
    )
    channel = models.CharField(_("channel"), max_length=16)
    state = models.CharField(
        _("state"), max_length=16, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"))
    lease_until = models.DateTimeField(null=True, blank=True)
    lease_token = models.CharField(max_length=32, blank=True, db_index=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=("alert", "member", "channel"), name="one_delivery_per_member_and_channel"
            )
        ]
        indexes = [models.Index(fields=("state", "next_attempt_at"), name="delivery_due")]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self) -> str:
        return f"alert {self.alert_id} → member {self.member_id} ({self.channel})"

    @property
    def idempotency_key(self) -> str:
        """Stable across retries: a channel that sees it twice sends once."""
        return f"veilleuse-alert-{self.alert_id}-member-{self.member_id}-{self.channel}"


class PushSubscription(models.Model):
    """A browser's web-push subscription (RFC 8030), encrypted: the endpoint names a device
    at the push service."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="push_subscriptions")
    endpoint = EncryptedTextField()
    endpoint_hash = models.CharField(max_length=64, unique=True, editable=False)
    p256dh = EncryptedTextField()
    auth = EncryptedTextField()
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"push subscription {self.pk}"
