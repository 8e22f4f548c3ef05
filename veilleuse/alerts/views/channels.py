"""A member's messaging links (``/alertes/notifications/messageries/``): link Signal,
Telegram or WhatsApp with a one-time code, choose which links carry alerts, unlink."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from veilleuse.alerts.models import Member, MessagingService
from veilleuse.alerts.selectors.links import link_address_for, member_services
from veilleuse.alerts.services.links import channel_link_update, channel_unlink, link_code_create
from veilleuse.alerts.views.member import member_view


def _service(service: str) -> str:
    if service not in MessagingService.values:
        raise Http404
    return service


def _page(request: HttpRequest, member: Member, **extra: object) -> HttpResponse:
    context = {
        "services": member_services(member=member),
        "page": "notifications",
        "signal_number": settings.VEILLEUSE_SIGNAL_NUMBER,
        "code_minutes": settings.VEILLEUSE_LINK_CODE_MINUTES,
        **extra,
    }
    return render(request, "alerts/notifications/channels.html", context)


def _back() -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("alerts:channels"))


@require_GET
@member_view
def channels(request: HttpRequest, member: Member) -> HttpResponse:
    return _page(request, member)


@require_POST
@member_view
def channel_link_start(request: HttpRequest, member: Member, service: str) -> HttpResponse:
    """A new code, shown on this answer only (nothing keeps it but its hash)."""
    service = _service(service)
    try:
        code = link_code_create(member=member, service=service)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back()
    address = link_address_for(service=service, code=code)
    pending = {"service": service, "code": code, "address": address}
    return _page(request, member, pending=pending)


@require_POST
@member_view
def channel_link_choices(request: HttpRequest, member: Member, service: str) -> HttpResponse:
    service = _service(service)
    try:
        channel_link_update(
            member=member,
            service=service,
            alerts=request.POST.get("alerts") == "on",
            full_text=request.POST.get("full_text") == "on",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back()
    messages.success(request, _("Your choices are saved."))
    return _back()


@require_POST
@member_view
def channel_link_delete(request: HttpRequest, member: Member, service: str) -> HttpResponse:
    channel_unlink(member=member, service=_service(service))
    messages.success(request, _("This account is unlinked. Nothing more will be sent there."))
    return _back()
