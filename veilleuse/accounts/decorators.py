"""``staff_view``: the wrapper every staff page uses.

Usage, on a function view::

    from veilleuse.accounts.decorators import staff_view

    @staff_view
    def campaign_detail(request: HttpRequest, slug: str) -> HttpResponse:
        campaign = access_campaign(request.user, slug)  # may raise Http404 or TwoFactorRequired
        ...

and on a class-based view, ``@method_decorator(staff_view, name="dispatch")``.

What it does:

1. an anonymous visitor is sent to the sign-in page, with ``?next=`` the page asked for;
2. a member of the alert network (never staff) is sent to their feed;
3. when an access gate inside the view (``veilleuse.accounts.access.staff_membership`` and
   every gate built on it) raises ``TwoFactorRequired``, the person is sent to set up an
   authenticator (if they have none yet) or to type a code (if they have one), again with
   ``?next=``, and comes back once done.

It does not check any role: the view's access gate does (and raises Http404).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec, cast
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from veilleuse.accounts.access import TwoFactorRequired, is_member_account
from veilleuse.accounts.models import User
from veilleuse.accounts.selectors import user_has_confirmed_device

P = ParamSpec("P")
# Where a member who opens a staff page is sent (a URL name: accounts sits below alerts).
MEMBER_HOME = "alerts:feed"
# Set at sign-in for someone with a confirmed authenticator, removed once they typed a code
# (``second_factor_confirmed``): until then no staff or account page opens, whether or not
# anyone requires two-factor authentication (issue 12, finding 11).
SECOND_FACTOR_PENDING = "veilleuse_second_factor_pending"
# Set where the question is settled for the session: our sign-in found no authenticator, or
# its code was typed. A session without either (opened by another form, such as the admin's)
# is checked against the database on every staff page.
SECOND_FACTOR_SETTLED = "veilleuse_second_factor_settled"


class AuthenticatedHttpRequest(HttpRequest):
    """The request of a signed-in person, as ``staff_view`` and ``login_required`` pass it on.

    For the type checker only (Django builds plain ``HttpRequest`` objects): a view annotated
    with it may hand ``request.user`` to services and gates that take a ``User``.
    """

    user: User


def staff_view(
    view: Callable[Concatenate[AuthenticatedHttpRequest, P], HttpResponseBase],
) -> Callable[Concatenate[HttpRequest, P], HttpResponseBase]:
    """Sign-in and two-factor handling around a staff view; see the module docstring."""

    @wraps(view)
    def wrapper(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
        refused = staff_sign_in_refusal(request)
        if refused is not None:
            return refused
        try:
            # Signed in: request.user is a User, which is all AuthenticatedHttpRequest adds.
            return view(cast(AuthenticatedHttpRequest, request), *args, **kwargs)
        except TwoFactorRequired:
            return HttpResponseRedirect(two_factor_url(request))

    return wrapper


def staff_sign_in_refusal(
    request: HttpRequest, *, second_factor: bool = True
) -> HttpResponseBase | None:
    """Where to send someone who is not signed in as staff (or, unless ``second_factor`` is
    False, has not typed the code of their authenticator yet); None for staff."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if is_member_account(request.user):
        return HttpResponseRedirect(reverse(MEMBER_HOME))
    if second_factor and second_factor_missing(request):
        query = urlencode({"next": return_path(request)})
        return HttpResponseRedirect(f"{reverse('accounts:two_factor_verify')}?{query}")
    return None


def second_factor_missing(request: HttpRequest) -> bool:
    """True until a person with a confirmed authenticator typed its code in this session.

    The flag set by our sign-in page is not enough on its own: a session opened any other way
    (the Django admin's own form) must not skip the code either (issue 12, finding 11).
    """
    if request.session.get(SECOND_FACTOR_PENDING):
        return True
    if request.session.get(SECOND_FACTOR_SETTLED):
        return False
    user = request.user
    verified = getattr(user, "is_verified", None)  # set on every request by OTPMiddleware
    return user_has_confirmed_device(user) and not (verified is not None and verified())


def staff_signed_in_view(
    view: Callable[Concatenate[AuthenticatedHttpRequest, P], HttpResponseBase],
) -> Callable[Concatenate[HttpRequest, P], HttpResponseBase]:
    """For the page that asks for the second factor itself: staff signed in with their
    password, second factor confirmed or not."""

    @wraps(view)
    def wrapper(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
        refused = staff_sign_in_refusal(request, second_factor=False)
        if refused is not None:
            return refused
        return view(cast(AuthenticatedHttpRequest, request), *args, **kwargs)

    return wrapper


def staff_account_view(
    view: Callable[Concatenate[AuthenticatedHttpRequest, P], HttpResponseBase],
) -> Callable[Concatenate[HttpRequest, P], HttpResponseBase]:
    """For a signed-in person's own staff account pages (password, authenticator): sign-in
    required, members sent to their feed, no association or second factor asked here."""

    @wraps(view)
    def wrapper(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
        refused = staff_sign_in_refusal(request)
        if refused is not None:
            return refused
        return view(cast(AuthenticatedHttpRequest, request), *args, **kwargs)

    return wrapper


def two_factor_url(request: HttpRequest) -> str:
    """Where a signed-in person goes to finish two-factor authentication, then come back."""
    has_device = user_has_confirmed_device(request.user)
    page = "accounts:two_factor_verify" if has_device else "accounts:two_factor_setup"
    return f"{reverse(page)}?{urlencode({'next': return_path(request)})}"


def return_path(request: HttpRequest) -> str:
    """The page to come back to. A form that was posted cannot be replayed by a redirect,
    so after a POST we go back to the page that showed the form, if it is one of ours."""
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    referer = request.headers.get("referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def safe_next(request: HttpRequest, fallback: str = "") -> str:
    """``?next=`` (or the posted ``next``) if it points to this site, else ``fallback``."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback or resolve_url(settings.LOGIN_REDIRECT_URL)
