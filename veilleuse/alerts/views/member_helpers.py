"""What the members' pages need besides the views: the language of the page, and where a
report stands in plain words. (What they read from the database is in
``alerts/selectors/member.py``.)"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from veilleuse.alerts.models import Member, Report, ReportStatus
from veilleuse.alerts.services.voice import VOICE_MAX_BYTES
from veilleuse.core.middleware import CONTENT_SECURITY_POLICY, PERMISSIONS_POLICY

# What the report form's other fields may weigh beside a voice note, in a multipart body.
FORM_ROOM = 256 * 1024

# Language ----------------------------------------------------------------------------------


def member_page_language(request: HttpRequest, member: Member) -> str:
    """The language chosen with the page's switcher if any, else the member's own."""
    known = {code for code, _name in settings.LANGUAGES}
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return chosen if chosen in known else member.language


def activate_language(request: HttpRequest, language: str) -> None:
    translation.activate(language)
    request.LANGUAGE_CODE = translation.get_language()


def remember_language(response: HttpResponse, language: str) -> HttpResponse:
    """The language cookie, as Django's ``set_language`` view writes it."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


# My reports --------------------------------------------------------------------------------


def report_status_sentence(report: Report) -> str:
    """Where the report stands, in plain words."""
    if report.status == ReportStatus.SUBMITTED:
        return _("Received. The moderators have not looked at it yet.")
    if report.status == ReportStatus.APPROVED:
        return _("The moderators checked it. An alert may go out to the members concerned.")
    if report.status == ReportStatus.REJECTED:
        return _("The moderators did not turn it into an alert.")
    if report.status == ReportStatus.MERGED:
        return _("It was joined to another report about the same person.")
    return _("You withdrew it. What you wrote and the numbers you gave were erased.")


# Voice notes -------------------------------------------------------------------------------


class VoiceUploadHandler(MemoryFileUploadHandler):
    """Keeps an uploaded voice note in memory only (never in a temporary file in the clear),
    and drops a request too large to be a voice note and a form, saying so (``dropped``):
    the form is still read, so the member keeps what she wrote."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.dropped = False

    def handle_raw_input(
        self,
        input_data: Any,
        META: dict[str, str],
        content_length: int,
        boundary: Any,
        encoding: str | None = None,
    ) -> None:
        self.activated = content_length <= VOICE_MAX_BYTES + FORM_ROOM

    def new_file(self, field_name: str, *args: Any, **kwargs: Any) -> None:
        if not self.activated:
            self.dropped = True
        super().new_file(field_name, *args, **kwargs)


def with_voice_upload(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Reads the form's upload through ``VoiceUploadHandler``. The handler must be set
    before anything reads ``request.POST``, CSRF's check included: the check runs inside,
    once the handler is in place (Django's documented way)."""
    protected = csrf_protect(view)

    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        handler = VoiceUploadHandler(request)
        request.upload_handlers = [handler]
        request.voice_upload = handler  # type: ignore[attr-defined]  # the handler rides on the request
        return protected(request, *args, **kwargs)

    return wrapper


def voice_dropped(request: HttpRequest) -> bool:
    handler = getattr(request, "voice_upload", None)
    return bool(handler and handler.dropped)


def recorder_headers(response: HttpResponse) -> HttpResponse:
    """The report form may use the microphone (its own origin only) and play back the
    recording the page holds (a ``blob:`` address); every other page keeps the defaults,
    which deny both (``veilleuse/core/middleware.py``)."""
    response["Permissions-Policy"] = PERMISSIONS_POLICY.replace(
        "microphone=()", "microphone=(self)"
    )
    response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY + "; media-src 'self' blob:"
    return response
