"""Use under duress (issues 14 and 17): the quick exit, the remote sign-out and the duress
passphrase.

The quick exit ends the session on the server first, then sends the browser to a neutral
site (``VEILLEUSE_QUICK_EXIT_URL``) with ``Clear-Site-Data``, so that the tab keeps no
cookie, storage or cached page of ours. It answers GET on purpose: without JavaScript the
button is a plain link, and it must still end the session. Someone who makes a member's
browser open it only signs her out, which is the safe failure.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from veilleuse.accounts.decorators import AuthenticatedHttpRequest, safe_next, staff_view
from veilleuse.alerts.access import access_moderation
from veilleuse.alerts.forms.member import DuressForm
from veilleuse.alerts.models import Member
from veilleuse.alerts.selectors.member import member_by_pseudonym
from veilleuse.alerts.services.duress import (
    duress_passphrase_set,
    duress_sign_ins,
    member_duress_remove,
    member_duress_set,
)
from veilleuse.alerts.services.members import (
    member_passphrase_confirm,
    member_sign_out_everywhere,
)
from veilleuse.alerts.views.member import (
    PASSPHRASE_CONFIRM_SESSION_KEY,
    member_page,
    member_view,
    sign_in,
)
from veilleuse.alerts.views.member_helpers import activate_language, member_page_language
from veilleuse.alerts.views.my_data import EraseForm
from veilleuse.core.forms import add_service_errors
from veilleuse.core.throttle import (
    DEVICE_COOKIE,
    throttle_check,
    throttle_fail,
    throttle_key,
    throttle_reset,
)

# What the browser forgets of this site: its cookies (the session, the language, the
# device cookie), its storage (local, session, IndexedDB, service workers and their
# caches) and its HTTP cache, which also drops pages kept for the Back button.
CLEAR_SITE_DATA = '"cache", "cookies", "storage"'


@never_cache
@require_GET
def quick_exit(request: HttpRequest) -> HttpResponse:
    logout(request)
    response = HttpResponseRedirect(settings.VEILLEUSE_QUICK_EXIT_URL)
    response["Clear-Site-Data"] = CLEAR_SITE_DATA
    response["Referrer-Policy"] = "no-referrer"
    # For browsers that do not honour Clear-Site-Data: the cookies we know of, expired.
    for name in (settings.SESSION_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME, DEVICE_COOKIE):
        response.delete_cookie(name)
    return response


# Remote sign-out -----------------------------------------------------------------------------


@member_view
@require_http_methods(["GET", "POST"])
def sign_out_everywhere(request: HttpRequest, member: Member) -> HttpResponse:
    """GET explains and asks; POST ends every session of her account, this one included."""
    if request.method == "POST":
        member_sign_out_everywhere(actor=None, member=member)
        logout(request)
        return render(request, "alerts/member/signed_out_everywhere.html")
    context = {"member": member, "page": "my_data"}
    return render(request, "alerts/member/sign_out_everywhere.html", context)


@sensitive_post_parameters()
@member_page
@require_http_methods(["GET", "POST"])
def passphrase_confirm(request: HttpRequest) -> HttpResponse:
    """After a remote sign-out, the sign-in's second step: the passphrase once more (throttled
    like sign-in). The member waits in the session, between the two steps, by her id."""
    waiting = request.session.get(PASSPHRASE_CONFIRM_SESSION_KEY, 0)
    member = Member.objects.select_related("user").filter(pk=waiting).first()
    if member is None:
        return redirect("alerts:login")
    activate_language(request, member_page_language(request, member))
    form = EraseForm(request.POST or None)
    throttle = throttle_key("confirm", str(member.pk))
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and throttle_check(throttle):
        form.add_error(None, _("Too many attempts. Wait 15 minutes and try again."))
        status = 429
    elif request.method == "POST" and form.is_valid():
        try:
            member_passphrase_confirm(member=member, passphrase=form.cleaned_data["passphrase"])
        except ValidationError as error:
            throttle_fail(throttle)
            add_service_errors(form, error)
        else:
            throttle_reset(throttle)
            request.session.pop(PASSPHRASE_CONFIRM_SESSION_KEY, None)
            return sign_in(request, member, safe_next(request, reverse("alerts:feed")))
    context = {"form": form, "next": safe_next(request, reverse("alerts:feed"))}
    return render(request, "alerts/member/passphrase_confirm.html", context, status=status)


@sensitive_post_parameters()
@member_view
@require_http_methods(["GET", "POST"])
def duress_passphrase(request: HttpRequest, member: Member) -> HttpResponse:
    """Choose, change or remove the duress passphrase; a decoy's session sees the same page,
    as if none were set."""
    form = DuressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if "remove" in request.POST:
                member_duress_remove(member=member, passphrase=data["passphrase"])
                messages.success(request, _("Your duress passphrase is removed."))
            else:
                member_duress_set(
                    member=member,
                    passphrase=data["passphrase"],
                    duress=data["duress"],
                    notify=data["notify"],
                )
                messages.success(request, _("Your duress passphrase is saved."))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("alerts:duress")
    context = {
        "member": member,
        "form": form,
        "duress_set": duress_passphrase_set(member=member),
        "page": "my_data",
    }
    status = 400 if form.errors else 200
    return render(request, "alerts/member/duress.html", context, status=status)


class RemoteSignOutForm(forms.Form):
    pseudonym = forms.CharField(label=gettext_lazy("Pseudonym"), max_length=40)


@staff_view
@require_http_methods(["GET", "POST"])
def remote_sign_out(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """A moderator, at a member's request, ends every session of her account (audited)."""
    association = access_moderation(request.user, slug)
    form = RemoteSignOutForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        pseudonym = form.cleaned_data["pseudonym"]
        member = member_by_pseudonym(association=association, pseudonym=pseudonym)
        if member is None:
            form.add_error("pseudonym", _("No member of this network has this pseudonym."))
        else:
            member_sign_out_everywhere(actor=request.user, member=member)
            messages.success(
                request, _("Every session of %(pseudonym)s is ended.") % {"pseudonym": pseudonym}
            )
            return redirect("alerts:remote_sign_out", slug=association.slug)
    context = {
        "association": association,
        "form": form,
        "duress_sign_ins": duress_sign_ins(association_id=association.pk),
    }
    status = 400 if form.errors else 200
    return render(request, "alerts/moderation/remote_sign_out.html", context, status=status)
