"""Staff pages for the lists of a campaign: who is questioned, their link, the contact log.

Viewers and reviewers read; only admins add, edit, invite, remind and revoke.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from veilleuse.accounts.decorators import AuthenticatedHttpRequest, staff_view
from veilleuse.accounts.models import Role
from veilleuse.core.forms import button_action
from veilleuse.questionnaires.access import access_campaign, access_candidate, can_review, is_admin
from veilleuse.questionnaires.forms.campaigns import CandidateForm, ContactForm
from veilleuse.questionnaires.models import Campaign, Candidate, Invitation
from veilleuse.questionnaires.selectors import campaigns as selectors
from veilleuse.questionnaires.services import campaigns as campaign_services
from veilleuse.questionnaires.services import invitations as invitation_services
from veilleuse.questionnaires.services.campaigns import CandidateDetails
from veilleuse.questionnaires.views.campaigns import edit_page


def _list_url(campaign: Campaign) -> str:
    return reverse("questionnaires:candidate_list", kwargs={"slug": campaign.slug})


def _detail_url(candidate: Candidate) -> str:
    return reverse(
        "questionnaires:candidate_detail",
        kwargs={"slug": candidate.campaign.slug, "candidate_id": candidate.pk},
    )


@staff_view
def candidate_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    campaign = access_campaign(request.user, slug)
    return render(
        request,
        "questionnaires/candidate_list.html",
        {
            "campaign": campaign,
            "candidates": selectors.candidates_overview(campaign),
            "is_admin": is_admin(request.user, campaign),
        },
    )


@staff_view
def candidate_detail(
    request: AuthenticatedHttpRequest, slug: str, candidate_id: int
) -> HttpResponse:
    campaign = access_campaign(request.user, slug)
    candidate = selectors.candidate_page(access_candidate(request.user, campaign, candidate_id))
    invitation: Invitation | None = getattr(candidate, "invitation", None)
    admin = is_admin(request.user, campaign)
    # The link lets anyone answer in the list's name: only those who may send it see it.
    live = admin and invitation is not None and invitation.revoked_at is None
    return render(
        request,
        "questionnaires/candidate_detail.html",
        {
            "campaign": campaign,
            "candidate": candidate,
            "invitation": invitation,
            "link": invitation_services.invitation_url(invitation=invitation)
            if live and invitation
            else "",
            "response": getattr(candidate, "response", None),
            "contact_form": ContactForm(),
            "is_admin": admin,
            "can_review": can_review(request.user, campaign),
        },
    )


@sensitive_post_parameters()  # a list's contact e-mail, phone and notes
@staff_view
def candidate_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    campaign = access_campaign(request.user, slug, Role.ADMIN)

    def save(data: dict[str, Any]) -> str:
        candidate = campaign_services.candidate_create(
            actor=request.user, campaign=campaign, details=CandidateDetails(**data)
        )
        return _detail_url(candidate)

    context = {"title": _("New list"), "back": _list_url(campaign), "campaign": campaign}
    return edit_page(request, CandidateForm(request.POST or None), save, context)


@sensitive_post_parameters()
@staff_view
def candidate_edit(request: AuthenticatedHttpRequest, slug: str, candidate_id: int) -> HttpResponse:
    campaign = access_campaign(request.user, slug, Role.ADMIN)
    candidate = access_candidate(request.user, campaign, candidate_id)
    initial = model_to_dict(candidate, fields=CandidateForm.Meta.fields)
    form = CandidateForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> str:
        campaign_services.candidate_update(
            actor=request.user, candidate=candidate, details=CandidateDetails(**data)
        )
        return _detail_url(candidate)

    context = {"title": candidate.name, "back": _detail_url(candidate), "campaign": campaign}
    return edit_page(request, form, save, context)


@staff_view
def candidate_delete(
    request: AuthenticatedHttpRequest, slug: str, candidate_id: int
) -> HttpResponse:
    campaign = access_campaign(request.user, slug, Role.ADMIN)
    candidate = access_candidate(request.user, campaign, candidate_id)

    def save(data: dict[str, Any]) -> str:
        campaign_services.candidate_delete(actor=request.user, candidate=candidate)
        return _list_url(campaign)

    context = {
        "title": _("Remove “%(name)s”?") % {"name": candidate.name},
        "explanation": _("Its link stops working and its contact log is deleted."),
        "back": _detail_url(candidate),
        "campaign": campaign,
        "danger": True,
    }
    return edit_page(request, forms.Form(request.POST or None), save, context)


def _act(
    request: AuthenticatedHttpRequest, slug: str, candidate_id: int, act: Callable[[Candidate], str]
) -> HttpResponse:
    """A one-button action on a candidate (``core.forms.button_action``), shown on the
    candidate's page."""
    campaign = access_campaign(request.user, slug, Role.ADMIN)
    candidate = access_candidate(request.user, campaign, candidate_id)
    return button_action(request, lambda: act(candidate), _detail_url(candidate))


