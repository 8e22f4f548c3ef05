"""A member's links to messaging services (Signal, Telegram, WhatsApp), the one-time codes
that make them, and the receipts that keep a repeat from being sent twice.

A link's address (a Telegram chat id, a Signal account id or number, a WhatsApp id) names a
person at the service: it is encrypted like the other contact data (docs/decisions/0004) and
found by a keyed hash, unique per service. Link codes are kept only as a keyed hash, live a
few minutes and are deleted when used.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from veilleuse.alerts.fields import EncryptedTextField
from veilleuse.alerts.models.network import Member


class MessagingService(models.TextChoices):
    SIGNAL = "signal", "Signal"
    TELEGRAM = "telegram", "Telegram"
    WHATSAPP = "whatsapp", "WhatsApp"


class ChannelLink(models.Model):
    """One member's account at one messaging service."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="channel_links")
    service = models.CharField(_("service"), max_length=16, choices=MessagingService.choices)
    address = EncryptedTextField(_("address at the service"))
    address_hash = models.CharField(max_length=64, editable=False)
    alerts = models.BooleanField(_("receives alerts"), default=True)
    # Signal only (end-to-end encrypted): the alert's own text instead of the notice.
    full_text = models.BooleanField(_("receives the alert's text"), default=False)
    # WhatsApp: free text until then (24 hours after her last message), a template after.
    window_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("member", "service"), name="one_link_per_service"),
            models.UniqueConstraint(
                fields=("service", "address_hash"), name="one_member_per_service_address"
            ),
        ]
        verbose_name = _("messaging link")
        verbose_name_plural = _("messaging links")

    def __str__(self) -> str:
        return f"{self.service} link {self.pk}"


class LinkCode(models.Model):
    """A one-time code the member sends to the association's account to link it."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="link_codes")
    service = models.CharField(max_length=16, choices=MessagingService.choices)
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.service} link code {self.pk}"


class ChannelReceipt(models.Model):
    """ "This idempotency key was accepted by the service": our own dedupe, for services
    that take no idempotency key (all three). Holds a hash of the key, never content."""

    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"receipt {self.pk}"
