"""Pages of the accounts app: sign-in, two-factor authentication, the team page.

Thin: each view parses input, calls one selector or service, renders. Who may do what is
decided by ``veilleuse.accounts.access.staff_membership``.
"""

from __future__ import annotations

import math
from base64 import b32encode
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from veilleuse.accounts import selectors, services
from veilleuse.accounts.access import staff_membership, two_factor_verified
from veilleuse.accounts.decorators import (
    SECOND_FACTOR_PENDING,
    SECOND_FACTOR_SETTLED,
    AuthenticatedHttpRequest,
    safe_next,
    staff_account_view,
    staff_signed_in_view,
    staff_view,
)
from veilleuse.accounts.forms import (
    MemberAddForm,
    PasswordCheckForm,
    ResetForm,
    RoleChangeForm,
    TokenForm,
    TwoFactorPolicyForm,
)
from veilleuse.accounts.models import Association, Membership, Role
from veilleuse.core.forms import add_service_errors
from veilleuse.core.landing import landing_url
from veilleuse.core.throttle import (
    device_key,
    device_remember,
    throttle_fail,
    throttle_key,
    throttle_reset,
    throttle_wait,
)

# Sign-in, sign-out and passwords: Django's views with our templates.


TOO_MANY_ATTEMPTS = 429


class SignInView(auth_views.LoginView):
    """Django's sign-in; after repeated failures for a username, each attempt waits longer,
    except from a browser where that person signed in before (``core/throttle.py``)."""

    template_name = "accounts/login.html"

    def landing(self) -> str:
        """The page asked for; otherwise the page an app gives this person (a moderator's
        queue, ``core.landing``); otherwise the campaigns."""
        asked = self.get_redirect_url()
        if asked and asked != resolve_url(settings.LOGIN_REDIRECT_URL):
            return asked
        return landing_url(self.request.user) or resolve_url(settings.LOGIN_REDIRECT_URL)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.name_key = throttle_key("staff", request.POST.get("username", ""))
        self.throttle = device_key(self.name_key, request)
        wait = throttle_wait(self.throttle)
        if wait:
            form = self.get_form()
            form.add_error(None, _locked_message(math.ceil(wait / 60)))
            return self.render_to_response(
                self.get_context_data(form=form), status=TOO_MANY_ATTEMPTS
            )
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        throttle_fail(self.throttle)
        return super().form_invalid(form)

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        throttle_reset(self.throttle)
        response = super().form_valid(form)
        device_remember(response, self.request, self.name_key)
        if selectors.user_has_confirmed_device(form.get_user()):
            # Whoever set up an authenticator is asked for its code before any page opens,
            # even where nobody requires it (issue 12, finding 11).
            self.request.session[SECOND_FACTOR_PENDING] = True
        else:
            self.request.session[SECOND_FACTOR_SETTLED] = True
        return response

    def get_success_url(self) -> str:
        # Someone with an authenticator confirms the sign-in at once, rather than at the
        # first page that needs it, so that the rest of the session is uninterrupted.
        url = self.landing()
        if selectors.user_has_confirmed_device(self.request.user):
            return f"{reverse('accounts:two_factor_verify')}?{urlencode({'next': url})}"
        return url


@method_decorator(sensitive_post_parameters(), name="dispatch")
class ResetView(auth_views.PasswordResetView):
    form_class = ResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset_body.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        # Each request counts, whether or not the address has an account: the answer must
        # not tell which addresses exist, and nobody's mailbox gets flooded.
        key = throttle_key("reset", form.cleaned_data["email"])
        wait = throttle_wait(key)
        if wait:
            form.add_error(None, _locked_message(math.ceil(wait / 60)))
            return self.render_to_response(
                self.get_context_data(form=form), status=TOO_MANY_ATTEMPTS
            )
        throttle_fail(key)
        # Links point to the configured site address, never to the request's Host header.
        self.extra_email_context = {"site_url": settings.VEILLEUSE_SITE_URL}
        return super().form_valid(form)