@require_POST
@staff_view
def invitation_create(
    request: AuthenticatedHttpRequest, slug: str, candidate_id: int
) -> HttpResponse:
    def act(candidate: Candidate) -> str:
        invitation_services.invitation_create(actor=request.user, candidate=candidate)
        return _("The link is ready: copy it below, or send it by e-mail.")

    return _act(request, slug, candidate_id, act)


@require_POST
@staff_view
def invitation_send(
    request: AuthenticatedHttpRequest, slug: str, candidate_id: int
) -> HttpResponse:
    def act(candidate: Candidate) -> str:
        receipt = invitation_services.MailReceipt()
        invitation_services.invitation_send(
            actor=request.user, candidate=candidate, receipt=receipt
        )
        if receipt.failed:
            return _(
                "The invitation is recorded, but the mail server did not answer: it will be "
                "sent again automatically within the hour. You can also copy the link below."
            )
        return _("The invitation was sent to %(email)s.") % {"email": candidate.email}

    return _act(request, slug, candidate_id, act)


@require_POST
@staff_view
def invitation_remind(
    request: AuthenticatedHttpRequest, slug: str, candidate_id: int
) -> HttpResponse:
    def act(candidate: Candidate) -> str:
        invitation_services.invitation_remind(
            actor=request.user, campaign=candidate.campaign, candidate=candidate
        )
        return _("A reminder was sent to %(email)s.") % {"email": candidate.email}

    return _act(request, slug, candidate_id, act)


@require_POST
@staff_view
def invitation_revoke(
    request: AuthenticatedHttpRequest, slug: str, candidate_id: int
) -> HttpResponse:
    """Asks first (a page, so that it works without JavaScript): the link is withdrawn only
    by the confirmation's own button, never by the button beside the link."""
    if request.POST.get("confirm") != "yes":
        campaign = access_campaign(request.user, slug, Role.ADMIN)
        candidate = access_candidate(request.user, campaign, candidate_id)
        context = {"campaign": campaign, "candidate": candidate, "back": _detail_url(candidate)}
        return render(request, "questionnaires/invitation_revoke.html", context)

    def act(candidate: Candidate) -> str:
        invitation_services.invitation_revoke(actor=request.user, candidate=candidate)
        return _("The link was withdrawn: it no longer opens the questionnaire.")

    return _act(request, slug, candidate_id, act)


@require_POST
@staff_view
def contact_add(request: AuthenticatedHttpRequest, slug: str, candidate_id: int) -> HttpResponse:
    form = ContactForm(request.POST)

    def act(candidate: Candidate) -> str:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        invitation_services.contact_log_add(
            actor=request.user, candidate=candidate, **form.cleaned_data
        )
        return _("The contact was added to the log.")

    return _act(request, slug, candidate_id, act)


@require_POST
@staff_view
def invitation_remind_all(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    campaign = access_campaign(request.user, slug, Role.ADMIN)
    count = invitation_services.invitation_remind(actor=request.user, campaign=campaign)
    messages.success(
        request,
        ngettext(
            "A reminder was sent to %(count)d list.",
            "A reminder was sent to %(count)d lists.",
            count,
        )
        % {"count": count},
    )
    return redirect(_list_url(campaign))
