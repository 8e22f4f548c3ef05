"""Shared model building blocks: timestamps, the audit log and the sessions' table."""

from __future__ import annotations

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.contrib.sessions.base_session import AbstractBaseSession
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


class AuditEntry(models.Model):
    """One staff action: who did what to which object, when. Written by services, inside
    their transaction, through ``veilleuse.core.audit.audit``; never edited."""

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A plain id, not a foreign key: core sits below accounts (docs/architecture.md).
    association_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    action = models.CharField(_("action"), max_length=80)
    target_type = models.CharField(_("object type"), max_length=80, blank=True)
    target_id = models.CharField(_("object id"), max_length=64, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ("-at", "-id")
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.target_type}"


class HashedSession(AbstractBaseSession):
    """A session row that a reader of the database cannot replay (veilleuse/core/sessions.py).

    ``session_key`` holds a keyed hash of the cookie's value, never the value itself;
    ``account_key`` a keyed hash of the signed-in account's id, so that every session of
    one account can be ended at once (``sessions_end``) without storing who it is.
    """

    session_key = models.CharField(_("session key hash"), max_length=64, primary_key=True)
    account_key = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    @classmethod
    def get_session_store_class(cls) -> type[SessionBase]:
        from veilleuse.core.sessions import SessionStore

        return SessionStore


class Heartbeat(models.Model):
    """The last time a background process proved it was working: the worker runs a periodic
    task every minute that writes here, so a beat shows both the scheduler and a consumer of
    the queue alive (``veilleuse doctor``, ``/healthz``)."""

    name = models.CharField(_("name"), max_length=40, primary_key=True)
    beat_at = models.DateTimeField(_("last beat"))

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self) -> str:
        return f"{self.name} {self.beat_at:%Y-%m-%d %H:%M:%S}"
