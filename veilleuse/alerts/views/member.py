"""The members' pages (``/alertes/``): joining, signing in, the feed, reporting, their reports;
and the page where staff or a partner report on someone's behalf.

Every member page is uncached (``Cache-Control: no-store``) and sends no referrer, and
carries the quick-exit button (``member_base.html``). Nothing here reads or keeps the
visitor's IP address or browser.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST

from veilleuse.accounts.decorators import AuthenticatedHttpRequest, safe_next, staff_view
from veilleuse.alerts.access import (
    MemberSuspended,
    access_member,
    access_member_alert,
    access_own_report,
    access_report_on_behalf,
    member_alerts,
    member_of,
)
from veilleuse.alerts.crypto import CryptoError, decrypt, encrypt
from veilleuse.alerts.forms.member import (
    JoinCodeForm,
    JoinForm,
    MemberLoginForm,
    OnBehalfReportForm,
    ReportForm,
)
from veilleuse.alerts.models import (
    Member,
    MemberInvitation,
    Report,
    ReportKind,
    ReportSource,
    ReportStatus,
)
from veilleuse.alerts.selectors.member import feed_entries, invitation_for_code
from veilleuse.alerts.services.checkins import LAST_CHECKIN_SESSION_KEY, checkin_report_initial
from veilleuse.alerts.services.duress import duress_sign_in_signal
from veilleuse.alerts.services.members import JoinRateLimited, member_register, pseudonym_key
from veilleuse.alerts.services.reports import (
    ReportDetails,
    ReportRateLimited,
    consent_rung,
    report_submit,
    report_withdraw,
)
from veilleuse.alerts.services.voice import VOICE_MAX_BYTES, VOICE_MAX_SECONDS
from veilleuse.alerts.views.member_helpers import (
    activate_language,
    member_page_language,
    recorder_headers,
    remember_language,
    report_status_sentence,
    voice_dropped,
    with_voice_upload,
)
from veilleuse.core.forms import add_service_errors
from veilleuse.core.throttle import (
    device_key,
    device_remember,
    throttle_fail,
    throttle_key,
    throttle_reset,
    throttle_wait,
)

View = Callable[..., HttpResponse]
JOIN_CODE_SESSION_KEY = "alerts_join_code"
PASSPHRASE_CONFIRM_SESSION_KEY = "alerts_passphrase_confirm"  # noqa: S105 - a key name
# The code waits in the session encrypted: session data is only signed, and a copy of the
# database must not give a code that can still be spent (issue 12, finding 9).
JOIN_CODE_PURPOSE = "session.alerts_join_code"
MEMBER_BACKEND = "veilleuse.alerts.auth.MemberBackend"
VOICE_LIMITS = {
    "seconds": VOICE_MAX_SECONDS,
    "minutes": VOICE_MAX_SECONDS // 60,
    "bytes": VOICE_MAX_BYTES,
}
RECEIVED_MESSAGE = gettext_lazy(
    "The report is received. The moderators will look at it; nothing is sent to anyone "
    "before moderation."
)


def member_page(view: View) -> View:
    """Uncached, and no referrer: for every page of the members' side."""

    @never_cache
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        # same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on
        # POST, which Django's CSRF check refuses; other sites still get no referrer.
        response["Referrer-Policy"] = "same-origin"
        return response

    return wrapper


def member_view(view: View) -> View:
    """A page for a signed-in, active member, called as ``view(request, member, ...)``.

    Anonymous visitors go to the sign-in page; a suspended member gets a 403 page that says
    so; anyone signed in who is not a member gets a 404.
    """

    @member_page
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('alerts:login')}?{query}")
        try:
            member = access_member(request.user)
        except MemberSuspended as suspended:
            activate_language(request, member_page_language(request, suspended.member))
            return render(request, "alerts/member/suspended.html", status=403)
        activate_language(request, member_page_language(request, member))
        return view(request, member, *args, **kwargs)

    return wrapper


def sign_in(request: HttpRequest, member: Member, next_url: str) -> HttpResponse:
    """Open the member's session (``VEILLEUSE_MEMBER_SESSION_HOURS``) in their language."""
    login(request, member.user, backend=MEMBER_BACKEND)
    request.session.set_expiry(settings.VEILLEUSE_MEMBER_SESSION_HOURS * 3600)
    activate_language(request, member.language)
    return remember_language(HttpResponseRedirect(next_url), member.language)


# Joining and signing in --------------------------------------------------------------------


