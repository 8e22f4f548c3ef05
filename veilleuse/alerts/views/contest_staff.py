"""Staff side of the law's pages (issue 20).

- the data-protection queue (the association's admins, who answer for the network's data):
  the controller's details, the open contests by deadline, each one with whether its
  identifier matches and the form to record the outcome;
- the impact assessment and records of processing, generated (admins), with their PDF;
- the second look at a published alert (moderators): ask to withdraw or correct it, and
  confirm another moderator's request (four eyes).
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from veilleuse.accounts.decorators import AuthenticatedHttpRequest, staff_view
from veilleuse.alerts.access import access_alert, access_network_admin, access_network_object
from veilleuse.alerts.compliance import DOCUMENTS, compliance_documents, markdown_pdf
from veilleuse.alerts.forms.contest_staff import (
    ContestCloseForm,
    DataProtectionForm,
    ReviewRequestForm,
)
from veilleuse.alerts.models import Alert, Contest, ContestOutcome
from veilleuse.alerts.selectors import staff as selectors
from veilleuse.alerts.services import contest as services
from veilleuse.alerts.services import review as reviews
from veilleuse.core.forms import form_save, form_status


def _profile_form(request: AuthenticatedHttpRequest, association: Any) -> DataProtectionForm:
    profile = services.data_protection_profile(association=association)
    initial = {
        "legal_name": profile.legal_name or association.name,
        "address": profile.address,
        "dpo_contact": profile.dpo_contact,
        "legal_basis": services.legal_basis_of(profile=profile),
    }
    return DataProtectionForm(request.POST or None, initial=initial)


@staff_view
@require_http_methods(["GET", "POST"])
def contest_queue(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    association = access_network_admin(request.user, slug).association
    form = _profile_form(request, association)
    if request.method == "POST":

        def save(data: dict[str, Any]) -> object:
            return services.data_protection_save(
                actor=request.user, association=association, **data
            )

        if form_save(form, save) is not None:
            messages.success(request, _("The data-protection details were saved."))
            return redirect("alerts:contest_queue", slug=slug)
    today = timezone.localdate()
    contests = Contest.objects.filter(association=association)
    context = {
        "association": association,
        "pages": selectors.network_pages(request.user, association),
        "form": form,
        "open": [(c, (c.due_on - today).days) for c in contests.filter(outcome="")],
        "closed": contests.exclude(outcome="").order_by("-handled_at")[:50],
    }
    return render(request, "alerts/contest_staff/queue.html", context, status=form_status(form))


@staff_view
@require_http_methods(["GET", "POST"])
def contest_detail(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    contest = access_network_object(request.user, slug, Contest, pk)
    form = ContestCloseForm(request.POST or None)
    if request.method == "POST":

        def save(data: dict[str, Any]) -> Contest:
            return services.contest_close(actor=request.user, contest=contest, **data)

        if form_save(form, save) is not None:
            messages.success(request, _("The outcome was recorded."))
            return redirect("alerts:contest_queue", slug=slug)
    context = {
        "association": contest.association,
        "pages": selectors.network_pages(request.user, contest.association),
        "contest": contest,
        "match": services.contest_matches(contest=contest),
        "days_left": (contest.due_on - timezone.localdate()).days,
        "form": form,
        "outcomes": ContestOutcome,
    }
    return render(request, "alerts/contest_staff/detail.html", context, status=form_status(form))


def _moderated_alert(request: AuthenticatedHttpRequest, slug: str, pk: int) -> Alert:
    alert = access_alert(request.user, pk)
    if alert.association.slug != slug:
        raise Http404
    return alert


@staff_view
@require_POST
def alert_review_request(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    alert = _moderated_alert(request, slug, pk)
    form = ReviewRequestForm(request.POST)

    def save(data: dict[str, Any]) -> object:
        contest = Contest.objects.filter(pk=data["contest"] or 0, association=alert.association)
        return reviews.alert_review_request(
            actor=request.user,
            alert=alert,
            action=data["action"],
            reason=data["reason"],
            contest=contest.first(),
        )

    if form_save(form, save) is None:
        errors = " ".join(str(e) for found in form.errors.values() for e in found)
        messages.error(request, errors)
        return redirect("alerts:moderation_alert", slug=slug, pk=alert.pk)
    messages.success(request, _("Asked: another moderator must confirm."))
    return redirect("alerts:moderation_alert", slug=slug, pk=alert.pk)


@staff_view
@require_POST
def alert_review_confirm(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    alert = _moderated_alert(request, slug, pk)
    review = reviews.pending_review(alert=alert)
    if review is None:
        messages.error(request, _("No request waits for confirmation on this alert."))
        return redirect("alerts:moderation_alert", slug=slug, pk=alert.pk)
    try:
        reviews.alert_review_confirm(actor=request.user, review=review)
    except ValidationError as error:  # a refusal (or Stale): said on the alert's page
        messages.error(request, " ".join(str(m) for m in error.messages))
    else:
        messages.success(request, _("Confirmed: the members see the alert as reviewed."))
    return redirect("alerts:moderation_alert", slug=slug, pk=alert.pk)


def _installed_version() -> str:
    """The documents' version on the staff page: the installed Veilleuse's."""
    try:
        return version("veilleuse")
    except PackageNotFoundError:
        return "unknown"


@staff_view
@require_GET
def compliance(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    association = access_network_admin(request.user, slug).association
    documents = compliance_documents(
        association=association, when=timezone.localdate(), version=_installed_version()
    )
    context = {
        "association": association,
        "pages": selectors.network_pages(request.user, association),
        "documents": [(name, documents.named(name)) for name in DOCUMENTS],
    }
    return render(request, "alerts/contest_staff/compliance.html", context)


@staff_view
@require_GET
def compliance_pdf(request: AuthenticatedHttpRequest, slug: str, name: str) -> HttpResponse:
    association = access_network_admin(request.user, slug).association
    if name not in DOCUMENTS:
        raise Http404
    today = timezone.localdate()
    documents = compliance_documents(
        association=association, when=today, version=_installed_version()
    )
    response = HttpResponse(
        markdown_pdf(documents.named(name), title=name), content_type="application/pdf"
    )
    filename = f"{association.slug}-{name}-{today.isoformat()}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
