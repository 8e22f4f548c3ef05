"""The legal service's pages: cases, consenting reports, matches, the complaint letter."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from veilleuse.accounts.decorators import AuthenticatedHttpRequest, staff_view
from veilleuse.accounts.models import User
from veilleuse.alerts.access import access_case, access_legal, access_legal_report
from veilleuse.alerts.complaint import complaint_draft, complaint_pdf
from veilleuse.alerts.forms.legal import (
    AppointmentForm,
    AssignForm,
    CaseFilterForm,
    ComplaintForm,
    NoteForm,
    ReferForm,
    StatusForm,
    SummaryForm,
)
from veilleuse.alerts.models import LegalCase, ReportKind
from veilleuse.alerts.selectors.legal import (
    case_matches,
    identifier_matches,
    legal_cases,
    reports_awaiting_case,
)
from veilleuse.alerts.services import legal as services
from veilleuse.core.forms import form_page

Action = Callable[[User, LegalCase, dict[str, Any]], object]
ACTIONS: dict[str, tuple[type[forms.Form], Action]] = {
    "assign": (
        AssignForm,
        lambda actor, case, data: services.case_assign(
            actor=actor, case=case, assignee=data["assigned_to"]
        ),
    ),
    "refer": (
        ReferForm,
        lambda actor, case, data: services.case_refer(actor=actor, case=case, **data),
    ),
    "status": (
        StatusForm,
        lambda actor, case, data: services.case_status_change(actor=actor, case=case, **data),
    ),
    "summary": (
        SummaryForm,
        lambda actor, case, data: services.case_summary_save(actor=actor, case=case, **data),
    ),
    "note": (
        NoteForm,
        lambda actor, case, data: services.case_note_add(actor=actor, case=case, **data),
    ),
    "appointment": (
        AppointmentForm,
        lambda actor, case, data: services.case_appointment_add(actor=actor, case=case, **data),
    ),
    "complaint": (
        ComplaintForm,
        lambda actor, case, data: services.case_complaint_save(
            actor=actor, case=case, text=data["complaint_text"]
        ),
    ),
}


def _case(request: AuthenticatedHttpRequest, slug: str, case_id: int) -> LegalCase:
    case = access_case(request.user, case_id)
    if case.association.slug != slug:
        raise Http404
    return case


def _complaint_text(case: LegalCase) -> str:
    if case.complaint_text:
        return case.complaint_text
    if case.report is None:
        return ""
    return complaint_draft(case.report, today=timezone.localdate())


@never_cache
@staff_view
@require_GET
def legal_home(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    association = access_legal(request.user, slug)
    filters = CaseFilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    cases = legal_cases(
        association,
        status=chosen.get("status", ""),
        assigned_to=request.user if chosen.get("mine") else None,
    )
    context = {
        "association": association,
        "filters": filters,
        "cases": cases,
        "waiting": reports_awaiting_case(association),
        "matches": identifier_matches(association),
    }
    return render(request, "alerts/legal/home.html", context)


@staff_view
@require_POST
def case_open(request: AuthenticatedHttpRequest, slug: str, report_id: int) -> HttpResponse:
    report = access_legal_report(request.user, report_id)
    if report.association.slug != slug:
        raise Http404
    try:
        case = services.case_open(actor=request.user, report=report)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("alerts:legal_home", slug=slug)
    messages.success(request, _("The case is open."))
    return redirect("alerts:case_detail", slug=slug, case_id=case.pk)


def _case_page(
    request: AuthenticatedHttpRequest,
    case: LegalCase,
    *,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    report = case.report
    forms_ = {
        "assign": AssignForm(
            association=case.association, initial={"assigned_to": case.assigned_to_id}
        ),
        "refer": ReferForm(initial={"lawyer": case.lawyer}),
        "status": StatusForm(initial={"status": case.status}),
        "summary": SummaryForm(initial={"summary": case.summary}),
        "note": NoteForm(),
        "appointment": AppointmentForm(),
        "complaint": ComplaintForm(initial={"complaint_text": _complaint_text(case)}),
    }
    forms_.update(bound or {})
    context = {
        "case": case,
        "report": report,
        "kinds": ReportKind.labels_of(report.kinds) if report else [],
        "identifiers": list(report.identifiers.all()) if report else [],
        "notes": case.notes.select_related("author"),
        "appointments": case.appointments.all(),
        "matches": case_matches(case),
        "forms": forms_,
    }
    return render(request, "alerts/legal/case.html", context, status=status)


@never_cache
@staff_view
@require_GET
def case_detail(request: AuthenticatedHttpRequest, slug: str, case_id: int) -> HttpResponse:
    case = _case(request, slug, case_id)
    services.case_viewed(actor=request.user, case=case)
    return _case_page(request, case)


@never_cache
@staff_view
@require_POST
def case_update(
    request: AuthenticatedHttpRequest, slug: str, case_id: int, action: str
) -> HttpResponse:
    case = _case(request, slug, case_id)
    if action not in ACTIONS:
        raise Http404
    form_class, perform = ACTIONS[action]
    form = (
        AssignForm(request.POST, association=case.association)
        if form_class is AssignForm
        else form_class(request.POST)
    )

    def save(data: dict[str, Any]) -> str:
        perform(request.user, case, data)
        return reverse("alerts:case_detail", kwargs={"slug": slug, "case_id": case.pk})

    def page(status: int) -> HttpResponse:
        return _case_page(request, case, bound={action: form}, status=status)

    return form_page(request, form, save, page, done=_("Saved."))


@never_cache
@staff_view
@require_GET
def case_complaint_pdf(request: AuthenticatedHttpRequest, slug: str, case_id: int) -> HttpResponse:
    case = _case(request, slug, case_id)
    text = _complaint_text(case)
    if not text:
        raise Http404
    response = HttpResponse(complaint_pdf(text), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="plainte-dossier-{case.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