def _locked_message(minutes: int) -> str:
    return _(
        "Too many attempts for this account: for its safety it is blocked for "
        "%(minutes)s minutes; try again later, or ask an administrator of your association."
    ) % {"minutes": minutes}


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


@method_decorator(staff_account_view, name="dispatch")
class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:password_change_done")


# The person's own account and authenticator.


@staff_account_view
def account(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {
        "memberships": selectors.user_memberships(request.user),
        "device": selectors.user_confirmed_device(request.user),
        "remove_form": PasswordCheckForm(request.user),
    }
    return render(request, "accounts/account.html", context)


@sensitive_post_parameters()
@staff_account_view
def two_factor_setup(request: AuthenticatedHttpRequest) -> HttpResponse:
    if selectors.user_has_confirmed_device(request.user):
        # A second authenticator needs the first: otherwise a stolen password would do.
        if two_factor_verified(request.user):
            messages.info(request, _("Your authenticator is already set up."))
            return redirect("accounts:account")
        return _redirect_with_next("accounts:two_factor_verify", request)
    device = services.totp_device_begin(user=request.user)
    form = TokenForm(request.POST or None)
    if form.is_valid():
        try:
            services.totp_device_confirm(
                user=request.user, device=device, token=form.cleaned_data["token"]
            )
        except ValidationError as error:
            form.add_error("token", error)
        else:
            second_factor_confirmed(request, device)
            messages.success(request, _("Two-factor authentication is on for your account."))
            return redirect(safe_next(request, reverse("accounts:account")))
    return render(request, "accounts/two_factor_setup.html", _setup_context(device, form))


def _setup_context(device: TOTPDevice, form: TokenForm) -> dict[str, Any]:
    secret = b32encode(device.bin_key).decode("ascii")
    qr = segno.make(device.config_url, error="m")
    # segno escapes what it writes; the SVG holds only our own otpauth URL's modules.
    svg: SafeString = mark_safe(  # noqa: S308 - segno's own escaped SVG, see above
        qr.svg_inline(
            border=2, omitsize=True, svgclass="qr", title=_("QR code for your authenticator")
        )
    )
    return {
        "form": form,
        "qr_svg": svg,
        "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
    }


@sensitive_post_parameters()
@staff_signed_in_view
def two_factor_verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    device = selectors.user_confirmed_device(request.user)
    if device is None:
        return _redirect_with_next("accounts:two_factor_setup", request)
    if two_factor_verified(request.user):
        return redirect(safe_next(request))
    form = TokenForm(request.POST or None)
    if form.is_valid():
        try:
            services.totp_device_verify(device=device, token=form.cleaned_data["token"])
        except ValidationError as error:
            form.add_error("token", error)
        else:
            second_factor_confirmed(request, device)
            return redirect(safe_next(request))
    return render(request, "accounts/two_factor_verify.html", {"form": form})


@sensitive_post_parameters()
@require_POST
@staff_account_view
def two_factor_remove(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not two_factor_verified(request.user):
        # Otherwise a password alone would be enough to switch the second factor off.
        return _redirect_with_next("accounts:two_factor_verify", request, "accounts:account")
    form = PasswordCheckForm(request.user, request.POST)
    if not form.is_valid():
        messages.error(request, _("Your authenticator was kept: the password was not right."))
        return redirect("accounts:account")
    services.totp_devices_remove(user=request.user)
    messages.success(request, _("Your authenticator was removed."))
    return redirect("accounts:account")


def second_factor_confirmed(request: HttpRequest, device: TOTPDevice) -> None:
    """The code was right: this session is verified and the pages open."""
    django_otp.login(request, device)
    request.session.pop(SECOND_FACTOR_PENDING, None)
    request.session[SECOND_FACTOR_SETTLED] = True


def _redirect_with_next(page: str, request: HttpRequest, back: str = "") -> HttpResponse:
    target = reverse(back) if back else safe_next(request, request.get_full_path())
    return HttpResponseRedirect(f"{reverse(page)}?{urlencode({'next': target})}")


# The team page: an association's administrators manage its staff.


def _team_gate(request: HttpRequest, slug: str) -> Association:
    association = selectors.association_by_slug(slug)
    staff_membership(request.user, association.pk, Role.ADMIN)
    return association


@staff_view
def team(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    association = _team_gate(request, slug)
    return _team_render(request, association, MemberAddForm())


def _team_render(
    request: HttpRequest, association: Association, add_form: MemberAddForm, status: int = 200
) -> HttpResponse:
    context = {
        "association": association,
        "members": selectors.team_members(association),
        "add_form": add_form,
        "roles": Role.choices,
        "required_by_server": settings.VEILLEUSE_REQUIRE_2FA,
    }
    return render(request, "accounts/team.html", context, status=status)


@sensitive_post_parameters()
@staff_view
@require_POST
def team_member_add(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    association = _team_gate(request, slug)
    form = MemberAddForm(request.POST)
    if form.is_valid():
        try:
            membership = services.membership_add(
                actor=request.user, association=association, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _added_message(membership))
            return redirect("accounts:team", slug=association.slug)
    return _team_render(request, association, form, status=400)


def _added_message(membership: Membership) -> str:
    if membership.user.has_usable_password():
        return _("%(username)s joined the team.") % {"username": membership.user.username}
    return _("%(username)s joined the team and will receive an e-mail to choose a password.") % {
        "username": membership.user.username
    }


@staff_view
@require_POST
def team_member_role(
    request: AuthenticatedHttpRequest, slug: str, membership_id: int
) -> HttpResponse:
    association = _team_gate(request, slug)
    membership = selectors.team_membership(association, membership_id)
    form = RoleChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles offered."))
        return redirect("accounts:team", slug=association.slug)
    return _team_action(
        request,
        association,
        lambda: services.membership_role_change(
            actor=request.user, membership=membership, role=form.cleaned_data["role"]
        ),
        _("%(username)s is now %(role)s.")
        % {"username": membership.user.username, "role": Role(form.cleaned_data["role"]).label},
    )


@staff_view
@require_POST
def team_member_remove(
    request: AuthenticatedHttpRequest, slug: str, membership_id: int
) -> HttpResponse:
    association = _team_gate(request, slug)
    membership = selectors.team_membership(association, membership_id)
    response = _team_action(
        request,
        association,
        lambda: services.membership_remove(actor=request.user, membership=membership),
        _("%(username)s was removed from the team.") % {"username": membership.user.username},
    )
    if membership.user_id == request.user.pk and membership.pk is None:
        # They left the team: its page is no longer theirs to see.
        return redirect("accounts:account")
    return response


@staff_view
@require_POST
def team_member_two_factor_reset(
    request: AuthenticatedHttpRequest, slug: str, membership_id: int
) -> HttpResponse:
    association = _team_gate(request, slug)
    membership = selectors.team_membership(association, membership_id)
    return _team_action(
        request,
        association,
        lambda: services.two_factor_reset(actor=request.user, membership=membership),
        _("%(username)s will set up a new authenticator at their next sign-in.")
        % {"username": membership.user.username},
    )


@staff_view
@require_POST
def team_two_factor(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    association = _team_gate(request, slug)
    form = TwoFactorPolicyForm(request.POST)
    required = form.is_valid() and form.cleaned_data["required"]
    if required:
        done = _("Two-factor authentication is now required for this team.")
    else:
        done = _("Two-factor authentication is no longer required for this team.")
    return _team_action(
        request,
        association,
        lambda: services.association_two_factor_set(
            actor=request.user, association=association, required=required
        ),
        done,
    )


def _team_action(
    request: HttpRequest, association: Association, action: Callable[[], object], done: str
) -> HttpResponse:
    """Run one service; tell the person whether it was done or why not; back to the team."""
    try:
        action()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("accounts:team", slug=association.slug)
