"""A member's notification settings (``/alertes/notifications/``) and the push service
worker (``/alertes/sw.js``, served from here so that its scope covers ``/alertes/``)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from veilleuse.alerts.channels.push import vapid_public_key
from veilleuse.alerts.models import Member
from veilleuse.alerts.services.notifications import (
    member_notifications_update,
    notification_test_request,
    push_subscription_delete,
    push_subscription_save,
)
from veilleuse.alerts.views.member import member_view
from veilleuse.core.forms import add_service_errors

View = Callable[..., HttpResponse]
MAX_JSON_BYTES = 8192


class NotificationsForm(forms.Form):
    notify_email = forms.BooleanField(label=gettext_lazy("Notify me by e-mail"), required=False)
    email = forms.CharField(label=gettext_lazy("E-mail address"), required=False, max_length=254)
    notify_sms = forms.BooleanField(label=gettext_lazy("Notify me by SMS"), required=False)
    phone = forms.CharField(label=gettext_lazy("Phone number"), required=False, max_length=40)


def _page(
    request: HttpRequest, member: Member, form: NotificationsForm, status: int = 200
) -> HttpResponse:
    context = {
        "form": form,
        "member": member,
        "push_count": member.push_subscriptions.count(),
        "vapid_public_key": vapid_public_key(),
        "page": "notifications",
    }
    return render(request, "alerts/notifications/settings.html", context, status=status)


@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
@member_view
def notification_settings(request: HttpRequest, member: Member) -> HttpResponse:
    if request.method == "GET":
        initial = {
            "notify_email": member.notify_email,
            "email": member.contact_email or "",
            "notify_sms": member.notify_sms,
            "phone": member.contact_phone or "",
        }
        return _page(request, member, NotificationsForm(initial=initial))
    form = NotificationsForm(request.POST)
    if form.is_valid():
        try:
            member_notifications_update(member=member, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your notification settings are saved."))
            return HttpResponseRedirect(reverse("alerts:notifications"))
    return _page(request, member, form, status=400)


def _json_body(request: HttpRequest) -> Any:
    if len(request.body) > MAX_JSON_BYTES:
        raise ValueError
    return json.loads(request.body.decode("utf-8"))


@require_POST
@member_view
def push_subscribe(request: HttpRequest, member: Member) -> HttpResponse:
    """The browser's ``PushSubscription.toJSON()``, posted by push.js."""
    try:
        push_subscription_save(member=member, subscription=_json_body(request))
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"error": _("This request is not valid JSON.")}, status=400)
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    return JsonResponse({"message": _("This phone will be notified of new alerts.")})


@require_POST
@member_view
def push_unsubscribe(request: HttpRequest, member: Member) -> HttpResponse:
    """Forget this browser (JSON ``{"endpoint"}`` from push.js) or, from the plain form,
    every browser of the member."""
    endpoint = ""
    if request.content_type == "application/json":
        try:
            body = _json_body(request)
        except (ValueError, UnicodeDecodeError):
            return JsonResponse({"error": _("This request is not valid JSON.")}, status=400)
        endpoint = body.get("endpoint", "") if isinstance(body, dict) else ""
        if not isinstance(endpoint, str) or not endpoint:
            return JsonResponse({"error": _("Which browser should we forget?")}, status=400)
    push_subscription_delete(member=member, endpoint=endpoint)
    if endpoint:
        return JsonResponse({"message": _("This phone will no longer be notified.")})
    messages.success(request, _("No browser will be notified any more."))
    return HttpResponseRedirect(reverse("alerts:notifications"))


@require_POST
@member_view
def notification_test(request: HttpRequest, member: Member) -> HttpResponse:
    if notification_test_request(member=member):
        messages.success(
            request, _("A test notification is on its way through each channel you chose.")
        )
    else:
        messages.warning(request, _("A test was sent a moment ago. Try again in two minutes."))
    return HttpResponseRedirect(reverse("alerts:notifications"))


def service_worker_context(request: HttpRequest) -> dict[str, object]:
    """What the worker shows on a notification: the app's neutral name in the member's
    language, and a sentence that says nothing (issue 17); and the static files it keeps."""
    from veilleuse.alerts.access import member_of
    from veilleuse.alerts.views.app import app_name

    member = member_of(request.user) if request.user.is_authenticated else None
    language = member.language if member else translation.get_language()
    with translation.override(language):
        return {
            "app_name": app_name(member.app_look if member else ""),
            "notice": _("You have something new."),
            "static_files": [static("alerts/member.css"), static("alerts/quick-exit.js")],
        }


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker at ``/alertes/sw.js``: a worker's scope is at most its folder."""
    response = HttpResponse(
        render_to_string("alerts/notifications/sw.js", service_worker_context(request)),
        content_type="text/javascript",
    )
    response["Service-Worker-Allowed"] = "/alertes/"
    response["Cache-Control"] = "no-cache"
    return response
