"""Finding 16 of issue 12: no page of the alert network's staff side is kept by a browser or a
proxy (``Cache-Control: no-store``): they show decrypted texts, numbers and case files. And
the passphrase check of a member's "erase everything" form is throttled like sign-in.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.authz.rules import RULES
from tests.authz.test_matrix import named_routes, route_url
from tests.authz.world import world_build
from veilleuse.alerts.cast import MEMBER_PASSPHRASE

STAFF_OF_THE_NETWORK = ("mona", "lea", "alice")


@pytest.mark.django_db
def test_every_staff_page_of_the_alert_network_is_never_stored() -> None:
    world = world_build()
    routes = {
        name: params
        for name, params in named_routes().items()
        if name.startswith("alerts:") and "slug" in params
    }
    seen, stored = [], []
    for role in STAFF_OF_THE_NETWORK:
        client = Client(raise_request_exception=False)
        client.force_login(world.users[role])
        for name, params in sorted(routes.items()):
            response = client.get(route_url(name, params, RULES.get(name), world))
            if response.status_code != 200:
                continue
            seen.append(name)
            if "no-store" not in response.get("Cache-Control", ""):
                stored.append(f"{name} as {role}")
    assert {"alerts:moderation_report", "alerts:case_detail", "alerts:check_alarms"} <= set(seen)
    assert not stored, "pages a browser may keep: " + ", ".join(stored)


@pytest.mark.django_db
def test_the_erase_form_refuses_passphrase_guesses_after_a_few(network: Any) -> None:
    client = Client()
    client.force_login(network.rosa.user, backend="veilleuse.alerts.auth.MemberBackend")
    url = reverse("alerts:my_data_erase")
    answers = [
        client.post(url, {"passphrase": f"not the passphrase {i}"}).status_code for i in range(8)
    ]
    assert answers[-1] == 429, answers
    # Even the right passphrase waits: the guesser cannot tell it from a wrong one.
    assert client.post(url, {"passphrase": MEMBER_PASSPHRASE}).status_code == 429
    network.rosa.refresh_from_db()


@pytest.mark.django_db
def test_the_erase_form_says_the_real_delay_left_in_every_member_language(
    network: Any, settings: Any
) -> None:
    """Delays grow with each failure (1 minute, then doubling): the page says what is left,
    not a fixed "15 minutes", in the member's language."""
    from django.utils import translation

    from veilleuse.alerts.views.my_data import erase_wait_message

    client = Client()
    client.force_login(network.rosa.user, backend="veilleuse.alerts.auth.MemberBackend")
    url = reverse("alerts:my_data_erase")
    for i in range(settings.VEILLEUSE_LOGIN_FAILURES):
        client.post(url, {"passphrase": f"not the passphrase {i}"})
    refused = client.post(url, {"passphrase": "again"})
    assert refused.status_code == 429
    assert "Espera 1 minuto y vuelve a intentarlo." in refused.content.decode()  # Rosa: es
    with translation.override("en"):
        english = {erase_wait_message(1), erase_wait_message(2)}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            said = [erase_wait_message(1), erase_wait_message(2)]
        assert "1" in said[0], (code, said)
        assert "2" in said[1], (code, said)
        assert "15" not in "".join(said), (code, said)
        if code != "en":
            assert not english & set(said), f"not translated into {code}: {said}"
