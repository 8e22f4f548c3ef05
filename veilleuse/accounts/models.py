"""Who uses Veilleuse: people (``User``) and the associations they act for."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from veilleuse.core.models import TimeStampedModel


class User(AbstractUser):
    """A person who signs in: staff, volunteers, reviewers and, later, members.

    Custom from the first migration so that fields can be added without swapping the user
    model, which Django cannot do cheaply once tables exist.
    """

    # Not AbstractUser.Meta's subclass, which holds only these two names (and abstract), and
    # whose stubs type them as plain str where ours are lazily translated.
    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class Association(TimeStampedModel):
    """An organisation that questions candidates and runs an alert network."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    require_two_factor = models.BooleanField(
        _("two-factor authentication required for staff"),
        default=False,
        help_text=_("Staff must confirm each sign-in with a code from an authenticator app."),
    )

    class Meta:
        ordering = ("name",)
        verbose_name = _("association")
        verbose_name_plural = _("associations")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    """What a person may do for an association. Ordered: each role can do what those after
    it can."""

    ADMIN = "admin", _("administrator")
    REVIEWER = "reviewer", _("reviewer")
    VIEWER = "viewer", _("viewer")

    @property
    def rank(self) -> int:
        return {Role.ADMIN: 3, Role.REVIEWER: 2, Role.VIEWER: 1}[self]


class Membership(TimeStampedModel):
    """A person's role in one association; a person may belong to several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.VIEWER)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("user", "association"), name="one_membership_per_pair")
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} · {self.association} · {self.role}"

    def allows(self, role: str) -> bool:
        return Role(self.role).rank >= Role(role).rank
