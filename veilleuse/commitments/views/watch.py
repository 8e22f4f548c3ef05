"""Watching the city (docs/tracking.md, "Watching the city"): the page of proposals, sources
and runs; confirming or dismissing a proposal (a confirmation page, then a POST: a link in an
e-mail never changes anything by itself); adding a source and reading it now (admins)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from veilleuse.accounts.decorators import AuthenticatedHttpRequest, staff_view
from veilleuse.accounts.models import Role
from veilleuse.commitments import selectors
from veilleuse.commitments.access import access_act_proposal, access_watched_source
from veilleuse.commitments.forms import SourceForm
from veilleuse.commitments.models import ProposalState
from veilleuse.commitments.services.watch import (
    act_proposal_confirm,
    act_proposal_dismiss,
    watched_source_add,
)
from veilleuse.commitments.tasks import watch_source_read
from veilleuse.core.forms import add_service_errors
from veilleuse.core.tasks import enqueue
from veilleuse.questionnaires.access import access_campaign, can_review, is_admin


@staff_view
@require_http_methods(["GET", "POST"])
def watch(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    role = Role.ADMIN if request.method == "POST" else Role.VIEWER
    campaign = access_campaign(request.user, slug, role)
    form = SourceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            watched_source_add(actor=request.user, campaign=campaign, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The source is added; it will be read within the hour."))
            return redirect("commitments:watch", slug=slug)
    context = {
        "campaign": campaign,
        "board": selectors.watch_board(campaign),
        "form": form,
        "can_review": can_review(request.user, campaign),
        "is_admin": is_admin(request.user, campaign),
    }
    return render(request, "commitments/watch.html", context, status=400 if form.errors else 200)


@staff_view
@require_POST
def watch_run(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    source = access_watched_source(request.user, pk, Role.ADMIN)
    enqueue(watch_source_read, source_id=source.pk)
    messages.success(request, _("The source will be read in a moment; reload this page."))
    return redirect("commitments:watch", slug=source.campaign.slug)


def _decide(request: AuthenticatedHttpRequest, pk: int, confirm: bool) -> HttpResponse:
    proposal = access_act_proposal(request.user, pk, Role.REVIEWER)
    back = redirect("commitments:watch", slug=proposal.commitment.campaign.slug)
    if proposal.state != ProposalState.PENDING:
        messages.info(request, _("This proposal was already decided."))
        return back
    if request.method == "GET":
        context = {"campaign": proposal.commitment.campaign, "p": proposal, "confirm": confirm}
        return render(request, "commitments/act_proposal_decide.html", context)
    try:
        if confirm:
            act_proposal_confirm(actor=request.user, proposal=proposal)
        else:
            act_proposal_dismiss(actor=request.user, proposal=proposal)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return back
    done = (
        _("The status change is recorded, with the act as evidence.")
        if confirm
        else _("The proposal is dismissed; it will not come back.")
    )
    messages.success(request, done)
    return back


@staff_view
@require_http_methods(["GET", "POST"])
def act_proposal_confirm_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, confirm=True)


@staff_view
@require_http_methods(["GET", "POST"])
def act_proposal_dismiss_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, confirm=False)
