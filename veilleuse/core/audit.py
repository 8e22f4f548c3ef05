"""The audit log's one writer. Services call ``audit`` inside their transaction, so an action
and its log entry are saved together or not at all."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import models

from veilleuse.core.models import AuditEntry


def audit(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    target: models.Model | None = None,
    association_id: int | None = None,
    **data: Any,
) -> AuditEntry:
    """Record that ``actor`` did ``action`` (``"invitation.revoke"``) to ``target``; ``None``
    (or an anonymous visitor) for the system or a member, who is never named in the log."""
    return AuditEntry.objects.create(
        actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
        association_id=association_id,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        data=data,
    )


def audited_delete(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    target: models.Model,
    association_id: int | None,
    **data: Any,
) -> None:
    """Delete ``target`` and record who did it; the entry keeps the target's id, the row goes
    (call it inside the service's transaction, so that neither happens alone)."""
    audit(actor=actor, action=action, target=target, association_id=association_id, **data)
    target.delete()
