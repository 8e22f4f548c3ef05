"""Finding 5 of issue 12: the join form must not be an oracle for pseudonyms.

Pseudonyms are unique per network, not across the installation, so a code of one
association learns nothing about the members of another; the "already taken" answer comes
only from the step that spends a code, and each code gets a bounded number of them.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from veilleuse.alerts.cast import MEMBER_PASSPHRASE
from veilleuse.alerts.models import Member
from veilleuse.alerts.services.members import member_invitation_create

TAKEN = "This pseudonym is taken"
NEW_PASSPHRASE = "quatre mots bien longs ici"


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def client_with_code(association) -> tuple[Client, str]:
    _, code = member_invitation_create(actor=None, association=association)
    client = Client()
    assert client.post(reverse("alerts:join"), {"code": code}).status_code == 302
    return client, code


def join(client: Client, pseudonym: str):
    return client.post(
        reverse("alerts:join"),
        {
            "pseudonym": pseudonym,
            "passphrase": NEW_PASSPHRASE,
            "passphrase_again": NEW_PASSPHRASE,
            "language": "fr",
        },
    )


def signed_in_member(pseudonym: str, passphrase: str) -> Member | None:
    client = Client()
    client.post(reverse("alerts:login"), {"pseudonym": pseudonym, "passphrase": passphrase})
    user_id = client.session.get("_auth_user_id")
    return Member.objects.filter(user_id=user_id).first() if user_id else None


def test_a_pseudonym_of_another_network_is_not_taken_here(network, cast):
    client, _code = client_with_code(cast.other_association)
    response = join(client, "rosa")  # Rosa is a member of the demo network
    assert response.status_code == 302, response.content.decode()
    assert TAKEN not in response.content.decode()
    assert Member.objects.filter(association=cast.other_association).count() == 1


def test_two_networks_members_with_one_pseudonym_each_sign_in_as_themselves(network, cast):
    client, _code = client_with_code(cast.other_association)
    assert join(client, "Rosa").status_code == 302
    newcomer = signed_in_member("Rosa", NEW_PASSPHRASE)
    demo_rosa = signed_in_member("rosa ", MEMBER_PASSPHRASE)
    assert newcomer is not None
    assert newcomer.association == cast.other_association
    assert demo_rosa is not None
    assert demo_rosa.pk == network.rosa.pk


def test_taken_answers_for_one_code_stop_at_the_limit_even_from_a_new_session(network):
    client, code = client_with_code(network.association)
    limit = settings.VEILLEUSE_LOGIN_FAILURES
    for attempt in range(limit):
        answer = join(client, ["Rosa", "Lin", "Ana", "Sam"][attempt % 4])
        assert answer.status_code == 400
        assert TAKEN in answer.content.decode()
    refused = join(client, "Lin")
    assert refused.status_code == 429
    assert TAKEN not in refused.content.decode()
    # The real delay left (it grows with each refusal), not a fixed "15 minutes".
    assert "Wait 1 minute and try again." in refused.content.decode()
    other_session = Client()
    other_session.post(reverse("alerts:join"), {"code": code})
    again = join(other_session, "Ana")
    assert again.status_code == 429
    assert TAKEN not in again.content.decode()


def test_without_a_code_that_can_be_spent_the_form_never_answers_about_a_pseudonym(network):
    response = join(Client(), "Rosa")
    assert TAKEN not in response.content.decode()
    assert 'name="code"' in response.content.decode()


def test_the_code_s_wait_is_said_in_every_member_language():
    from django.utils import translation

    from veilleuse.alerts.services.members import JoinRateLimited

    with translation.override("en"):
        english = JoinRateLimited(3).message
    assert english.endswith("Wait 3 minutes and try again.")
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            said = JoinRateLimited(3).message
        assert "3" in said, (code, said)
        assert "15" not in said, (code, said)
        assert code == "en" or said != english, f"not translated into {code}"
