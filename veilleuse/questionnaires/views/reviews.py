"""Reviewing answers: the campaign's list, one answer's page, decisions and exports."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from veilleuse.accounts.access import staff_membership
from veilleuse.accounts.decorators import AuthenticatedHttpRequest, staff_view
from veilleuse.accounts.models import Role, User
from veilleuse.core.forms import form_save, form_status
from veilleuse.questionnaires.access import access_answer, access_campaign
from veilleuse.questionnaires.forms.reviews import ConfirmForm, DecisionForm
from veilleuse.questionnaires.models import Answer
from veilleuse.questionnaires.selectors import reviews as selectors
from veilleuse.questionnaires.services.reviews import (
    decision_confirm,
    decision_record,
)


@staff_view
@require_GET
def review_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    campaign = access_campaign(request.user, slug)
    unreviewed = request.GET.get("show") == "unreviewed"
    least_sure = request.GET.get("order") == "least_sure"
    answers = list(selectors.answers_for_review(campaign))
    context = {
        "campaign": campaign,
        "groups": selectors.review_groups(
            campaign, unreviewed_only=unreviewed, least_sure_first=least_sure, answers=answers
        ),
        "unreviewed": unreviewed,
        "least_sure": least_sure,
        "confirmations": selectors.confirmation_rates(answers),
        "show": "unreviewed" if unreviewed else "",
    }
    return render(request, "questionnaires/review_list.html", context)


def _can_decide(user: User, association_id: int) -> bool:
    try:
        staff_membership(user, association_id, Role.REVIEWER)
    except Http404:
        return False
    return True


@staff_view
@require_http_methods(["GET", "POST"])
def answer_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    answer = access_answer(request.user, pk)
    association_id = answer.response.candidate.campaign.association_id
    can_decide = _can_decide(request.user, association_id)
    form = DecisionForm(request.POST or None, initial={"grade": answer.suggested_grade})
    if request.method == "POST":
        if not can_decide:
            raise Http404
        if _record(request, answer, form):
            return redirect("questionnaires:answer_review", pk=answer.pk)
    page = selectors.review_page(answer.pk)
    if page.latest is not None and not form.is_bound:
        form.initial["seen"] = page.latest.pk
    context = {
        "page": page,
        "answer": page.answer,
        "campaign": page.answer.response.candidate.campaign,
        "form": form,
        "confirm_form": ConfirmForm(initial={"decision": page.current and page.current.pk}),
        "can_decide": can_decide,
        "next_answer": selectors.next_answer_id(page.answer),
    }
    return render(request, "questionnaires/review_answer.html", context, status=form_status(form))


def _record(request: AuthenticatedHttpRequest, answer: Answer, form: DecisionForm) -> bool:
    def save(data: dict[str, Any]) -> object:
        grade = answer.suggested_grade if "confirm" in request.POST else data["grade"]
        return decision_record(
            reviewer=request.user,
            answer=answer,
            grade=grade or data["grade"],
            note=data["note"],
            seen_decision_id=data["seen"],
        )

    if form_save(form, save) is None:
        return False
    messages.success(request, _("Your decision was recorded."))
    return True


@staff_view
@require_POST
def answer_confirm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    answer = access_answer(request.user, pk, Role.REVIEWER)
    form = ConfirmForm(request.POST)
    decision = None
    if form.is_valid():
        decision = answer.decisions.filter(pk=form.cleaned_data["decision"]).first()
    if decision is None:
        messages.error(request, _("That decision no longer exists; reload the page."))
        return redirect("questionnaires:answer_review", pk=answer.pk)
    try:
        decision_confirm(
            reviewer=request.user,
            decision=decision,
            note=form.cleaned_data["note"],
            seen_decision_id=form.cleaned_data["seen"],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("You confirmed the decision: the grade is final."))
    return redirect("questionnaires:answer_review", pk=answer.pk)


def _jsonl(rows: Iterable[dict[str, Any]], filename: str) -> HttpResponse:
    body = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    response = HttpResponse(body, content_type="application/x-ndjson; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@staff_view
@require_GET
def decisions_export(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    campaign = access_campaign(request.user, slug, Role.REVIEWER)
    return _jsonl(selectors.decisions_export(campaign), f"{campaign.slug}-decisions.jsonl")


@staff_view
@require_GET
def suggestions_export(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    campaign = access_campaign(request.user, slug, Role.REVIEWER)
    return _jsonl(selectors.suggestions_export(campaign), f"{campaign.slug}-suggestions.jsonl")
