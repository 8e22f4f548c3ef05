"""Security headers on every response (docs/deploy.md, "Security headers").

Django's SecurityMiddleware already sends HSTS, ``X-Content-Type-Options``,
``Referrer-Policy`` and ``Cross-Origin-Opener-Policy`` from the settings; this one adds what
Django 5.2 has no setting for: the Content-Security-Policy and the Permissions-Policy. A view
that sets one of these headers itself (the live preview, a stricter referrer policy) keeps
its own.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

# No 'unsafe-inline' anywhere: scripts and styles come from our static files only, so an
# injected <script> or style attribute does not run.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "object-src 'none'",
    ]
)

# Powerful browser features no page of ours uses; denied to the page and anything it embeds.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "interest-cohort",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
)

DEFAULT_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Permissions-Policy": PERMISSIONS_POLICY,
}


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        for name, value in DEFAULT_HEADERS.items():
            # setdefault: a view's own, stricter choice (e.g. no-referrer) wins.
            response.headers.setdefault(name, value)
        if settings.DEBUG and response.status_code >= 400:
            # Django's technical error pages (DEBUG only, never in production) are styled
            # and scripted inline; the developer reading them needs them whole.
            del response.headers["Content-Security-Policy"]
        return response