@sensitive_post_parameters()
@member_page
def join(request: HttpRequest) -> HttpResponse:
    """Two steps: the invitation code, then (once it is known to be valid) the rest. The code
    waits in the session between them, never in the URL."""
    if request.method == "POST" and "restart" in request.POST:
        request.session.pop(JOIN_CODE_SESSION_KEY, None)
        return redirect("alerts:join")
    code = join_code_read(request)
    invitation = invitation_for_code(code) if code else None
    if invitation is None:
        return join_code_step(request)
    return join_details_step(request, invitation, code)


def join_code_keep(request: HttpRequest, code: str) -> None:
    request.session[JOIN_CODE_SESSION_KEY] = encrypt(code, purpose=JOIN_CODE_PURPOSE)


def join_code_read(request: HttpRequest) -> str:
    """The code typed at the first step, or "" (none, or sealed under a key now gone)."""
    try:
        return decrypt(request.session.get(JOIN_CODE_SESSION_KEY, ""), purpose=JOIN_CODE_PURPOSE)
    except CryptoError:
        return ""


def join_code_step(request: HttpRequest) -> HttpResponse:
    form = JoinCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        if invitation_for_code(code) is not None:
            join_code_keep(request, code)
            return redirect("alerts:join")
        form.add_error(
            "code", _("This invitation code is not valid. Ask the association for a new one.")
        )
    status = 400 if form.errors else 200
    return render(request, "alerts/member/join_code.html", {"form": form}, status=status)


def join_details_step(
    request: HttpRequest, invitation: MemberInvitation, code: str
) -> HttpResponse:
    form = JoinForm(request.POST or None, association=invitation.association)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member = member_register(
                code=code,
                pseudonym=data["pseudonym"],
                passphrase=data["passphrase"],
                language=data["language"],
                languages=data["languages"],
                zone_ids=[zone.pk for zone in data["zones"]],
            )
        except JoinRateLimited as limited:
            form.add_error(None, limited.message)
            status = 429
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            request.session.pop(JOIN_CODE_SESSION_KEY, None)
            return sign_in(request, member, reverse("alerts:feed"))
    context = {"form": form, "association": invitation.association}
    if form.errors and status == 200:
        status = 400
    return render(request, "alerts/member/join.html", context, status=status)


@sensitive_post_parameters()
@member_page
def member_login(request: HttpRequest) -> HttpResponse:
    """Pseudonym and passphrase; repeated failures for one pseudonym make the next attempt
    wait longer and longer, except on the member's own phone (``core/throttle.py``)."""
    form = MemberLoginForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        pseudonym = form.cleaned_data["pseudonym"]
        # Keyed by the pseudonym as it is compared (case, spaces), never by address.
        name_key = throttle_key("member", pseudonym_key(pseudonym=pseudonym))
        throttle = device_key(name_key, request)
        wait = throttle_wait(throttle)
        if wait:
            form.add_error(
                None,
                _("Too many attempts with this pseudonym. Wait %(minutes)s minutes and try again.")
                % {"minutes": math.ceil(wait / 60)},
            )
            status = 429
        else:
            user = authenticate(
                request, pseudonym=pseudonym, passphrase=form.cleaned_data["passphrase"]
            )
            member = member_of(user) if user is not None else None
            if member is not None:
                throttle_reset(throttle)
                return member_signed_in(request, member, name_key)
            throttle_fail(throttle)
            form.add_error(None, _("This pseudonym and passphrase do not match."))
    if form.errors and status == 200:
        status = 400
    context = {"form": form, "next": safe_next(request, reverse("alerts:feed"))}
    return render(request, "alerts/member/login.html", context, status=status)


def member_signed_in(request: HttpRequest, member: Member, name_key: str) -> HttpResponse:
    """Open her session, on a phone now known as hers; after a remote sign-out, first ask for
    her passphrase once more (``views/safety.py``)."""
    next_url = safe_next(request, reverse("alerts:feed"))
    duress_sign_in_signal(decoy=member)
    if member.passphrase_confirm:
        request.session[PASSPHRASE_CONFIRM_SESSION_KEY] = member.pk
        query = urlencode({"next": next_url})
        return HttpResponseRedirect(f"{reverse('alerts:passphrase_confirm')}?{query}")
    response = sign_in(request, member, next_url)
    device_remember(response, request, name_key)
    return response


