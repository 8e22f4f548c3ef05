"""What the members' pages need besides the views: the language of the page, and where a
report stands in plain words. (What they read from the database is in
``alerts/selectors/member.py``.)"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

from veilleuse.alerts.models import Member, Report, ReportStatus

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
