"""Staff: the duty page (what is waiting for the person on duty, ``/reseau/<slug>/veille/``,
moderators) and the rota (``/reseau/<slug>/veille/planning/``, administrators)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from veilleuse.accounts.decorators import AuthenticatedHttpRequest, staff_view
from veilleuse.accounts.models import User
from veilleuse.alerts.access import (
    access_duty,
    access_duty_page,
    access_duty_slot,
    access_network_admin,
)
from veilleuse.alerts.forms.duty import DutySlotForm
from veilleuse.alerts.models import DutyPage, DutySlot
from veilleuse.alerts.services.duty import (
    duty_channel_for,
    duty_gaps,
    duty_page_acknowledge,
    duty_slot_add,
    duty_slot_now,
    duty_slot_remove,
    duty_uncovered_hours,
)
from veilleuse.core.audit import audit
from veilleuse.core.forms import button_action, form_page


@require_GET
@staff_view
def duty(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    association = access_duty(request.user, slug)
    waiting = list(
        DutyPage.objects.filter(association=association, acknowledged_at__isnull=True)
        .select_related("checkin__member", "report", "person", "backup")
        .order_by("created")
    )
    for page in waiting:
        if page.checkin_id is not None:  # opening a check-in's details is in the audit log
            audit(
                actor=request.user,
                action="checkin.view",
                target=page.checkin,
                association_id=association.pk,
            )
    context = {
        "association": association,
        "waiting": waiting,
        "on_duty": duty_slot_now(association=association),
        "gaps": duty_gaps(association=association),
        "my_channel": duty_channel_for(association=association, user=request.user),
    }
    return render(request, "alerts/duty/waiting.html", context)


@require_POST
@staff_view
def duty_acknowledge(request: AuthenticatedHttpRequest, slug: str, page_id: int) -> HttpResponse:
    page = access_duty_page(request.user, slug, page_id)

    def act() -> str:
        duty_page_acknowledge(page=page, actor=request.user)
        return _("Noted: you are on it. Nobody else will be paged for this.")

    return button_action(request, act, reverse("alerts:duty", kwargs={"slug": slug}))


@require_http_methods(["GET", "POST"])
@staff_view
def duty_rota(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    membership = access_network_admin(request.user, slug)
    association = membership.association
    staff = User.objects.filter(memberships__association=association).order_by("username")
    form = DutySlotForm(request.POST or None, staff=staff)

    def save(data: dict[str, object]) -> str:
        duty_slot_add(actor=request.user, association=association, **data)  # type: ignore[arg-type]  # data is the form's cleaned data
        return reverse("alerts:duty_rota", kwargs={"slug": slug})

    def page(status: int) -> HttpResponse:
        context = {
            "association": association,
            "form": form,
            "slots": DutySlot.objects.filter(association=association).select_related(
                "person", "backup"
            ),
            "gaps": duty_gaps(association=association),
            "uncovered": [
                (WEEKDAYS[day], f"{start:02d}:00", f"{end:02d}:00")
                for day, start, end in duty_uncovered_hours(association=association)
            ],
        }
        return render(request, "alerts/duty/rota.html", context, status=status)

    return form_page(request, form, save, page, done=_("The slot is added."))


@require_POST
@staff_view
def duty_slot_delete(request: AuthenticatedHttpRequest, slug: str, slot_id: int) -> HttpResponse:
    slot = access_duty_slot(request.user, slug, slot_id)

    def act() -> str:
        duty_slot_remove(actor=request.user, slot=slot)
        return _("The slot is removed.")

    return button_action(request, act, reverse("alerts:duty_rota", kwargs={"slug": slug}))
