"""Signing in and out, forgetting a password, changing it."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client
from django.urls import reverse

from veilleuse.accounts.tests.conftest import PASSWORD, confirmed_device

pytestmark = pytest.mark.django_db

ACCOUNT = "/accounts/"


def test_the_sign_in_page_is_a_translated_form_with_a_forgot_password_link(client: Client) -> None:
    response = client.get(reverse("accounts:login"))

    assert response.status_code == 200
    assert b'name="username"' in response.content
    assert reverse("accounts:password_reset").encode() in response.content


def test_alice_signs_in_and_goes_where_she_was_heading(client: Client, cast) -> None:
    response = client.post(
        reverse("accounts:login"),
        {"username": "alice", "password": PASSWORD, "next": ACCOUNT},
    )

    assert response.status_code == 302
    assert response.url == ACCOUNT
    assert client.session[SESSION_KEY] == str(cast.admin.pk)


def test_a_wrong_password_is_refused_with_a_clear_message(client: Client, cast) -> None:
    response = client.post(
        reverse("accounts:login"), {"username": "alice", "password": "not-her-password"}
    )

    assert response.status_code == 200
    assert b"Please enter a correct username and password" in response.content
    assert SESSION_KEY not in client.session


def test_someone_with_an_authenticator_is_asked_for_a_code_right_after_the_password(
    client: Client, cast
) -> None:
    confirmed_device(cast.admin)

    response = client.post(
        reverse("accounts:login"),
        {"username": "alice", "password": PASSWORD, "next": ACCOUNT},
    )

    assert response.status_code == 302
    assert response.url == reverse("accounts:two_factor_verify") + "?next=%2Faccounts%2F"


def test_signing_out_takes_a_post_and_ends_the_session(client: Client, cast) -> None:
    client.force_login(cast.admin)

    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert response.url == reverse("accounts:login")
    assert SESSION_KEY not in client.session


def test_the_account_page_needs_a_signed_in_person(client: Client) -> None:
    response = client.get(ACCOUNT)

    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next=/accounts/"


def test_the_account_page_lists_the_persons_associations(client: Client, cast) -> None:
    client.force_login(cast.admin)

    response = client.get(ACCOUNT)

    assert response.status_code == 200
    assert "Collectif démo" in response.content.decode()
    assert reverse("accounts:team", kwargs={"slug": "demo"}).encode() in response.content


def reset_link(message: mail.EmailMessage) -> str:
    match = re.search(r"https?://\S+(/accounts/password/reset/\S+/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_a_forgotten_password_is_replaced_through_the_link_sent_by_e_mail(
    client: Client, cast
) -> None:
    response = client.post(reverse("accounts:password_reset"), {"email": "bruno@example.org"})

    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["bruno@example.org"]
    assert mail.outbox[0].subject == "Choose a new Veilleuse password"
    # The link goes to the configured address of the site, never the request's Host header.
    assert "http://127.0.0.1:8000/accounts/password/reset/" in mail.outbox[0].body

    form_page = client.get(reset_link(mail.outbox[0]), follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"] is True
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a long new pass phrase", "new_password2": "a long new pass phrase"},
    )

    assert done.status_code == 302
    assert done.url == reverse("accounts:password_reset_complete")
    cast.reviewer.refresh_from_db()
    assert cast.reviewer.check_password("a long new pass phrase")


def test_an_unknown_address_gets_the_same_answer_and_no_e_mail(client: Client, cast) -> None:
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})

    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_the_reset_e_mail_is_written_in_french_for_a_french_speaker(cast) -> None:
    french = Client(HTTP_ACCEPT_LANGUAGE="fr")

    french.post(reverse("accounts:password_reset"), {"email": "bruno@example.org"})

    assert "Bonjour bruno" in mail.outbox[0].body


def test_a_used_reset_link_no_longer_works(client: Client, cast) -> None:
    client.post(reverse("accounts:password_reset"), {"email": "chloe@example.org"})
    link = reset_link(mail.outbox[0])
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a long new pass phrase", "new_password2": "a long new pass phrase"},
    )

    again = client.get(link, follow=True)

    assert again.context["validlink"] is False
    assert b"This link no longer works" in again.content


def test_a_signed_in_person_changes_their_password(client: Client, cast) -> None:
    client.force_login(cast.viewer)

    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another long pass phrase",
            "new_password2": "another long pass phrase",
        },
    )

    assert response.status_code == 302
    assert response.url == reverse("accounts:password_change_done")
    cast.viewer.refresh_from_db()
    assert cast.viewer.check_password("another long pass phrase")
