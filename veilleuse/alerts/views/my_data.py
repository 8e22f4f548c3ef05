"""A member's data: see everything stored about them, download it, delete it."""

from __future__ import annotations

import json

from django import forms
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from veilleuse.alerts.models import Member
from veilleuse.alerts.services.data_rights import member_data, member_erase
from veilleuse.alerts.views.member import member_page, member_view
from veilleuse.alerts.views.my_data_labels import my_data_display
from veilleuse.core.forms import add_service_errors
from veilleuse.core.throttle import (
    throttle_check,
    throttle_fail,
    throttle_key,
    throttle_reset,
    throttle_wait_minutes,
)

TOO_MANY_ATTEMPTS = 429


class EraseForm(forms.Form):
    passphrase = forms.CharField(
        label=gettext_lazy("Your passphrase, to confirm"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        strip=False,
    )


def erase_wait_message(minutes: int) -> str:
    """The erase form's refusal while its passphrase guesses wait: the real delay left (the
    delays grow with each failure, docs/security/alerts-threat-model.md)."""
    return ngettext(
        "Too many attempts. Wait %(minutes)s minute and try again.",
        "Too many attempts. Wait %(minutes)s minutes and try again.",
        minutes,
    ) % {"minutes": minutes}


@member_view
def my_data(request: HttpRequest, member: Member) -> HttpResponse:
    data = my_data_display(member_data(member=member))
    context = {"member": member, "data": data, "page": "my_data"}
    return render(request, "alerts/my_data/page.html", context)


@member_view
def my_data_json(request: HttpRequest, member: Member) -> HttpResponse:
    body = json.dumps(member_data(member=member), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="veilleuse-my-data.json"'
    return response


@sensitive_post_parameters()
@member_view
@require_http_methods(["GET", "POST"])
def my_data_erase(request: HttpRequest, member: Member) -> HttpResponse:
    """The passphrase confirms; its guesses are counted like sign-in failures, so that a
    phone left unlocked is not a way to try passphrases without limit."""
    form = EraseForm(request.POST or None)
    status = 400 if request.method == "POST" else 200
    throttle = throttle_key("erase", str(member.pk))
    if request.method == "POST" and throttle_check(throttle):
        form.add_error(None, erase_wait_message(throttle_wait_minutes(throttle)))
        status = TOO_MANY_ATTEMPTS
    elif request.method == "POST" and form.is_valid():
        try:
            member_erase(member=member, passphrase=form.cleaned_data["passphrase"])
        except ValidationError as error:
            throttle_fail(throttle)
            add_service_errors(form, error)
        else:
            throttle_reset(throttle)
            logout(request)
            return erased_page(request)
    context = {"member": member, "form": form, "page": "my_data"}
    return render(request, "alerts/my_data/erase.html", context, status=status)


@member_page
def erased_page(request: HttpRequest) -> HttpResponse:
    return render(request, "alerts/my_data/erased.html")
