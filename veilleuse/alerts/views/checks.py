"""Check a number (members) and the lookup alarms (moderators)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from veilleuse.accounts.decorators import AuthenticatedHttpRequest, staff_view
from veilleuse.alerts.access import access_moderation
from veilleuse.alerts.models import IdentifierKind, LookupAlarm, Member, Severity
from veilleuse.alerts.services.checks import CheckRefused, checks_remaining, number_check
from veilleuse.alerts.views.member import member_view
from veilleuse.core.forms import add_service_errors


class CheckForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What do you want to check?"),
        choices=IdentifierKind.choices,
        initial=IdentifierKind.PHONE,
        widget=forms.RadioSelect,
    )
    raw = forms.CharField(
        label=_("Phone number or plate"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )


@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
@member_view
def check(request: HttpRequest, member: Member) -> HttpResponse:
    form = CheckForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = number_check(member=member, **form.cleaned_data)
        except CheckRefused as refused:
            context = {"limit": refused.limit, "page": "check"}
            return render(request, "alerts/checks/refused.html", context, status=429)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            form = CheckForm(initial={"kind": form.cleaned_data["kind"]})
    context = {
        "form": form,
        "result": result,
        "severity_label": Severity(result.severity).label if result and result.severity else "",
        "remaining": checks_remaining(member=member),
        "page": "check",
    }
    return render(request, "alerts/checks/check.html", context, status=400 if form.errors else 200)


@staff_view
@require_GET
def check_alarms(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    association = access_moderation(request.user, slug)
    alarms = LookupAlarm.objects.filter(association=association).select_related("member")[:200]
    context = {
        "association": association,
        "alarms": alarms,
        "alarm_threshold": settings.VEILLEUSE_CHECKS_ALARM_PER_DAY,
        "limit": settings.VEILLEUSE_CHECKS_PER_DAY,
    }
    return render(request, "alerts/checks/alarms.html", context)
