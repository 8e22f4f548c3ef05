"""Importing a document a campaign sent back, checking how it was split, accepting it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from veilleuse.accounts.decorators import AuthenticatedHttpRequest, staff_view
from veilleuse.accounts.models import Role
from veilleuse.questionnaires.access import access_campaign, access_candidate, access_import
from veilleuse.questionnaires.forms.reviews import (
    ImportUploadForm,
    ParagraphForm,
    ParagraphMoveForm,
    ParagraphSplitForm,
)
from veilleuse.questionnaires.models import Import
from veilleuse.questionnaires.selectors.reviews import candidate_imports, import_page
from veilleuse.questionnaires.services import imports


@staff_view
@require_http_methods(["GET", "POST"])
def import_upload(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    campaign = access_campaign(request.user, slug, Role.REVIEWER)
    candidate = access_candidate(request.user, campaign, pk)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = imports.import_upload(
                candidate=candidate,
                document=form.cleaned_data["document"],
                uploaded_by=request.user,
            )
        except ValidationError as error:
            form.add_error("document", error)
        else:
            messages.success(request, _("The document was received."))
            return redirect("questionnaires:import_detail", pk=item.pk)
    context = {
        "campaign": campaign,
        "candidate": candidate,
        "form": form,
        "imports": candidate_imports(candidate),
    }
    status = 400 if form.errors else 200
    return render(request, "questionnaires/import_upload.html", context, status=status)


@staff_view
@require_http_methods(["GET"])
def import_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = access_import(request.user, pk, Role.REVIEWER)
    questions, paragraphs = import_page(item)
    context = {
        "item": item,
        "campaign": item.candidate.campaign,
        "questions": questions,
        "paragraphs": paragraphs,
    }
    return render(request, "questionnaires/import_detail.html", context)


def _paragraph_action(
    request: AuthenticatedHttpRequest,
    pk: int,
    form_class: type[ParagraphForm],
    action: Callable[[Import, dict[str, Any]], Import],
) -> HttpResponse:
    item = access_import(request.user, pk, Role.REVIEWER)
    kwargs: dict[str, Any] = {}
    if form_class is ParagraphMoveForm:
        numbers = list(item.candidate.campaign.questions.values_list("number", flat=True))
        kwargs["numbers"] = numbers
    form: forms.Form = form_class(request.POST, **kwargs)
    if not form.is_valid():
        messages.error(request, _("That change could not be read; please try again."))
    else:
        try:
            action(item, form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
    anchor = f"#p{form.cleaned_data.get('index', 0)}" if form.is_valid() else ""
    return redirect(item_url(item) + anchor)


def item_url(item: Import) -> str:
    return reverse("questionnaires:import_detail", kwargs={"pk": item.pk})


@staff_view
@require_POST
def import_paragraph_move(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _paragraph_action(
        request,
        pk,
        ParagraphMoveForm,
        lambda item, data: imports.import_paragraph_move(
            item=item, index=data["index"], question=data["question"]
        ),
    )


@staff_view
@require_POST
def import_paragraph_split(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _paragraph_action(
        request,
        pk,
        ParagraphSplitForm,
        lambda item, data: imports.import_paragraph_split(
            item=item, index=data["index"], at=data["at"]
        ),
    )


@staff_view
@require_POST
def import_paragraph_merge(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _paragraph_action(
        request,
        pk,
        ParagraphForm,
        lambda item, data: imports.import_paragraph_merge(item=item, index=data["index"]),
    )


@staff_view
@require_POST
def import_accept(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = access_import(request.user, pk, Role.REVIEWER)
    try:
        imports.import_accept(item=item, reviewer=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(item_url(item))
    messages.success(request, _("The answers were imported and graded; they can be reviewed."))
    return redirect("questionnaires:review_list", slug=item.candidate.campaign.slug)
