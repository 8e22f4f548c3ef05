"""What happened: reports and the aggressor's identifiers."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from veilleuse.accounts.models import Association
from veilleuse.alerts.fields import EncryptedBytesField, EncryptedTextField
from veilleuse.alerts.identifiers import keyed_hash, mask
from veilleuse.alerts.models.network import Member, Zone
from veilleuse.core.models import TimeStampedModel


class ReportKind(models.TextChoices):
    PHYSICAL = "physical", _("physical violence")
    SEXUAL = "sexual", _("sexual violence")
    THEFT = "theft", _("theft or robbery")
    NON_PAYMENT = "non_payment", _("non-payment")
    THREATS = "threats", _("threats")
    HARASSMENT = "harassment", _("harassment")
    STEALTHING = "stealthing", _("condom refused or removed")
    POLICE = "police", _("police harassment")
    OTHER = "other", _("something else")

    @classmethod
    def labels_of(cls, kinds: Iterable[str]) -> list[str]:
        """``["theft", "threats"]`` → their labels in the current language (unknown ones left
        out)."""
        return [str(cls(kind).label) for kind in kinds if kind in cls.values]


class TimeOfDay(models.TextChoices):
    MORNING = "morning", _("morning")
    AFTERNOON = "afternoon", _("afternoon")
    EVENING = "evening", _("evening")
    NIGHT = "night", _("night")


class ReportSource(models.TextChoices):
    MEMBER = "member", _("a member")
    STAFF = "staff", _("staff, on someone's behalf")
    PARTNER = "partner", _("a partner association, on someone's behalf")


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", _("waiting for moderation")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    MERGED = "merged", _("merged into another report")
    WITHDRAWN = "withdrawn", _("withdrawn by its author")


# Reports still in play: waiting for moderation or approved (not rejected, merged or
# withdrawn). The one definition behind moderation's, legal's and statistics' filters.
LIVE_REPORT_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)


class Severity(models.IntegerChoices):
    LOW = 1, _("caution")
    MEDIUM = 2, _("danger")
    HIGH = 3, _("serious danger")


def author_hash_of(member_id: int) -> str:
    """The keyed hash that stands for a report's author in the database."""
    return keyed_hash("report-author", str(member_id))


class ReportQuerySet(models.QuerySet["Report"]):
    def by_author(self, member: Member) -> ReportQuerySet:
        """The reports ``member`` wrote (found by the keyed hash, never by a clear link)."""
        return self.filter(author_hash=author_hash_of(member.pk))


class Report(TimeStampedModel):
    """One account of an aggression. Its texts are encrypted; nothing here is an IP address,
    a device or a position."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="reports")
    source = models.CharField(
        _("reported by"), max_length=16, choices=ReportSource.choices, default=ReportSource.MEMBER
    )
    # Who wrote it, never in the clear (issue 12, finding 9): a keyed hash of the member
    # finds "my reports" and counts distinct authors; the encrypted member id lets
    # moderators see the pseudonym. Set both through ``author``.
    author_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    author_ref = EncryptedTextField(null=True, blank=True, editable=False)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Staff or partner who filed the report on someone's behalf."),
    )
    partner = models.ForeignKey(
        Association, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    occurred_on = models.DateField(_("when"))
    time_of_day = models.CharField(
        _("time of day"), max_length=16, choices=TimeOfDay.choices, blank=True
    )
    zone = models.ForeignKey(
        Zone, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    place = EncryptedTextField(_("place (optional)"), blank=True, default="")
    kinds = models.JSONField(_("what happened"), default=list)
    description = EncryptedTextField(_("what happened, in your words"), blank=True, default="")
    aggressor = EncryptedTextField(_("description of the aggressor"), blank=True, default="")
    language = models.CharField(_("language of the report"), max_length=10)
    consent_alert = models.BooleanField(_("warn the others (alert)"), default=True)
    consent_statistics = models.BooleanField(_("count it in anonymous statistics"), default=False)
    consent_legal = models.BooleanField(_("I want legal support"), default=False)
    consent_police = models.BooleanField(_("it may be passed to the police"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.SUBMITTED
    )
    severity = models.PositiveSmallIntegerField(
        _("severity"), choices=Severity.choices, null=True, blank=True
    )
    verified = models.BooleanField(_("verified by staff"), default=False)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    rejection_reason = models.CharField(_("reason"), max_length=300, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ("-created", "-id")
        indexes = [
            models.Index(fields=("association", "status"), name="report_queue"),
            models.Index(fields=("author_hash",), name="report_author"),
        ]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return f"#{self.pk}"

    @property
    def author(self) -> Member | None:
        """The member who wrote the report (None if filed on someone's behalf, or if the
        member was removed); read from the encrypted reference, once."""
        if not self.author_ref:
            return None
        cached = self.__dict__.get("_author")
        if cached is None or str(cached.pk) != self.author_ref:
            cached = Member.objects.filter(pk=int(self.author_ref)).first()
            self.__dict__["_author"] = cached
        return cached

    @author.setter
    def author(self, member: Member | None) -> None:
        self.author_hash = author_hash_of(member.pk) if member is not None else ""
        self.author_ref = str(member.pk) if member is not None else None
        self.__dict__["_author"] = member


def reports_with_authors(reports: Iterable[Report]) -> list[Report]:
    """``reports`` with their authors loaded in one query (for lists showing pseudonyms)."""
    rows = list(reports)
    ids = {int(report.author_ref) for report in rows if report.author_ref}
    members = Member.objects.in_bulk(ids) if ids else {}
    for report in rows:
        if report.author_ref:
            report.__dict__["_author"] = members.get(int(report.author_ref))
    return rows


class IdentifierKind(models.TextChoices):
    PHONE = "phone", _("phone number")
    PLATE = "plate", _("vehicle plate")


class Identifier(models.Model):
    """A phone number (E.164) or a plate named in a report.

    ``value`` is encrypted; ``lookup_hash`` is its keyed HMAC, so that the same identifier in
    two reports, or a number check, can be matched without keeping it in the clear.
    """

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="identifiers")
    kind = models.CharField(_("kind"), max_length=8, choices=IdentifierKind.choices)
    value = EncryptedTextField(_("value"))
    lookup_hash = models.CharField(max_length=64, db_index=True, editable=False)
    redacted = models.BooleanField(
        _("kept out of the alert"),
        default=False,
        help_text=_("Moderators keep an identifier out of the alert when it is doubtful."),
    )

    class Meta:
        ordering = ("report", "id")
        verbose_name = _("identifier")
        verbose_name_plural = _("identifiers")

    def __str__(self) -> str:
        return self.masked

    @property
    def masked(self) -> str:
        """What a broadcast may show: "warn, not identify"."""
        return mask(self.kind, self.value)


class VoiceNote(models.Model):
    """A member's spoken account beside (or instead of) the written one.

    The recording is encrypted like the texts (a voice identifies a person); only its format
    and length are in the clear. Deleted when the report is closed (rejected, merged) or
    withdrawn, and with the report by the retention purge and the member's erasure.
    """

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="voice_note")
    audio = EncryptedBytesField(_("recording"), editable=False)
    mime = models.CharField(_("audio format"), max_length=16, editable=False)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), editable=False)
    size = models.PositiveIntegerField(_("size (bytes)"), editable=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("voice note")
        verbose_name_plural = _("voice notes")

    def __str__(self) -> str:
        return f"voice note of #{self.report_id}"

    @property
    def seconds(self) -> int:
        return max(1, round(self.duration_ms / 1000))
