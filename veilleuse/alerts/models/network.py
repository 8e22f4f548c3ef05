"""Who is in the network: zones, members, invitations, staff roles and partners."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veilleuse.accounts.models import Association
from veilleuse.alerts.fields import EncryptedJSONField, EncryptedTextField
from veilleuse.core.models import TimeStampedModel


class Zone(models.Model):
    """An area where members work and alerts are aimed: "Bois de Boulogne", "En ligne"…

    A list, never coordinates: the threat model keeps no GPS.
    """

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="zones")
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80)
    position = models.PositiveIntegerField(_("position"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ("association", "position", "name")
        constraints = [
            models.UniqueConstraint(
                fields=("association", "slug"), name="one_zone_slug_per_network"
            )
        ]
        verbose_name = _("zone")
        verbose_name_plural = _("zones")

    def __str__(self) -> str:
        return self.name


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    SUSPENDED = "suspended", _("suspended")


class AppLook(models.TextChoices):
    """How the members' installable app shows on a phone's home screen: a neutral name and
    icon of her choice (issue 17), never "Veilleuse"."""

    NOTES = "notes", _("Notes")
    WEATHER = "weather", _("Weather")
    CALCULATOR = "calculator", _("Calculator")
    CALENDAR = "calendar", _("Calendar")


def this_month() -> datetime:
    """Midnight on the first day of the current month: when a member joined, to the month."""
    today = timezone.localdate()
    return datetime(today.year, today.month, 1, tzinfo=timezone.get_current_timezone())


class Member(TimeStampedModel):
    """A person of the network, known by a pseudonym; signs in with a passphrase.

    No e-mail or phone number is required. What could tell who someone is, where or in which
    language they work is encrypted at rest (issue 12, finding 9): the pseudonym, zones,
    languages and the optional contact channels (which only carry contentless notifications).
    The pseudonym is found by its keyed hash, unique in the network; when a member joined is
    kept to the month, and their last sign-in not at all.
    """

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="members")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alerts_member"
    )
    pseudonym = EncryptedTextField(_("pseudonym"))
    # HMAC of the network and the pseudonym as compared (case, spaces aside) under the lookup
    # key (services.members.pseudonym_hash): sign-in finds the member by it, and the same
    # pseudonym in two networks gives two unrelated hashes.
    pseudonym_hash = models.CharField(max_length=64, editable=False)
    status = models.CharField(
        _("status"), max_length=16, choices=MemberStatus.choices, default=MemberStatus.ACTIVE
    )
    language = EncryptedTextField(_("language of the interface and the alerts"))
    languages = EncryptedJSONField(_("languages"), default=list, blank=True)
    # Ids of the member's zones: alerts are aimed by decrypting them (docs/decisions/0011).
    zone_ids = EncryptedJSONField(_("zones"), default=list, blank=True)
    contact_email = EncryptedTextField(_("e-mail for notifications"), null=True, blank=True)
    contact_phone = EncryptedTextField(_("phone for SMS notifications"), null=True, blank=True)
    notify_email = models.BooleanField(_("notify me by e-mail"), default=False)
    notify_sms = models.BooleanField(_("notify me by SMS"), default=False)
    notify_push = models.BooleanField(_("notify me on this phone (push)"), default=False)
    is_demo = models.BooleanField(_("demo member"), default=False)
    # Set by a remote sign-out (hers from another device, or a moderator's at her request):
    # her next sign-in asks for the passphrase once more, and says why (issue 17).
    passphrase_confirm = models.BooleanField(default=False, editable=False)
    # The duress passphrase (issue 17, docs/decisions/0016). A decoy is a member of its own,
    # with its own user and password hash, no zones and no reports: signing in with the duress
    # passphrase opens it. ``decoy_ref`` is encrypted and always 12 digits, so that a copy of
    # the database cannot tell which members have a decoy: on a member, the id of her decoy
    # (zeros for none); on a decoy, the id of the member it stands for.
    is_decoy = models.BooleanField(default=False, editable=False)
    decoy_ref = EncryptedTextField(default="000000000000", editable=False)
    decoy_notify = models.BooleanField(default=False, editable=False)
    # Sealed: which look she chose tells that she installed a disguised app (decision 0016).
    app_look = EncryptedTextField(
        _("name and icon of the app"), choices=AppLook.choices, default=AppLook.NOTES
    )
    # Overrides TimeStampedModel's: to the month, and not moved by later changes.
    created = models.DateTimeField(_("joined (month)"), default=this_month, editable=False)
    updated = models.DateTimeField(_("joined (month)"), default=this_month, editable=False)

    class Meta:
        ordering = ("association", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=("association", "pseudonym_hash"), name="one_pseudonym_hash_per_network"
            )
        ]
        verbose_name = _("member")
        verbose_name_plural = _("members")

    def __str__(self) -> str:
        return self.pseudonym

    @property
    def is_active(self) -> bool:
        return self.status == MemberStatus.ACTIVE

    @property
    def all_languages(self) -> set[str]:
        """The languages the member reads: the chosen ones, else the interface's."""
        return set(self.languages or [self.language])


