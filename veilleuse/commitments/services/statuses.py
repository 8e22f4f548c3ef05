"""Status changes with their evidence, four-eyes publication and corrections.

A change is never edited. It carries at least one piece of evidence (a web link, a document,
a dated note) and, for a failure (stalled, broken, compromise), a reason. With four-eyes
tracking it is a draft until another reviewer publishes it; only published changes move the
commitment's status, which is always the status of the latest published change that no
published correction replaces.

Every write checks the ``version`` the person saw, so that two people editing the same
commitment at once cannot overwrite each other: the second is refused and nothing is written.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from veilleuse.accounts.models import User
from veilleuse.commitments import selectors
from veilleuse.commitments.models import (
    STATUSES_NEEDING_A_REASON,
    ChangeState,
    CommitmentState,
    CommitmentStatus,
    ElectionResult,
    Evidence,
    EvidenceKind,
    StatusChange,
    TrackedCommitment,
)
from veilleuse.core.audit import audit
from veilleuse.core.errors import Conflict

WEB_SCHEMES = ("http", "https")


@dataclass(frozen=True)
class EvidenceItem:
    """One piece of evidence as the person gave it, before it is checked."""

    kind: str
    title: str = ""
    url: str = ""
    document: UploadedFile[bytes] | None = None
    dated: datetime.date | None = None
    note: str = ""


class CommitmentConflict(Conflict):
    """Someone changed the commitment after the page was loaded; ``version`` is the new one."""

    def __init__(self, version: int) -> None:
        super().__init__(
            _(
                "Someone else changed this commitment meanwhile. Nothing was saved: check "
                "the timeline below, then send your change again."
            ),
            fresh={"version": str(version)},
        )
        self.version = version


@dataclass(frozen=True)
class Fact:
    """What a status change says: the new status, when, why and with what evidence."""

    status: str
    happened_on: datetime.date
    evidence: list[EvidenceItem]
    reason: str = ""
    reason_note: str = ""
    note: str = ""


def commitment_status_change(
    *, actor: User, commitment: TrackedCommitment, fact: Fact, seen_version: int
) -> StatusChange:
    """Record a status change (published at once, or a draft with four-eyes tracking)."""
    with transaction.atomic():
        locked = _locked(commitment, seen_version)
        change = _record(actor, locked, fact)
        _audit(actor, "status_change.record", change, locked, status=change.status)
    return change


def status_change_correct(
    *,
    actor: User,
    change: StatusChange,
    fact: Fact,
    correction_reason: str,
    seen_version: int,
) -> StatusChange:
    """Correct a published change by a new one; both stay in the log."""
    with transaction.atomic():
        locked = _locked(change.commitment, seen_version)
        original = StatusChange.objects.select_for_update().get(pk=change.pk)
        if original.state != ChangeState.PUBLISHED:
            raise ValidationError(_("Only a published change can be corrected."))
        if original.corrections.filter(state=ChangeState.PUBLISHED).exists():
            raise ValidationError(_("This change was already corrected."), code="corrected")
        if not correction_reason.strip():
            raise ValidationError(
                {"correction_reason": _("Say why the change is corrected.")}, code="required"
            )
        correction = _record(actor, locked, fact, original, correction_reason.strip())
        _audit(actor, "status_change.correct", correction, locked, corrects=original.pk)
    return correction


def status_change_publish(*, actor: User, change: StatusChange) -> StatusChange:
    """Four-eyes: a second, different person publishes a draft change."""
    with transaction.atomic():
        locked = _locked(change.commitment, None)
        draft = StatusChange.objects.select_for_update().get(pk=change.pk)
        if draft.state != ChangeState.DRAFT:
            raise ValidationError(_("This change is already published."), code="published")
        if draft.author_id == actor.pk:
            raise ValidationError(
                _("You cannot publish your own change: another reviewer must check it."),
                code="own_change",
            )
        _publish(draft, locked, checked_by=actor)
        _audit(actor, "status_change.publish", draft, locked, status=draft.status)
    return draft


def _locked(commitment: TrackedCommitment, seen_version: int | None) -> TrackedCommitment:
    locked = (
        TrackedCommitment.objects.select_for_update()
        .select_related("campaign")
        .get(pk=commitment.pk)
    )
    if seen_version is not None and locked.version != seen_version:
        raise CommitmentConflict(locked.version)
    if locked.state != CommitmentState.TRACKED:
        raise ValidationError(_("Only a tracked commitment gets status changes."))
    return locked


def _record(
    actor: User,
    commitment: TrackedCommitment,
    fact: Fact,
    corrects: StatusChange | None = None,
    correction_reason: str = "",
) -> StatusChange:
    _check_fact(fact)
    pieces = [_evidence(item, fact.happened_on) for item in fact.evidence]
    change = StatusChange(
        commitment=commitment,
        status=fact.status,
        happened_on=fact.happened_on,
        reason=fact.reason if fact.status in STATUSES_NEEDING_A_REASON else "",
        reason_note=fact.reason_note.strip(),
        note=fact.note.strip(),
        author=actor,
        corrects=corrects,
        correction_reason=correction_reason,
        state=ChangeState.DRAFT,
    )
    change.full_clean()
    change.save()
    for piece in pieces:
        piece.change = change
        piece.save()
    if _four_eyes(commitment):
        _bump(commitment)
    else:
        _publish(change, commitment, checked_by=None)
    return change


def _check_fact(fact: Fact) -> None:
    if fact.status not in CommitmentStatus.values:
        raise ValidationError({"status": _("Choose a status.")}, code="invalid")
    if fact.status in STATUSES_NEEDING_A_REASON and not fact.reason:
        raise ValidationError(
            {"reason": _("Say why: a stalled, broken or compromise status needs a reason.")},
            code="reason_required",
        )
    if fact.happened_on > timezone.localdate():
        raise ValidationError({"happened_on": _("The date of the fact cannot be in the future.")})
    if not fact.evidence:
        raise ValidationError(
            _("Give at least one piece of evidence: a link, a document or a dated note."),
            code="evidence_required",
        )


def _evidence(item: EvidenceItem, happened_on: datetime.date) -> Evidence:
    """The checked, unsaved evidence row for ``item``."""
    evidence = Evidence(kind=item.kind, title=item.title.strip()[:300], dated=item.dated)
    if item.kind == EvidenceKind.LINK:
        evidence.url = web_address(url=item.url)
        evidence.title = evidence.title or evidence.url[:300]
    elif item.kind == EvidenceKind.DOCUMENT and item.document is not None:
        _check_document_size(item.document)
        evidence.document = item.document
        evidence.document_name = (item.document.name or "document")[:255]
        evidence.title = evidence.title or evidence.document_name[:300]
    elif item.kind == EvidenceKind.NOTE and item.note.strip():
        evidence.note = item.note.strip()
        evidence.dated = item.dated or happened_on
        evidence.title = evidence.title or evidence.note.splitlines()[0][:300]
    else:
        raise ValidationError(_("This piece of evidence is empty."), code="evidence_empty")
    evidence.full_clean(exclude=["change"])
    return evidence


def web_address(*, url: str) -> str:
    """``url`` if it is a web page address (http or https), else a clear refusal."""
    url = url.strip()
    if urlsplit(url).scheme.lower() not in WEB_SCHEMES:
        raise ValidationError(
            {"url": _("Only web addresses starting with http:// or https:// are accepted.")},
            code="scheme",
        )
    try:
        URLValidator(schemes=list(WEB_SCHEMES))(url)
    except ValidationError:
        raise ValidationError(
            {"url": _("This web address is not valid; copy it from the browser.")},
            code="invalid_url",
        ) from None
    return url


def _check_document_size(document: UploadedFile[bytes]) -> None:
    limit = settings.VEILLEUSE_UPLOAD_MAX_BYTES
    if (document.size or 0) > limit:
        raise ValidationError(
            {
                "document": _("The document is too large (%(size)s); the limit is %(limit)s.")
                % {"size": filesizeformat(document.size or 0), "limit": filesizeformat(limit)}
            },
            code="too_large",
        )


def _four_eyes(commitment: TrackedCommitment) -> bool:
    result = ElectionResult.objects.filter(campaign_id=commitment.campaign_id).first()
    return bool(result and result.four_eyes)


def _publish(change: StatusChange, commitment: TrackedCommitment, checked_by: User | None) -> None:
    change.state = ChangeState.PUBLISHED
    change.checked_by = checked_by
    change.published_at = timezone.now()
    change.save(update_fields=["state", "checked_by", "published_at"])
    commitment.status = selectors.current_status(commitment)
    _bump(commitment, "status")


def _bump(commitment: TrackedCommitment, *fields: str) -> None:
    commitment.version += 1
    commitment.save(update_fields=[*fields, "version", "updated"])


def _audit(
    actor: User, action: str, change: StatusChange, commitment: TrackedCommitment, **data: Any
) -> None:
    audit(
        actor=actor,
        action=action,
        target=change,
        association_id=commitment.campaign.association_id,
        commitment=commitment.pk,
        **data,
    )
