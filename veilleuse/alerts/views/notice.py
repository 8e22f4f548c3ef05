"""Public and members' notices, and the contest form (issue 20).

- ``reported_notice``: the note to people named in alerts, at a stable address per network
  (``/alertes/avis/<network>/``, ``?lang=en`` for a language), for the association's site;
- ``contest`` → ``contest_received``: the form a named person sends. Whatever the database
  holds, a valid request gets the same redirect, and the page it leads to is the same:
  nothing is looked up before staff open it (``services.contest``);
- ``member_notice``: what the network keeps about a member, for how long, who sees it.

Periods are read from the retention settings (``services.retention.retention_days``),
never written in the text.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from veilleuse.accounts.models import Association
from veilleuse.accounts.selectors import association_by_slug
from veilleuse.alerts.forms.contest import ContestForm
from veilleuse.alerts.models import LegalBasis, Member
from veilleuse.alerts.services.contest import (
    ContestRefused,
    contest_submit,
    data_protection_profile,
    legal_basis_of,
)
from veilleuse.alerts.services.retention import retention_days
from veilleuse.alerts.views.member import member_page, member_view
from veilleuse.core.forms import add_service_errors

TOO_MANY = 429
# What each period of the retention settings covers, as the notices say it.
KEPT_FOR_REPORTED = (
    ("reports", _("accounts of what happened (reports)")),
    ("identifiers", _("phone numbers and plates named in them")),
    ("alerts", _("alerts sent to members")),
    ("legal_cases", _("legal support files, after they close")),
    ("contests", _("requests like yours, after the answer")),
)
KEPT_FOR_MEMBERS = (
    ("reports", _("your reports")),
    ("alerts", _("alerts you received")),
    ("check_counters", _("how many numbers you checked each day (never the numbers)")),
    ("legal_cases", _("legal support files, after they close")),
)


def _periods(kinds: tuple[tuple[str, Any], ...]) -> list[tuple[str, int]]:
    days = retention_days()
    return [(str(label), days[kind]) for kind, label in kinds]


def _language(request: HttpRequest) -> str:
    wanted = request.GET.get("lang", "")
    codes = [code for code, _name in settings.LANGUAGES]
    return wanted if wanted in codes else translation.get_language() or settings.LANGUAGE_CODE


def _notice_context(association: Association) -> dict[str, Any]:
    profile = data_protection_profile(association=association)
    return {
        "association": association,
        "profile": profile,
        "victim_support": legal_basis_of(profile=profile) == LegalBasis.VICTIM_SUPPORT,
        "periods": _periods(KEPT_FOR_REPORTED),
        "languages": settings.LANGUAGES,
    }


@require_GET
@member_page
def reported_notice(request: HttpRequest, slug: str) -> HttpResponse:
    association = association_by_slug(slug)
    with translation.override(_language(request)):
        return render(request, "alerts/contest/notice.html", _notice_context(association))


@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
@member_page
def contest(request: HttpRequest, slug: str) -> HttpResponse:
    association = association_by_slug(slug)
    form = ContestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contest_submit(association=association, **form.cleaned_data)
        except ContestRefused:
            return render(
                request,
                "alerts/contest/refused.html",
                {"association": association},
                status=TOO_MANY,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return HttpResponseRedirect(reverse("alerts:contest_received", kwargs={"slug": slug}))
    context = {"association": association, "form": form}
    return render(request, "alerts/contest/form.html", context, status=400 if form.errors else 200)


@require_GET
@member_page
def contest_received(request: HttpRequest, slug: str) -> HttpResponse:
    association = association_by_slug(slug)
    return render(request, "alerts/contest/received.html", {"association": association})


@require_GET
@member_view
def member_notice(request: HttpRequest, member: Member) -> HttpResponse:
    context = {
        "member": member,
        "profile": data_protection_profile(association=member.association),
        "periods": _periods(KEPT_FOR_MEMBERS),
        "page": "my_data",
    }
    return render(request, "alerts/contest/member_notice.html", context)
