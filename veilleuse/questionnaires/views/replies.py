"""Right of reply: through their invitation link, a candidate sees their grades and replies."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from veilleuse.core.forms import form_page
from veilleuse.questionnaires.forms.reviews import ReplyForm
from veilleuse.questionnaires.models import Candidate
from veilleuse.questionnaires.selectors.invitations import InvitationInvalid, invitation_for_token
from veilleuse.questionnaires.selectors.reviews import reply_answer, reply_answers
from veilleuse.questionnaires.services.reviews import candidate_reply_add


def _reply_candidate(token: str) -> Candidate:
    """The candidate a valid link belongs to, if their campaign offers a right of reply."""
    try:
        invitation = invitation_for_token(token)
    except InvitationInvalid:
        raise Http404 from None
    candidate: Candidate = invitation.candidate
    if not candidate.campaign.right_of_reply:
        raise Http404
    return candidate


@require_http_methods(["GET", "POST"])
def reply_grades(request: HttpRequest, token: str) -> HttpResponse:
    candidate = _reply_candidate(token)
    form = ReplyForm(request.POST or None)

    def save(data: dict[str, Any]) -> str:
        answer = reply_answer(candidate, data["answer"])
        candidate_reply_add(answer=answer, text=data["text"])
        return request.path

    def page(status: int) -> HttpResponse:
        context = {
            "candidate": candidate,
            "campaign": candidate.campaign,
            "rows": reply_answers(candidate),
            "form": form,
        }
        response = render(request, "questionnaires/reply_grades.html", context, status=status)
        response["Referrer-Policy"] = "no-referrer"
        response["X-Robots-Tag"] = "noindex"
        return response

    return form_page(request, form, save, page, done=_("Thank you: your reply was recorded."))
