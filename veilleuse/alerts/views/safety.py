"""Use under duress (issues 14 and 17): the quick exit.

The quick exit ends the session on the server first, then sends the browser to a neutral
site (``VEILLEUSE_QUICK_EXIT_URL``) with ``Clear-Site-Data``, so that the tab keeps no
cookie, storage or cached page of ours. It answers GET on purpose: without JavaScript the
button is a plain link, and it must still end the session. Someone who makes a member's
browser open it only signs her out, which is the safe failure.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from veilleuse.core.throttle import DEVICE_COOKIE

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