class TargetingIndex(models.Model):
    """Whom an alert reaches, per network, sealed in one encrypted value (docs/decisions/0011):
    for each active member, their zone ids, the languages they read and a digest of the
    ciphertexts these were read from. Aiming an alert decrypts this one value instead of every
    member; a member whose ciphertexts no longer match the digest (a new member, a changed
    profile) is decrypted and the entry renewed (``veilleuse.alerts.targeting``), so the index
    is a cache that cannot send an alert to the wrong people. Without the keys it is one
    opaque value per network: it groups no member with another.
    """

    association = models.OneToOneField(
        Association, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    entries = EncryptedJSONField(default=dict)

    class Meta:
        verbose_name = _("targeting index")
        verbose_name_plural = _("targeting indexes")

    def __str__(self) -> str:
        return f"targeting index {self.pk}"


class MemberInvitation(TimeStampedModel):
    """A one-time code handed to a future member by staff (co-optation only).

    Only the SHA-256 of the code is kept: the code is shown once, when it is made.
    """

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="member_invitations"
    )
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    label = models.CharField(
        _("label for staff"),
        max_length=80,
        blank=True,
        help_text=_("A few words to recognise the invitation, never a name."),
    )

    class Meta:
        ordering = ("-created",)
        verbose_name = _("member invitation")
        verbose_name_plural = _("member invitations")

    def __str__(self) -> str:
        return self.label or f"#{self.pk}"


class NetworkRoleKind(models.TextChoices):
    MODERATOR = "moderator", _("moderator")
    LEGAL = "legal", _("legal worker")


class NetworkRoleQuerySet(models.QuerySet["NetworkRole"]):
    def in_force(self) -> NetworkRoleQuerySet:
        """Roles that open pages: approved (a role waiting for approval opens nothing)."""
        return self.filter(approved_at__isnull=False)


class NetworkRole(TimeStampedModel):
    """A staff member's role in the alert network, on top of their association membership.

    Moderators see reports and alerts, never legal cases; legal workers see cases, not the
    moderation queue; an association's administrators manage members and roles but do not
    read reports unless they hold the moderator role too.
    """

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="network_roles"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_roles"
    )
    role = models.CharField(_("role"), max_length=16, choices=NetworkRoleKind.choices)
    # Separation of duties (issue 12, finding 10): who gave the role, who approved it, and
    # since when it is in force (None: waiting for another administrator's approval).
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(
        _("in force since"), null=True, blank=True, default=timezone.now
    )

    objects = NetworkRoleQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=("association", "user", "role"), name="one_network_role_per_kind"
            )
        ]
        verbose_name = _("network role")
        verbose_name_plural = _("network roles")

    def __str__(self) -> str:
        return f"{self.user} · {self.role}"


class Partnership(TimeStampedModel):
    """Another association whose staff may file reports on someone's behalf."""

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="partnerships"
    )
    partner = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="partner_of")
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=("association", "partner"), name="one_partnership_per_pair"
            )
        ]
        verbose_name = _("partner association")
        verbose_name_plural = _("partner associations")

    def __str__(self) -> str:
        return f"{self.association} ← {self.partner}"
