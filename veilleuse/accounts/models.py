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

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")


class Association(TimeStampedModel):
    """An organisation that questions candidates and runs an alert network."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)

    class Meta:
        ordering = ("name",)
        verbose_name = _("association")
        verbose_name_plural = _("associations")

    def __str__(self) -> str:
        return self.name
