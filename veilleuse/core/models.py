"""Shared model building blocks."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Adds when a row was created and last updated (timezone-aware, as USE_TZ is on).

    ``updated`` is set by ``save()``, so a service that saves with ``update_fields`` must
    list ``"updated"`` too for it to move.
    """

    created = models.DateTimeField(_("created"), auto_now_add=True, editable=False)
    updated = models.DateTimeField(_("updated"), auto_now=True, editable=False)

    class Meta:
        abstract = True
