"""French is the default language, and the French catalogue covers the accounts pages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext, override


@pytest.mark.parametrize(
    ("english", "french"),
    [
        ("Sign in", "Se connecter"),
        ("Sign out", "Se déconnecter"),
        ("Forgot your password?", "Mot de passe oublié\N{NO-BREAK SPACE}?"),
        ("Set up an authenticator", "Configurer une application d’authentification"),
        ("Add a member", "Ajouter un membre"),
        ("Skip to content", "Aller au contenu"),
    ],
)
def test_the_french_catalogue_translates_the_accounts_pages(english: str, french: str) -> None:
    with override("fr"):
        assert gettext(english) == french


@pytest.mark.django_db
def test_pages_are_french_by_default_and_say_so_in_their_lang_attribute() -> None:
    response = Client().get(reverse("accounts:login"))

    content = response.content.decode()
    assert '<html lang="fr" dir="ltr">' in content
    assert "Se connecter" in content


@pytest.mark.django_db
def test_the_language_switch_turns_the_pages_to_english() -> None:
    client = Client()

    client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    content = client.get(reverse("accounts:login")).content.decode()

    assert '<html lang="en" dir="ltr">' in content
    assert "Sign in" in content
