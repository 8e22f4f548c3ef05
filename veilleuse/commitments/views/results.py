"""Recording the results: mandate dates, winning lists, officials (administrators only)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from veilleuse.accounts.decorators import AuthenticatedHttpRequest, staff_view
from veilleuse.accounts.models import Role
from veilleuse.commitments import selectors
from veilleuse.commitments.forms import OfficialForm, ResultForm
from veilleuse.commitments.models import ElectionResult, Official
from veilleuse.commitments.services.results import (
    commitments_propose,
    official_add,
    official_remove,
    result_record,
)
from veilleuse.core.forms import form_save, form_status
from veilleuse.questionnaires.access import access_campaign
from veilleuse.questionnaires.models import Campaign


def _initial(result: ElectionResult | None) -> dict[str, Any]:
    if result is None:
        return {}
    winners = list(result.winners.all())
    majority = next((w.candidate for w in winners if w.majority), None)
    return {
        "mandate_start": result.mandate_start,
        "mandate_end": result.mandate_end,
        "winners": [w.candidate for w in winners],
        "majority": majority,
        "four_eyes": result.four_eyes,
        "digest_silence_months": result.digest_silence_months,
        "hypothetical": result.hypothetical,
    }


@staff_view
@require_http_methods(["GET", "POST"])
def results(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    campaign = access_campaign(request.user, slug, Role.ADMIN)
    result = selectors.result_for(campaign)
    candidates = campaign.candidates.order_by("name")
    which = request.POST.get("form") if request.method == "POST" else None
    result_data = request.POST if which == "result" else None
    official_data = request.POST if which == "official" else None
    result_form = ResultForm(result_data, candidates=candidates, initial=_initial(result))
    official_form = OfficialForm(official_data, candidates=candidates)
    if which == "result" and _record(request, campaign, result_form):
        return redirect("commitments:results", slug=slug)
    if which == "official" and _add_official(request, result, official_form):
        return redirect("commitments:results", slug=slug)
    context = {
        "campaign": campaign,
        "result": result,
        "result_form": result_form,
        "official_form": official_form,
    }
    status = form_status(result_form, official_form)
    return render(request, "commitments/results.html", context, status=status)


def _record(request: AuthenticatedHttpRequest, campaign: Campaign, form: ResultForm) -> bool:
    def save(data: dict[str, Any]) -> object:
        return result_record(actor=request.user, campaign=campaign, **data)

    if form_save(form, save) is None:
        return False
    messages.success(request, _("The results are recorded; their commitments are proposed."))
    return True


def _add_official(
    request: AuthenticatedHttpRequest, result: ElectionResult | None, form: OfficialForm
) -> bool:
    def save(data: dict[str, Any]) -> object:
        if result is None:
            raise ValidationError(_("Record the results first."))
        return official_add(actor=request.user, result=result, **data)

    if form_save(form, save) is None:
        return False
    messages.success(request, _("The official is added."))
    return True


@staff_view
@require_POST
def official_delete(request: AuthenticatedHttpRequest, slug: str, official_id: int) -> HttpResponse:
    campaign = access_campaign(request.user, slug, Role.ADMIN)
    official = get_object_or_404(Official, result__campaign=campaign, pk=official_id)
    official_remove(actor=request.user, official=official)
    messages.success(request, _("The official is removed."))
    return redirect("commitments:results", slug=slug)


@staff_view
@require_POST
def propose(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    campaign = access_campaign(request.user, slug, Role.ADMIN)
    try:
        count = commitments_propose(actor=request.user, campaign=campaign)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("commitments:results", slug=slug)
    messages.success(
        request,
        ngettext("%(count)d new proposal.", "%(count)d new proposals.", count) % {"count": count},
    )
    return redirect("commitments:proposals", slug=slug)
