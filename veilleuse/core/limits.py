"""Refuse a request body larger than any page of Veilleuse accepts, before reading it.

Without this, Django streams any upload to a temporary file first and the form refuses it
only afterwards: a 10 GB POST would fill the server's disk before a sentence is shown.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language

# Room for the form fields and the multipart framing around the largest allowed document.
MULTIPART_OVERHEAD = 64 * 1024


def request_body_limit() -> int:
    # Twice the document limit: a file a little too large still reaches its form, which names
    # it and its size; only bodies no form could accept are cut short here.
    return 2 * int(settings.VEILLEUSE_UPLOAD_MAX_BYTES) + MULTIPART_OVERHEAD


class RequestSizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > request_body_limit():
            return self.refuse(request)
        return self.get_response(request)

    def refuse(self, request: HttpRequest) -> HttpResponse:
        megabytes = settings.VEILLEUSE_UPLOAD_MAX_BYTES // (1024 * 1024)
        body = render_to_string(
            "core/request_too_large.html", {"megabytes": megabytes, "LANGUAGE_CODE": get_language()}
        )
        response = HttpResponse(body, status=413)
        # The body was not read: the connection cannot be reused for another request.
        response["Connection"] = "close"
        return response
