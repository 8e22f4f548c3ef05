"""Every page carries the security headers; hashing, cookies and HTTPS are hardened."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.test import Client, override_settings

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = sorted(ROOT.glob("veilleuse/**/templates/**/*.html"))
# What a Content-Security-Policy without 'unsafe-inline' refuses to run or apply.
INLINE = re.compile(
    r"<style\b|\sstyle\s*=|\son[a-z]+\s*=|javascript:|<script(?![^>]*\bsrc=)(?![^>]*application/json)",
    re.IGNORECASE,
)


def csp_directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


@pytest.mark.django_db
def test_the_sign_in_page_carries_a_strict_content_security_policy(client: Client) -> None:
    response = client.get("/accounts/login/")
    directives = csp_directives(response)

    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"


@pytest.mark.django_db
def test_every_page_also_gets_permissions_referrer_and_isolation_headers(client: Client) -> None:
    response = client.get("/healthz")

    assert "geolocation=()" in response["Permissions-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "microphone=()" in response["Permissions-Policy"]
    assert "interest-cohort=()" in response["Permissions-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_a_view_that_sets_its_own_stricter_header_keeps_it() -> None:
    from django.http import HttpResponse

    from veilleuse.core.middleware import SecurityHeadersMiddleware

    def view(request):
        response = HttpResponse("ok")
        response["Referrer-Policy"] = "no-referrer"
        response["Content-Security-Policy"] = "default-src 'none'"
        return response

    response = SecurityHeadersMiddleware(view)(None)

    assert response["Referrer-Policy"] == "no-referrer"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_error_pages_keep_the_policy_except_djangos_debug_pages(client: Client) -> None:
    assert "script-src 'self'" in client.get("/no/such/page/")["Content-Security-Policy"]

    with override_settings(DEBUG=True):
        debug_page = client.get("/no/such/page/")

    assert debug_page.status_code == 404
    assert "Content-Security-Policy" not in debug_page
    assert "Permissions-Policy" in debug_page


@pytest.mark.django_db
@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_https_responses_carry_hsts_when_production_sets_it(client: Client) -> None:
    response = client.get("/healthz", secure=True)

    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_no_template_holds_inline_script_style_or_event_handler() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in TEMPLATES
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if INLINE.search(line)
    ]

    assert TEMPLATES
    assert offenders == [], "Move these to static files (the CSP blocks them): " + ", ".join(
        offenders
    )


def test_cookies_are_http_only_same_site_and_staff_sessions_last_twelve_hours() -> None:
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"
    assert settings.CSRF_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_AGE == 12 * 3600


def test_no_script_reads_the_csrf_cookie_which_is_http_only() -> None:
    scripts = sorted(ROOT.glob("veilleuse/**/static/**/*.js"))

    # Comments may speak of cookies (quick-exit.js says which ones the server clears); no code
    # may touch them.
    assert not [path.name for path in scripts if "document.cookie" in path.read_text()]
    assert not [path for path in scripts if "csrftoken" in path.read_text()]


def test_outside_the_tests_new_passwords_are_hashed_with_argon2() -> None:
    from veilleuse import settings as project_settings

    hashers = project_settings.ARGON2_PASSWORD_HASHERS
    with override_settings(PASSWORD_HASHERS=hashers):
        encoded = make_password("correct horse battery staple")

        assert identify_hasher(encoded).algorithm == "argon2"
        assert check_password("correct horse battery staple", encoded)
        # An older PBKDF2 hash still works (and is upgraded at the next sign-in).
        old = make_password("old password", hasher="pbkdf2_sha256")
        assert check_password("old password", old)
