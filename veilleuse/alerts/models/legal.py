"""Legal support (demand 5 of the seed): cases opened from consenting reports.

Only the association's legal workers see these rows (``access_legal``, ``access_case``);
moderators and administrators do not. Every free text is encrypted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from veilleuse.accounts.models import Association
from veilleuse.alerts.fields import EncryptedTextField
from veilleuse.alerts.models.reports import IdentifierKind, Report
from veilleuse.core.models import TimeStampedModel


class CaseStatus(models.TextChoices):
    OPEN = "open", _("open")
    REFERRED = "referred", _("referred to a lawyer")
    IN_PROGRESS = "in_progress", _("in progress")
    CLOSED = "closed", _("closed")


class LegalCase(TimeStampedModel):
    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="legal_cases"
    )
    # One case per report; the case outlives a report purged by retention.
    report = models.OneToOneField(
        Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="legal_case"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("legal worker"),
    )
    lawyer = models.CharField(_("partner lawyer"), max_length=200, blank=True)
    summary = EncryptedTextField(_("summary"), blank=True, default="")
    complaint_text = EncryptedTextField(_("complaint letter"), blank=True, default="")
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ("-created", "-id")
        verbose_name = _("legal case")
        verbose_name_plural = _("legal cases")

    def __str__(self) -> str:
        return f"#{self.pk}"


class CaseNote(models.Model):
    case = models.ForeignKey(LegalCase, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = EncryptedTextField(_("note"))
    created = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        ordering = ("created", "id")
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")

    def __str__(self) -> str:
        return f"#{self.pk}"


class CaseAppointment(models.Model):
    case = models.ForeignKey(LegalCase, on_delete=models.CASCADE, related_name="appointments")
    at = models.DateTimeField(_("date and time"))
    place = EncryptedTextField(_("place"), blank=True, default="")
    with_whom = models.CharField(_("with whom"), max_length=200, blank=True)
    note = EncryptedTextField(_("note"), blank=True, default="")

    class Meta:
        ordering = ("at", "id")
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")

    def __str__(self) -> str:
        return f"#{self.pk}"


class IdentifierMatch(models.Model):
    """Several independent reports of an association name the same identifier.

    Kept so that the legal service is told once per match; the identifier itself is only
    its lookup hash here (the reports hold it encrypted).
    """

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="identifier_matches"
    )
    lookup_hash = models.CharField(max_length=64, editable=False)
    kind = models.CharField(_("kind"), max_length=8, choices=IdentifierKind.choices)
    reports = models.PositiveIntegerField(_("independent reports"), default=0)
    first_seen = models.DateTimeField(_("first seen"), auto_now_add=True)
    notified_at = models.DateTimeField(_("legal service told at"), null=True, blank=True)

    class Meta:
        ordering = ("-first_seen", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=("association", "lookup_hash"), name="one_identifier_match_per_hash"
            )
        ]
        verbose_name = _("same-identifier match")
        verbose_name_plural = _("same-identifier matches")

    def __str__(self) -> str:
        return f"#{self.pk}"
