"""Staff pages: home, campaigns, questionnaire, candidates, invitations.

Every view reaches its campaign through ``access_campaign`` (viewers read; only admins
write) and calls one service or selector.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from veilleuse.accounts.decorators import AuthenticatedHttpRequest, staff_view
from veilleuse.accounts.models import Role
from veilleuse.core.forms import form_page
from veilleuse.questionnaires.access import access_campaign, is_admin
from veilleuse.questionnaires.forms.campaigns import (
    CampaignForm,
    NoteForm,
    QuestionForm,
    QuestionnaireImportForm,
    ThemeForm,
)
from veilleuse.questionnaires.models import Campaign, Question, Theme
from veilleuse.questionnaires.selectors import campaigns as selectors
from veilleuse.questionnaires.services import campaigns as campaign_services
from veilleuse.questionnaires.services import questionnaire as questionnaire_services

FORM_TEMPLATE = "questionnaires/campaign_form.html"


def edit_page(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[dict[str, Any]], str],
    context: dict[str, Any],
) -> HttpResponse:
    """The staff's form page (``core.forms.form_page``): ``save`` is a service that returns
    where to go next."""

    def page(status: int) -> HttpResponse:
        return render(request, FORM_TEMPLATE, {**context, "form": form}, status=status)

    return form_page(request, form, save, page, done=_("Saved."))


def review_url(campaign: Campaign) -> str:
    try:
        return reverse("questionnaires:review_list", kwargs={"slug": campaign.slug})
    except NoReverseMatch:
        return f"/c/{campaign.slug}/review/"


@staff_view
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "questionnaires/home.html",
        {
            "campaigns": selectors.campaigns_for_user(request.user),
            "can_create": selectors.associations_administered(request.user).exists(),
        },
    )


@staff_view
def campaign_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    associations = selectors.associations_administered(request.user)
    if not associations.exists():
        raise Http404
    form = CampaignForm(request.POST or None, associations=associations)

    def save(data: dict[str, Any]) -> str:
        campaign = campaign_services.campaign_create(
            actor=request.user, association=data["association"], details=form.details()
        )
        return reverse("questionnaires:campaign_dashboard", kwargs={"slug": campaign.slug})

    return edit_page(
        request, form, save, {"title": _("New campaign"), "back": reverse("questionnaires:home")}
    )


@staff_view
def campaign_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    campaign = access_campaign(request.user, slug, Role.ADMIN)
    form = CampaignForm(request.POST or None, initial=CampaignForm.initial_for(campaign))
    back = reverse("questionnaires:campaign_dashboard", kwargs={"slug": slug})

    def save(data: dict[str, Any]) -> str:
        campaign_services.campaign_update(
            actor=request.user, campaign=campaign, details=form.details()
        )
        return reverse("questionnaires:campaign_dashboard", kwargs={"slug": campaign.slug})

    return edit_page(
        request, form, save, {"title": _("Edit the campaign"), "back": back, "campaign": campaign}
    )


@staff_view
def campaign_dashboard(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    campaign = access_campaign(request.user, slug)
    return render(
        request,
        "questionnaires/campaign_dashboard.html",
        {
            "campaign": campaign,
            "dashboard": selectors.campaign_dashboard(campaign),
            "review_url": review_url(campaign),
            "is_admin": is_admin(request.user, campaign),
        },
    )


@staff_view
def questionnaire_detail(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    campaign = access_campaign(request.user, slug)
    return render(
        request,
        "questionnaires/questionnaire_detail.html",
        {
            "campaign": campaign,
            "sections": selectors.questionnaire_sections(campaign),
            "versions": selectors.questionnaire_versions(campaign),
            "is_admin": is_admin(request.user, campaign),
        },
    )


def _questionnaire_url(campaign: Campaign) -> str:
    return reverse("questionnaires:questionnaire", kwargs={"slug": campaign.slug})


def _questionnaire_form(
    request: AuthenticatedHttpRequest,
    campaign: Campaign,
    form: forms.BaseForm,
    write: Callable[[dict[str, Any]], object],
    title: str,
    **more: Any,
) -> HttpResponse:
    """A form about the questionnaire: ``write`` calls the service, then back to the
    questionnaire's page."""
    back = _questionnaire_url(campaign)

    def save(data: dict[str, Any]) -> str:
        write(data)
        return back

    context = {"title": title, "back": back, "campaign": campaign, **more}
    return edit_page(request, form, save, context)


