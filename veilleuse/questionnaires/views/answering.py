"""The candidates' pages behind their personal link: no account, a phone, maybe little data.

A link that opens nothing gets a page that says why: not valid (404), withdrawn or expired
(410). After the deadline the page says so (410) and accepts nothing. These pages are never
cached, never indexed, and send no referrer (the link is the candidate's only key).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from veilleuse.questionnaires.forms.campaigns import ANSWER_MAX_CHARS, AnswersForm, DocumentForm
from veilleuse.questionnaires.models import (
    Campaign,
    Invitation,
    Question,
    Response,
    ResponseStatus,
    Theme,
)
from veilleuse.questionnaires.selectors import campaigns as selectors
from veilleuse.questionnaires.selectors.invitations import InvitationInvalid, invitation_for_token
from veilleuse.questionnaires.services.answering import (
    ResponseAlreadySubmitted,
    ResponseClosed,
    answers_save,
    response_document_attach,
    response_submit,
)

InvitationView = Callable[[HttpRequest, Invitation, str], HttpResponse]
INVALID_STATUS = {"unknown": 404, "revoked": 410, "expired": 410}


def behind_link(view: InvitationView) -> Callable[..., HttpResponse]:
    """Open the link's invitation for ``view``; turn every dead end into its own page."""

    @wraps(view)
    def wrapper(request: HttpRequest, token: str) -> HttpResponse:
        try:
            invitation = invitation_for_token(token)
        except InvitationInvalid as error:
            page = render(
                request,
                "questionnaires/answer_invalid.html",
                {"reason": error.reason},
                status=INVALID_STATUS[error.reason],
            )
        else:
            page = _open(request, invitation, token, view)
        add_never_cache_headers(page)
        page["Referrer-Policy"] = "no-referrer"
        page["X-Robots-Tag"] = "noindex, nofollow"
        return page

    return wrapper


def _open(
    request: HttpRequest, invitation: Invitation, token: str, view: InvitationView
) -> HttpResponse:
    try:
        if not invitation.candidate.campaign.is_open():
            raise ResponseClosed
        return view(request, invitation, token)
    except ResponseClosed:
        return _closed(request, invitation)
    except ResponseAlreadySubmitted as error:
        return _done(request, invitation, error.response, already=True)


def _closed(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    campaign = invitation.candidate.campaign
    response = selectors.response_of(invitation.candidate)
    context = {"campaign": campaign, "association": campaign.association, "response": response}
    return render(request, "questionnaires/answer_closed.html", context, status=410)


def _done(
    request: HttpRequest, invitation: Invitation, response: Response, *, already: bool
) -> HttpResponse:
    campaign = invitation.candidate.campaign
    texts = selectors.answer_texts(response)
    context = {
        "campaign": campaign,
        "candidate": invitation.candidate,
        "response": response,
        "already": already,
        "sections": _answered_sections(campaign, texts),
    }
    return render(request, "questionnaires/answer_done.html", context)


def _answered_sections(
    campaign: Campaign, texts: dict[int, str]
) -> list[tuple[Theme | None, list[tuple[Question, str]]]]:
    return [
        (section.theme, [(question, texts.get(question.pk, "")) for question in section.questions])
        for section in selectors.questionnaire_sections(campaign)
    ]


def _page(
    request: HttpRequest,
    invitation: Invitation,
    token: str,
    *,
    form: AnswersForm | None = None,
    document_form: DocumentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    campaign = invitation.candidate.campaign
    response = selectors.response_of(invitation.candidate)
    if response is not None and response.status == ResponseStatus.SUBMITTED:
        return _done(request, invitation, response, already=True)
    if form is None:
        initial = {f"q{pk}": text for pk, text in selectors.answer_texts(response).items()}
        form = AnswersForm(sections=selectors.questionnaire_sections(campaign), initial=initial)
    context = {
        "campaign": campaign,
        "candidate": invitation.candidate,
        "response": response,
        "form": form,
        "document_form": document_form or DocumentForm(),
        "token": token,
        "answer_max": ANSWER_MAX_CHARS,
    }
    return render(request, "questionnaires/answer_form.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@behind_link
def answer(request: HttpRequest, invitation: Invitation, token: str) -> HttpResponse:
    """The questionnaire with a text area per question: save a draft, or go on to send."""
    if request.method != "POST":
        return _page(request, invitation, token)
    sections = selectors.questionnaire_sections(invitation.candidate.campaign)
    form = AnswersForm(request.POST, sections=sections)
    if not form.is_valid():
        return _page(request, invitation, token, form=form, status=400)
    answers_save(invitation=invitation, answers=form.answers())
    if "submit" in request.POST:
        return redirect(_url("questionnaires:answer_submit", token))
    messages.success(request, _("Your answers are saved. You can come back to this link later."))
    return redirect(_url("questionnaires:answer", token))


def _url(name: str, token: str) -> str:
    return reverse(name, kwargs={"token": token})


@require_http_methods(["GET", "HEAD", "POST"])
@behind_link
def answer_submit(request: HttpRequest, invitation: Invitation, token: str) -> HttpResponse:
    """Read your answers once more, then send them: after that they cannot be changed."""
    if request.method == "POST":
        try:
            response = response_submit(invitation=invitation)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(_url("questionnaires:answer", token))
        return _done(request, invitation, response, already=False)
    current = selectors.response_of(invitation.candidate)
    if current is not None and current.status == ResponseStatus.SUBMITTED:
        return _done(request, invitation, current, already=True)
    campaign = invitation.candidate.campaign
    sections = _answered_sections(campaign, selectors.answer_texts(current))
    context = {
        "campaign": campaign,
        "candidate": invitation.candidate,
        "response": current,
        "sections": sections,
        # Said before sending: questions left blank (a document may hold their answers).
        "unanswered": [q.number for _t, items in sections for q, text in items if not text.strip()],
        "token": token,
    }
    return render(request, "questionnaires/answer_confirm.html", context)


@require_POST
@behind_link
def answer_document(request: HttpRequest, invitation: Invitation, token: str) -> HttpResponse:
    """Attach a document holding the answers instead of (or beside) typing them."""
    document_form = DocumentForm(request.POST, request.FILES)
    if document_form.is_valid():
        upload = document_form.cleaned_data["document"]
        try:
            response_document_attach(
                invitation=invitation,
                data=document_form.cleaned_data["data"],
                name=upload.name or "document",
            )
        except ValidationError as error:
            document_form.add_error("document", error)
        else:
            messages.success(
                request,
                _("Your document is attached. It is being read: this page says when it is done."),
            )
            return redirect(_url("questionnaires:answer", token))
    return _page(request, invitation, token, document_form=document_form, status=400)
