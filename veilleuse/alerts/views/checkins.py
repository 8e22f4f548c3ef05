"""Safe-date check-ins: the member's pages, and the acknowledgement page a trusted contact
or the person on duty opens from the alarm's link.

After "I am safe" (or the duress code) the answer is one redirect to the same page, which
says "You checked in": the two cannot be told apart on her screen, and the Back button
returns to a form with nothing in it (every page is ``no-store``).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from veilleuse.alerts.access import access_own_checkin
from veilleuse.alerts.forms.checkins import (
    CheckinCloseForm,
    CheckinExtendForm,
    CheckinForm,
    SafetyCodesForm,
    SafetyPlanForm,
)
from veilleuse.alerts.models import Checkin, Member, Severity
from veilleuse.alerts.services.checkins import (
    LAST_CHECKIN_SESSION_KEY,
    checkin_close,
    checkin_create,
    checkin_extend,
    checkin_open_for,
    safety_codes_set,
    safety_plan_for,
    safety_plan_update,
)
from veilleuse.alerts.services.checks import CheckRefused
from veilleuse.alerts.services.escalation import checkin_acknowledge, message_for_ack
from veilleuse.alerts.views.member import member_page, member_view
from veilleuse.core.forms import add_service_errors


def _open_page(
    request: HttpRequest, member: Member, checkin: Checkin, **extra: object
) -> HttpResponse:
    plan = safety_plan_for(member=member)
    context = {
        "checkin": checkin,
        "close_form": extra.pop("close_form", CheckinCloseForm()),
        "extend_form": CheckinExtendForm(),
        "needs_code": plan.has_codes,
        "page": "checkin",
        **extra,
    }
    status = 400 if context["close_form"].errors else 200  # type: ignore[attr-defined]  # the context holds a form
    return render(request, "alerts/checkins/open.html", context, status=status)


@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
@member_view
def checkin(request: HttpRequest, member: Member) -> HttpResponse:
    """Her check-in waiting, or the form to record one."""
    waiting = checkin_open_for(member=member)
    if waiting is not None:
        return _open_page(request, member, waiting)
    form = CheckinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            recorded = checkin_create(member=member, **form.service_data())
        except CheckRefused as refused:
            context = {"limit": refused.limit, "page": "checkin"}
            return render(request, "alerts/checks/refused.html", context, status=429)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            result = recorded.check
            label = Severity(result.severity).label if result and result.severity else ""
            return _open_page(
                request, member, recorded.checkin, result=result, severity_label=label
            )
    context = {"form": form, "plan": safety_plan_for(member=member), "page": "checkin"}
    status = 400 if form.errors else 200
    return render(request, "alerts/checkins/new.html", context, status=status)


@sensitive_post_parameters()
@require_POST
@member_view
def checkin_safe(request: HttpRequest, member: Member, checkin_id: int) -> HttpResponse:
    """ "I am safe" — with her code, or her duress code: the same answer either way."""
    checkin = access_own_checkin(member, checkin_id)
    form = CheckinCloseForm(request.POST)
    form.is_valid()
    try:
        checkin_close(checkin=checkin, code=form.cleaned_data.get("code", ""))
    except ValidationError as error:
        add_service_errors(form, error)
        return _open_page(request, member, checkin, close_form=form)
    # For "Report" on the next page: the form then starts from what she recorded. Set for
    # the duress code too, so that the two answers stay the same.
    request.session[LAST_CHECKIN_SESSION_KEY] = checkin.pk
    return redirect("alerts:checkin_done")


@require_POST
@member_view
def checkin_more_time(request: HttpRequest, member: Member, checkin_id: int) -> HttpResponse:
    checkin = access_own_checkin(member, checkin_id)
    form = CheckinExtendForm(request.POST)
    # Closed meanwhile: the page it goes back to says where it stands.
    with suppress(ValidationError):
        if form.is_valid():
            checkin_extend(checkin=checkin, minutes=form.cleaned_data["minutes"])
    return redirect("alerts:checkin")


@require_GET
@member_view
def checkin_done(request: HttpRequest, member: Member) -> HttpResponse:
    return render(request, "alerts/checkins/done.html", {"page": "checkin"})


@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
@member_view
def safety_plan(request: HttpRequest, member: Member) -> HttpResponse:
    """Her escalation steps and her two codes."""
    plan = safety_plan_for(member=member)
    posted = request.POST if request.method == "POST" else None
    form = SafetyPlanForm(
        posted if posted and "steps" in posted else None, initial=_plan_initial(plan)
    )
    codes = SafetyCodesForm(posted if posted and "codes" in posted else None)
    if form.is_bound and form.is_valid() and _saved(form, lambda: _plan_save(member, form)):
        return redirect("alerts:safety_plan")
    if codes.is_bound and codes.is_valid() and _saved(codes, lambda: _codes_save(member, codes)):
        return redirect("alerts:safety_plan")
    context = {"form": form, "codes": codes, "plan": plan, "page": "checkin"}
    status = 400 if form.errors or codes.errors else 200
    return render(request, "alerts/checkins/plan.html", context, status=status)


def _saved(form: forms.Form, save: Callable[[], None]) -> bool:
    """Call the service; its refusal lands on the form."""
    try:
        save()
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    return True


def _plan_initial(plan: object) -> dict[str, object]:
    contacts = list(getattr(plan, "contacts", None) or [])
    initial: dict[str, object] = {
        "remind_first": getattr(plan, "remind_first", True),
        "grace_minutes": getattr(plan, "grace_minutes", 10),
        "notify_duty": getattr(plan, "notify_duty", True),
    }
    for index, suffix in enumerate(("", "_2")):
        if index < len(contacts) and contacts[index]["kind"] != "member":
            initial[f"contact_kind{suffix}"] = contacts[index]["kind"]
            initial[f"contact_value{suffix}"] = contacts[index]["value"]
    return initial


def _plan_save(member: Member, form: SafetyPlanForm) -> None:
    data = form.cleaned_data
    safety_plan_update(
        member=member,
        remind_first=data["remind_first"],
        grace_minutes=data["grace_minutes"],
        notify_duty=data["notify_duty"],
        contacts=form.contacts(),
    )


def _codes_save(member: Member, form: SafetyCodesForm) -> None:
    safety_codes_set(member=member, **form.cleaned_data)


# The acknowledgement link (anyone holding it: a contact, the person on duty).


@require_http_methods(["GET", "POST"])
@member_page
def checkin_ack(request: HttpRequest, message_id: int, token: str) -> HttpResponse:
    """What she recorded, and "I am on it". A GET changes nothing (link previews)."""
    message = message_for_ack(message_id=message_id, token=token)
    if message is None or message.checkin is None:
        raise Http404
    acknowledged = False
    if request.method == "POST":
        checkin_acknowledge(message=message)
        acknowledged = True
    message.refresh_from_db(fields=["acknowledged_at"])
    context = {"message": message, "checkin": message.checkin, "acknowledged": acknowledged}
    return render(request, "alerts/checkins/ack.html", context)
