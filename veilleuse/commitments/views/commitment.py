"""One commitment's page: its timeline and the status change form; four-eyes publication,
corrections, and the evidence documents (reached through the change's gate)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from veilleuse.accounts.decorators import AuthenticatedHttpRequest, staff_view
from veilleuse.accounts.models import Role
from veilleuse.commitments import selectors
from veilleuse.commitments.access import access_commitment, access_status_change
from veilleuse.commitments.forms import CorrectionForm, StatusChangeForm
from veilleuse.commitments.models import ChangeState, EvidenceKind, TrackedCommitment
from veilleuse.commitments.services.statuses import (
    CommitmentConflict,
    commitment_status_change,
    status_change_correct,
    status_change_publish,
)
from veilleuse.core.forms import add_service_errors, posted_value_set
from veilleuse.questionnaires.views.campaigns import can_review


def posted(request: HttpRequest) -> tuple[Any, Any]:
    """A form's data and files: bound on every POST, even an empty one."""
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


def _method_role(request: HttpRequest) -> str:
    return Role.REVIEWER if request.method == "POST" else Role.VIEWER


def _saved(form: StatusChangeForm, save: Callable[[StatusChangeForm], Any]) -> bool:
    """Call the service; on refusal, keep every field the person typed. After a conflict the
    form carries the new version, so that sending it again (once checked) goes through."""
    if not form.is_valid():
        return False
    try:
        save(form)
    except CommitmentConflict as conflict:
        form.add_error(None, conflict)
        posted_value_set(form, "version", str(conflict.version))
        return False
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    return True


def _status(form: StatusChangeForm) -> int:
    if not form.errors:
        return 200
    conflict = any(e.code == "conflict" for e in form.non_field_errors().as_data())
    return 409 if conflict else 400


@staff_view
@require_http_methods(["GET", "POST"])
def commitment_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    commitment = access_commitment(request.user, pk, _method_role(request))
    initial = {"version": commitment.version, "happened_on": timezone.localdate()}
    form = StatusChangeForm(*posted(request), initial=initial)

    def save(form: StatusChangeForm) -> None:
        seen = form.cleaned_data["version"]
        commitment_status_change(
            actor=request.user, commitment=commitment, fact=form.fact(), seen_version=seen
        )

    if request.method == "POST" and _saved(form, save):
        messages.success(request, _published_message(commitment))
        return redirect("commitments:commitment_detail", pk=pk)
    return _page(request, commitment, form)


def _published_message(commitment: TrackedCommitment) -> str:
    commitment.refresh_from_db(fields=["status"])
    if commitment.changes.filter(state=ChangeState.DRAFT).exists():
        return _("The change is saved as a draft: another reviewer must publish it.")
    return _("The change is published.")


def _page(
    request: AuthenticatedHttpRequest, commitment: TrackedCommitment, form: StatusChangeForm
) -> HttpResponse:
    context = {
        "campaign": commitment.campaign,
        "commitment": commitment,
        "timeline": selectors.timeline(commitment),
        "merged": selectors.merged_into(commitment),
        "form": form,
        "can_change": can_review(request, commitment.campaign),
        "tracked": commitment.state == "tracked",
    }
    return render(request, "commitments/commitment_detail.html", context, status=_status(form))


@staff_view
@require_POST
def change_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    change = access_status_change(request.user, pk, Role.REVIEWER)
    try:
        status_change_publish(actor=request.user, change=change)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The change is published."))
    return redirect("commitments:commitment_detail", pk=change.commitment_id)


@staff_view
@require_http_methods(["GET", "POST"])
def change_correct(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    change = access_status_change(request.user, pk, Role.REVIEWER)
    commitment = change.commitment
    initial = {
        "version": commitment.version,
        "status": change.status,
        "happened_on": change.happened_on,
        "reason": change.reason,
    }
    form = CorrectionForm(*posted(request), initial=initial)

    def save(form: StatusChangeForm) -> None:
        status_change_correct(
            actor=request.user,
            change=change,
            fact=form.fact(),
            correction_reason=form.cleaned_data["correction_reason"],
            seen_version=form.cleaned_data["version"],
        )

    if request.method == "POST" and _saved(form, save):
        messages.success(request, _("The correction is saved; the old change stays in the log."))
        return redirect("commitments:commitment_detail", pk=commitment.pk)
    context = {"campaign": commitment.campaign, "change": change, "form": form}
    return render(request, "commitments/change_correct.html", context, status=_status(form))


@staff_view
@require_GET
def evidence_document(request: AuthenticatedHttpRequest, change_id: int, pk: int) -> FileResponse:
    change = access_status_change(request.user, change_id, Role.VIEWER)
    evidence = change.evidence.filter(pk=pk, kind=EvidenceKind.DOCUMENT).first()
    if evidence is None or not evidence.document:
        raise Http404
    return FileResponse(
        evidence.document.open("rb"), as_attachment=True, filename=evidence.document_name
    )
