"""Use under duress: the quick exit ends the session on the server before leaving, and asks
the browser to forget the site (issue 14, item 2; issue 17)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from veilleuse.core.models import HashedSession
from veilleuse.core.sessions import account_key_hash

pytestmark = pytest.mark.django_db


def test_quick_exit_ends_the_session_on_the_server_then_leaves_for_the_neutral_site(
    network, settings
) -> None:
    settings.VEILLEUSE_QUICK_EXIT_URL = "https://weather.example/"
    client = Client()
    client.force_login(network.rosa.user, backend="veilleuse.alerts.auth.MemberBackend")
    rosa_sessions = HashedSession.objects.filter(account_key=account_key_hash(network.rosa.user.pk))
    assert rosa_sessions.count() == 1

    response = client.get(reverse("alerts:quick_exit"))

    assert response.status_code == 302
    assert response["Location"] == "https://weather.example/"
    assert rosa_sessions.count() == 0
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    expired = {name for name, morsel in response.cookies.items() if morsel["max-age"] == 0}
    assert {"sessionid", "django_language", "veilleuse_device"} <= expired
    assert client.get(reverse("alerts:feed")).status_code == 302  # to the sign-in page


def test_every_member_page_leads_its_quick_exit_through_the_server(network) -> None:
    client = Client()
    client.force_login(network.rosa.user, backend="veilleuse.alerts.auth.MemberBackend")
    page = client.get(reverse("alerts:report_new")).content.decode()

    assert f'href="{reverse("alerts:quick_exit")}"' in page
    assert "data-signed-out" not in page
    assert "data-signed-out" in Client().get(reverse("alerts:login")).content.decode()


def test_what_she_types_in_a_report_is_never_offered_back_by_the_browser(network) -> None:
    client = Client()
    client.force_login(network.rosa.user, backend="veilleuse.alerts.auth.MemberBackend")
    page = client.get(reverse("alerts:report_new")).content.decode()

    assert 'autocomplete="off" novalidate' in page
    for name in ("place", "description", "aggressor", "phone_1", "plate_1"):
        (tag,) = re.findall(rf'<(?:input|textarea)[^>]*name="{name}"[^>]*>', page)
        assert 'autocomplete="off"' in tag, tag
