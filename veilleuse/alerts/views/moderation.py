"""Moderation pages: the queue, a report (its text, and what moderators do to it), an alert.

Every page goes through a gate (``access_moderation``, ``access_report``, ``access_alert``):
moderators of the association only; anyone else gets 404. Actions are POST forms; a refused
one shows the page again with the reason (400, or 409 when another moderator acted first).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from veilleuse.accounts.decorators import AuthenticatedHttpRequest, staff_view
from veilleuse.alerts.access import (
    access_alert,
    access_moderation,
    access_report,
    access_voice_note,
)
from veilleuse.alerts.compose import Draft, draft_texts, report_reading_aid
from veilleuse.alerts.forms.contest_staff import ReviewRequestForm
from veilleuse.alerts.forms.staff import (
    ComposeForm,
    MergeForm,
    ReasonForm,
    RedactForm,
    TriageForm,
    VerifyForm,
)
from veilleuse.alerts.models import Alert, AlertStatus, Report, Severity
from veilleuse.alerts.selectors import staff as selectors
from veilleuse.alerts.services import moderation as services
from veilleuse.alerts.services.review import pending_review
from veilleuse.core.forms import form_save, form_status


@staff_view
@require_GET
def moderation_queue(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    association = access_moderation(request.user, slug)
    queue = selectors.moderation_queue(association, request.user)
    context = {"association": association, "queue": queue}
    return render(request, "alerts/moderation/queue.html", context)


def _report(request: AuthenticatedHttpRequest, slug: str, pk: int) -> Report:
    report = access_report(request.user, pk)
    if report.association.slug != slug:
        raise Http404
    return report


def _report_forms(report: Report, page: selectors.ReportPage) -> dict[str, forms.Form]:
    zones = [report.zone] if report.zone else []
    return {
        "redact": RedactForm(
            prefix="redact",
            identifiers=page.identifiers,
            initial={
                "description": report.description,
                "aggressor": report.aggressor,
                "place": report.place,
                "redacted": [str(i.pk) for i in page.identifiers if i.redacted],
            },
        ),
        "merge": MergeForm(prefix="merge", reports=page.merge_choices),
        "triage": TriageForm(
            prefix="triage",
            association=report.association,
            initial={"severity": report.severity, "zone": report.zone},
        ),
        "reject": ReasonForm(prefix="reject"),
        "compose": ComposeForm(
            prefix="compose",
            association=report.association,
            initial={
                "kinds": report.kinds,
                "severity": report.severity or Severity.MEDIUM,
                "zones": zones,
                "languages": selectors.zone_languages(zones) or [report.language],
            },
        ),
    }


def _report_page(
    request: AuthenticatedHttpRequest,
    report: Report,
    *,
    bound: dict[str, forms.Form] | None = None,
    preview: dict[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    page = selectors.report_page(report)
    context = {
        "association": report.association,
        "page": page,
        "report": report,
        "forms": {**_report_forms(report, page), **(bound or {})},
        "preview": preview,
        "reading_aid": report_reading_aid(report, translation.get_language()),
    }
    return render(request, "alerts/moderation/report_detail.html", context, status=status)


@staff_view
@require_GET
def report_detail(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    report = _report(request, slug, pk)
    services.report_view_log(actor=request.user, report=report)
    return _report_page(request, report)


@staff_view
@require_GET
def report_voice(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """The report's voice note, decrypted as it is sent, for the page's player; never kept
    by the browser (no-store) nor offered as a download."""
    note = access_voice_note(request.user, pk)
    if note.report.association.slug != slug:
        raise Http404
    response = HttpResponse(note.audio, content_type=note.mime)
    response["Cache-Control"] = "no-store, private"
    response["Content-Disposition"] = "inline"
    return response


def _run(
    request: AuthenticatedHttpRequest,
    report: Report,
    name: str,
    form: forms.Form,
    action: Callable[[dict[str, Any]], Report | Alert],
    done: str,
) -> HttpResponse:
    """Call the service through ``core.forms.form_save`` and go back to the report, or to the
    alert it wrote (or show the report again, with why not)."""
    result = form_save(form, action)
    if result is None:
        return _report_page(request, report, bound={name: form}, status=form_status(form))
    messages.success(request, done)
    if isinstance(result, Alert):
        return redirect("alerts:moderation_alert", slug=report.association.slug, pk=result.pk)
    return redirect("alerts:moderation_report", slug=report.association.slug, pk=report.pk)


def _verify(request: AuthenticatedHttpRequest, report: Report) -> HttpResponse:
    def act(data: dict[str, Any]) -> Report:
        return services.report_verify(actor=request.user, report=report, **data)

    form = VerifyForm(request.POST)
    return _run(request, report, "verify", form, act, _("The report's verification was saved."))


def _redact(request: AuthenticatedHttpRequest, report: Report) -> HttpResponse:
    def act(data: dict[str, Any]) -> Report:
        redacted = [int(pk) for pk in data.pop("redacted")]
        return services.report_redact(
            actor=request.user, report=report, redacted_identifier_ids=redacted, **data
        )

    identifiers = list(report.identifiers.all())
    form = RedactForm(request.POST, prefix="redact", identifiers=identifiers)
    return _run(request, report, "redact", form, act, _("The report was edited."))


def _merge(request: AuthenticatedHttpRequest, report: Report) -> HttpResponse:
    def act(data: dict[str, Any]) -> Report:
        # Through the gate, like the duplicate: a moderator of the primary's network only.
        try:
            primary = _report(request, report.association.slug, data["primary"])
        except Http404:
            raise services.Stale(_("That report no longer exists; reload the page.")) from None
        return services.reports_merge(actor=request.user, primary=primary, duplicate=report)

    choices = selectors.open_reports(report.association, exclude=report)
    form = MergeForm(request.POST, prefix="merge", reports=choices)
    return _run(request, report, "merge", form, act, _("The report was merged."))


def _triage(request: AuthenticatedHttpRequest, report: Report) -> HttpResponse:
    def act(data: dict[str, Any]) -> Report:
        return services.report_triage(actor=request.user, report=report, **data)

    form = TriageForm(request.POST, prefix="triage", association=report.association)
    return _run(request, report, "triage", form, act, _("Severity and zone were saved."))


def _reject(request: AuthenticatedHttpRequest, report: Report) -> HttpResponse:
    def act(data: dict[str, Any]) -> Report:
        return services.report_reject(actor=request.user, report=report, reason=data["reason"])

    form = ReasonForm(request.POST, prefix="reject")
    done = _("The report was rejected; its texts and identifiers were deleted.")
    return _run(request, report, "reject", form, act, done)


def _preview(report: Report, form: ComposeForm) -> dict[str, str]:
    data = form.cleaned_data
    masked: tuple[str, ...] = ()
    if data["show_identifiers"]:
        masked = tuple(i.masked for i in report.identifiers.filter(redacted=False))
    draft = Draft(
        kinds=tuple(data["kinds"]),
        severity=data["severity"],
        zone_names=tuple(zone.name for zone in data["zones"]),
        occurred_on=report.occurred_on,
        languages=tuple(data["languages"]),
        masked_identifiers=masked,
    )
    return draft_texts(draft, form.free_texts())


def _compose(request: AuthenticatedHttpRequest, report: Report) -> HttpResponse:
    form = ComposeForm(request.POST, prefix="compose", association=report.association)
    if "preview" in request.POST and form.is_valid():
        preview = _preview(report, form)
        return _report_page(request, report, bound={"compose": form}, preview=preview)

    def act(data: dict[str, Any]) -> Alert:
        return services.alert_compose(
            actor=request.user,
            report=report,
            kinds=data["kinds"],
            severity=data["severity"],
            zones=data["zones"],
            languages=data["languages"],
            show_identifiers=data["show_identifiers"],
            free_texts=form.free_texts(),
        )

    done = _("The alert is written; it goes out once approved.")
    return _run(request, report, "compose", form, act, done)


REPORT_ACTIONS: dict[str, Callable[[AuthenticatedHttpRequest, Report], HttpResponse]] = {
    "verify": _verify,
    "redact": _redact,
    "merge": _merge,
    "triage": _triage,
    "reject": _reject,
    "compose": _compose,
}


@staff_view
@require_POST
def report_action(
    request: AuthenticatedHttpRequest, slug: str, pk: int, action: str
) -> HttpResponse:
    report = _report(request, slug, pk)
    handler = REPORT_ACTIONS.get(action)
    if handler is None:
        raise Http404
    return handler(request, report)


# Alerts


def _alert(request: AuthenticatedHttpRequest, slug: str, pk: int) -> Alert:
    alert = access_alert(request.user, pk)
    if alert.association.slug != slug:
        raise Http404
    return alert


def _alert_page(
    request: AuthenticatedHttpRequest,
    alert: Alert,
    *,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "association": alert.association,
        "alert": alert,
        "texts": selectors.alert_page_texts(alert),
        "second_needed": services.shows_report_identifiers(alert=alert),
        "note_identifiers": services.note_holds_identifiers(alert=alert),
        "approved_by_me": alert.approved_by_id == request.user.pk,
        "forms": {
            "reject": ReasonForm(prefix="reject"),
            "retract": ReasonForm(prefix="retract"),
            **(bound or {}),
        },
        "statuses": AlertStatus,
        "pending_review": pending_review(alert=alert),
        "review_form": ReviewRequestForm(),
    }
    return render(request, "alerts/moderation/alert_detail.html", context, status=status)


@staff_view
@require_GET
def alert_detail(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    return _alert_page(request, _alert(request, slug, pk))


ALERT_DONE = {
    "approve": gettext_lazy("Your approval was recorded."),
    "reject": gettext_lazy("The alert was rejected."),
    "retract": gettext_lazy("The alert was retracted: it left the members' feeds."),
}


@staff_view
@require_POST
def alert_action(
    request: AuthenticatedHttpRequest, slug: str, pk: int, action: str
) -> HttpResponse:
    alert = _alert(request, slug, pk)
    if action not in ALERT_DONE:
        raise Http404
    if action == "approve":
        form: forms.Form = forms.Form(request.POST)
    else:
        form = ReasonForm(request.POST, prefix=action)

    def act(data: dict[str, Any]) -> Alert:
        if action == "approve":
            return services.alert_approve(actor=request.user, alert=alert)
        service = services.alert_reject if action == "reject" else services.alert_retract
        return service(actor=request.user, alert=alert, reason=data["reason"])

    if form_save(form, act) is None:
        return _alert_refused(request, alert, action, form)
    messages.success(request, str(ALERT_DONE[action]))
    return redirect("alerts:moderation_alert", slug=alert.association.slug, pk=alert.pk)


def _alert_refused(
    request: AuthenticatedHttpRequest, alert: Alert, action: str, form: forms.Form
) -> HttpResponse:
    """The alert's page again, with why not; the queue if the alert is gone meanwhile."""
    try:
        current = access_alert(request.user, alert.pk)
    except Http404:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("alerts:moderation_queue", slug=alert.association.slug)
    return _alert_page(request, current, bound={action: form}, status=form_status(form))
