"""The follow-up dashboard (viewers and up) and the triage of proposals (reviewers and up)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from veilleuse.accounts.decorators import AuthenticatedHttpRequest, staff_view
from veilleuse.accounts.models import Role
from veilleuse.commitments import selectors
from veilleuse.commitments.access import access_commitment
from veilleuse.commitments.forms import CommitmentAddForm, TriageForm
from veilleuse.commitments.models import CommitmentState, Official, TrackedCommitment
from veilleuse.commitments.services.triage import (
    commitment_accept,
    commitment_add,
    commitment_drop,
    commitment_merge,
)
from veilleuse.commitments.views.commitment import posted
from veilleuse.core.forms import form_page
from veilleuse.questionnaires.access import access_campaign, can_review, is_admin
from veilleuse.questionnaires.models import Campaign


@staff_view
@require_GET
def tracking(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    campaign = access_campaign(request.user, slug)
    board = selectors.tracking_board(campaign, show=request.GET.get("show", "all"))
    context = {
        "campaign": campaign,
        "board": board,
        "can_review": can_review(request.user, campaign),
        "is_admin": is_admin(request.user, campaign),
    }
    return render(request, "commitments/tracking.html", context)


def _querysets(campaign: Campaign) -> dict[str, Any]:
    return {
        "official": Official.objects.filter(result__campaign=campaign),
        "into": TrackedCommitment.objects.filter(
            campaign=campaign, state=CommitmentState.TRACKED
        ).select_related("candidate"),
    }


@staff_view
@require_GET
def proposals(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    campaign = access_campaign(request.user, slug, Role.REVIEWER)
    querysets = _querysets(campaign)
    form = TriageForm(officials=querysets["official"], tracked=querysets["into"], auto_id=False)
    context = {
        "campaign": campaign,
        "proposals": selectors.proposals(campaign),
        "form": form,
        "is_admin": is_admin(request.user, campaign),
    }
    return render(request, "commitments/proposals.html", context)


@staff_view
@require_POST
def triage(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    commitment = access_commitment(request.user, pk, Role.REVIEWER)
    querysets = _querysets(commitment.campaign)
    form = TriageForm(request.POST, officials=querysets["official"], tracked=querysets["into"])
    back = redirect("commitments:proposals", slug=commitment.campaign.slug)
    if not form.is_valid():
        messages.error(request, _("Check the official, the date and the commitment chosen."))
        return back
    try:
        message = _triage(request, commitment, form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, message)
    return back


def _triage(
    request: AuthenticatedHttpRequest, commitment: TrackedCommitment, data: dict[str, Any]
) -> str:
    actor = request.user
    if "accept" in request.POST:
        commitment_accept(
            actor=actor,
            commitment=commitment,
            official=data["official"],
            expected_by=data["expected_by"],
        )
        return _("The commitment is now tracked.")
    if "merge" in request.POST:
        if data["into"] is None:
            raise ValidationError(_("Choose the commitment to merge into."))
        commitment_merge(actor=actor, commitment=commitment, into=data["into"])
        return _("The proposal is merged.")
    if "drop" in request.POST:
        commitment_drop(actor=actor, commitment=commitment)
        return _("The proposal is dropped.")
    raise ValidationError(_("Choose what to do with the proposal."))


@staff_view
@require_http_methods(["GET", "POST"])
def commitment_new(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    campaign = access_campaign(request.user, slug, Role.REVIEWER)
    querysets = {
        "candidate": campaign.candidates.order_by("name"),
        "official": Official.objects.filter(result__campaign=campaign),
        "question": campaign.questions.order_by("number"),
    }
    form = CommitmentAddForm(posted(request)[0], querysets=querysets)

    def save(data: dict[str, Any]) -> str:
        commitment = commitment_add(actor=request.user, campaign=campaign, **data)
        return reverse("commitments:commitment_detail", kwargs={"pk": commitment.pk})

    def page(status: int) -> HttpResponse:
        context = {"campaign": campaign, "form": form}
        return render(request, "commitments/commitment_add.html", context, status=status)

    return form_page(request, form, save, page, done=_("The commitment is now tracked."))
