"""One commitment's page: its timeline and the status change form; four-eyes publication,
corrections, and the evidence documents (reached through the change's gate)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
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
    commitment_status_change,
    status_change_correct,
    status_change_publish,
)
from veilleuse.core.forms import form_page, form_save, form_status
from veilleuse.questionnaires.access import can_review


def posted(request: HttpRequest) -> tuple[Any, Any]:
    """A form's data and files: bound on every POST, even an empty one."""
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


def _method_role(request: HttpRequest) -> str:
    return Role.REVIEWER if request.method == "POST" else Role.VIEWER


@staff_view
@require_http_methods(["GET", "POST"])
def commitment_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    commitment = access_commitment(request.user, pk, _method_role(request))
    initial = {"version": commitment.version, "happened_on": timezone.localdate()}
    form = StatusChangeForm(*posted(request), initial=initial)

    def save(data: dict[str, Any]) -> object:
        return commitment_status_change(
            actor=request.user,
            commitment=commitment,
            fact=form.fact(),
            seen_version=data["version"],
        )

    if request.method == "POST" and form_save(form, save) is not None:
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
        "can_change": can_review(request.user, commitment.campaign),
        "tracked": commitment.state == "tracked",
    }
    return render(request, "commitments/commitment_detail.html", context, status=form_status(form))


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

    def save(data: dict[str, Any]) -> str:
        status_change_correct(
            actor=request.user,
            change=change,
            fact=form.fact(),
            correction_reason=data["correction_reason"],
            seen_version=data["version"],
        )
        return reverse("commitments:commitment_detail", kwargs={"pk": commitment.pk})

    def page(status: int) -> HttpResponse:
        context = {"campaign": commitment.campaign, "change": change, "form": form}
        return render(request, "commitments/change_correct.html", context, status=status)

    done = _("The correction is saved; the old change stays in the log.")
    return form_page(request, form, save, page, done=done)


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
