"""The audit log's one writer. Services call ``audit`` inside their transaction, so an action
and its log entry are saved together or not at all."""

from __future__ import annotations

from typing import Any

from django.db import models

from veilleuse.core.models import AuditEntry


def audit(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    association_id: int | None = None,
    **data: Any,
) -> AuditEntry:
    """Record that ``actor`` did ``action`` (``"invitation.revoke"``) to ``target``."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=user,
        association_id=association_id,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        data=data,
    )