def _questionnaire_delete(
    request: AuthenticatedHttpRequest,
    campaign: Campaign,
    delete: Callable[[dict[str, Any]], object],
    title: str,
    explanation: str,
) -> HttpResponse:
    """ "Delete …?" with a note for the log (``NoteForm``), then back to the questionnaire."""
    form = NoteForm(request.POST or None)
    return _questionnaire_form(
        request, campaign, form, delete, title, explanation=explanation, danger=True
    )


@staff_view
def theme_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    campaign = access_campaign(request.user, slug, Role.ADMIN)
    form = ThemeForm(request.POST or None, initial={"position": campaign.themes.count()})

    def write(data: dict[str, Any]) -> object:
        return questionnaire_services.theme_create(actor=request.user, campaign=campaign, **data)

    return _questionnaire_form(request, campaign, form, write, _("New theme"))


@staff_view
def theme_edit(request: AuthenticatedHttpRequest, slug: str, theme_id: int) -> HttpResponse:
    campaign = access_campaign(request.user, slug, Role.ADMIN)
    theme = get_object_or_404(Theme, campaign=campaign, pk=theme_id)
    initial = {"title": theme.title, "position": theme.position}
    form = ThemeForm(request.POST or None, initial=initial)

    def write(data: dict[str, Any]) -> object:
        return questionnaire_services.theme_update(actor=request.user, theme=theme, **data)

    return _questionnaire_form(request, campaign, form, write, _("Edit a theme"))


@staff_view
def theme_delete(request: AuthenticatedHttpRequest, slug: str, theme_id: int) -> HttpResponse:
    campaign = access_campaign(request.user, slug, Role.ADMIN)
    theme = get_object_or_404(Theme, campaign=campaign, pk=theme_id)

    def delete(data: dict[str, Any]) -> None:
        questionnaire_services.theme_delete(actor=request.user, theme=theme, **data)

    title = _("Delete the theme “%(title)s”?") % {"title": theme.title}
    explanation = _("Its questions are kept, without a theme.")
    return _questionnaire_delete(request, campaign, delete, title, explanation)


@staff_view
def question_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    campaign = access_campaign(request.user, slug, Role.ADMIN)
    next_number = campaign.questions.order_by("-number").values_list("number", flat=True)[:1]
    initial = {"number": (next_number[0] + 1) if next_number else 1}
    form = QuestionForm(request.POST or None, campaign=campaign, initial=initial)

    def write(data: dict[str, Any]) -> object:
        return questionnaire_services.question_create(
            actor=request.user, campaign=campaign, details=form.details(), note=data["note"]
        )

    return _questionnaire_form(request, campaign, form, write, _("New question"))


@staff_view
def question_edit(request: AuthenticatedHttpRequest, slug: str, question_id: int) -> HttpResponse:
    campaign = access_campaign(request.user, slug, Role.ADMIN)
    question = get_object_or_404(Question, campaign=campaign, pk=question_id)
    initial = QuestionForm.initial_for(question)
    form = QuestionForm(request.POST or None, campaign=campaign, initial=initial)

    def write(data: dict[str, Any]) -> object:
        return questionnaire_services.question_update(
            actor=request.user, question=question, details=form.details(), note=data["note"]
        )

    title = _("Edit question %(number)s") % {"number": question.number}
    return _questionnaire_form(request, campaign, form, write, title)


@staff_view
def question_delete(request: AuthenticatedHttpRequest, slug: str, question_id: int) -> HttpResponse:
    campaign = access_campaign(request.user, slug, Role.ADMIN)
    question = get_object_or_404(Question, campaign=campaign, pk=question_id)

    def delete(data: dict[str, Any]) -> None:
        questionnaire_services.question_delete(actor=request.user, question=question, **data)

    title = _("Delete question %(number)s?") % {"number": question.number}
    return _questionnaire_delete(request, campaign, delete, title, question.text)


@staff_view
def questionnaire_import(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    campaign = access_campaign(request.user, slug, Role.ADMIN)
    form = QuestionnaireImportForm(request.POST or None, request.FILES or None)

    def write(data: dict[str, Any]) -> object:
        return questionnaire_services.questionnaire_import(
            actor=request.user, campaign=campaign, questionnaire=data["questionnaire"]
        )

    explanation = _("The imported questions replace every theme and question.")
    title = _("Import the questionnaire")
    return _questionnaire_form(
        request, campaign, form, write, title, explanation=explanation, multipart=True
    )