@require_POST
@member_page
def member_logout(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("alerts:login")


# Alerts ------------------------------------------------------------------------------------


@member_view
@require_GET
def feed(request: HttpRequest, member: Member) -> HttpResponse:
    entries = feed_entries(member, member_alerts(member))
    return render(
        request, "alerts/member/feed.html", {"member": member, "entries": entries, "page": "feed"}
    )


@member_view
@require_GET
def alert_detail(request: HttpRequest, member: Member, alert_id: int) -> HttpResponse:
    alert = access_member_alert(member, alert_id)
    (entry,) = feed_entries(member, type(alert).objects.filter(pk=alert.pk))
    return render(request, "alerts/member/alert.html", {"member": member, "entry": entry})


# Reporting ---------------------------------------------------------------------------------


@sensitive_post_parameters()
@with_voice_upload
@member_view
def report_new(request: HttpRequest, member: Member) -> HttpResponse:
    data = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    # Right after a check-in she closed, the form starts from what she recorded for it.
    last = request.session.get(LAST_CHECKIN_SESSION_KEY)
    initial = checkin_report_initial(member=member, checkin_id=last)
    form = ReportForm(*data, association=member.association, initial=initial)
    form.voice_dropped = voice_dropped(request)
    if request.method == "POST" and form.is_valid():
        try:
            report_submit(
                author=member,
                association=member.association,
                source=ReportSource.MEMBER,
                details=ReportDetails(
                    language=translation.get_language() or member.language,
                    **form.report_fields(),
                ),
            )
        except ReportRateLimited as limited:
            context = {"message": limited.message, "member": member}
            return render(request, "alerts/member/rate_limited.html", context, status=429)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("alerts:report_sent")
    status = 400 if form.errors else 200
    context = {"form": form, "member": member, "page": "report", "voice": VOICE_LIMITS}
    response = render(request, "alerts/member/report_form.html", context, status=status)
    return recorder_headers(response)


@member_view
def report_sent(request: HttpRequest, member: Member) -> HttpResponse:
    return render(request, "alerts/member/report_sent.html", {"member": member})


@member_view
def my_reports(request: HttpRequest, member: Member) -> HttpResponse:
    reports = Report.objects.by_author(member).select_related("zone").order_by("-created", "-id")
    rows = [(report, report_status_sentence(report)) for report in reports]
    return render(
        request,
        "alerts/member/my_reports.html",
        {"member": member, "rows": rows, "page": "my_reports"},
    )


@member_view
def my_report(request: HttpRequest, member: Member, report_id: int) -> HttpResponse:
    report = access_own_report(member, report_id)
    context = {
        "member": member,
        "report": report,
        "status_sentence": report_status_sentence(report),
        "kinds": ReportKind.labels_of(report.kinds),
        "consent": consent_rung(report=report),
        "identifiers": list(report.identifiers.all()),
        "can_withdraw": report.status != ReportStatus.WITHDRAWN,
    }
    return render(request, "alerts/member/my_report.html", context)


@member_view
def my_report_withdraw(request: HttpRequest, member: Member, report_id: int) -> HttpResponse:
    """GET asks for confirmation; POST withdraws."""
    report = access_own_report(member, report_id)
    if request.method == "POST":
        try:
            report_withdraw(member=member, report=report)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your report is withdrawn and its details erased."))
        return redirect("alerts:my_report", report_id=report.pk)
    context = {"member": member, "report": report}
    return render(request, "alerts/member/withdraw_confirm.html", context)


# On someone's behalf (staff and partners) --------------------------------------------------


@sensitive_post_parameters()
@staff_view
@member_page
def report_on_behalf(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    association, partnership = access_report_on_behalf(request.user, slug)
    status = 200
    form = OnBehalfReportForm(request.POST or None, association=association)
    if request.method == "POST" and form.is_valid():
        try:
            report_submit(
                author=None,
                association=association,
                source=ReportSource.PARTNER if partnership else ReportSource.STAFF,
                filed_by=request.user,
                partner=partnership.partner if partnership else None,
                details=ReportDetails(**form.report_fields()),
            )
        except ReportRateLimited as limited:
            form.add_error(None, limited.message)
            status = 429
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, RECEIVED_MESSAGE)
            return redirect("alerts:report_on_behalf", slug=association.slug)
    context = {"form": form, "association": association, "partnership": partnership}
    status = status if status == 429 else 400 if form.errors else 200
    return render(request, "alerts/member/on_behalf_form.html", context, status=status)
