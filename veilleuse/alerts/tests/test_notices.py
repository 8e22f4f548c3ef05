"""The note to people named in alerts and the members' notice (issue 20): the controller,
the legal basis, what is kept and for how long, read from the settings."""

from __future__ import annotations

from django.urls import reverse

from veilleuse.alerts.models import DataProtectionProfile, LegalBasis


def test_the_public_notice_names_the_controller_and_reads_the_retention_settings(
    client, network, settings
):
    DataProtectionProfile.objects.create(
        association=network.association,
        legal_name="Collectif Démo (fictif)",
        address="1 rue Fictive",
        dpo_contact="dpo@example.org",
        legal_basis=LegalBasis.VICTIM_SUPPORT,
    )
    settings.VEILLEUSE_RETENTION_REPORTS_DAYS = 123
    url = reverse("alerts:reported_notice", kwargs={"slug": "demo"})
    assert url == "/alertes/avis/demo/"
    response = client.get(url + "?lang=en")
    page = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    assert "Collectif Démo (fictif)" in page
    assert "dpo@example.org" in page
    assert 'data-basis="victim_support"' in page
    assert "accounts of what happened (reports): 123 days" in page
    assert reverse("alerts:contest", kwargs={"slug": "demo"}) in page


def test_the_public_notice_speaks_each_language_and_defaults_to_legitimate_interest(
    client, network
):
    url = reverse("alerts:reported_notice", kwargs={"slug": "demo"})
    french = client.get(url + "?lang=fr").content.decode()
    spanish = client.get(url + "?lang=es").content.decode()
    assert 'data-basis="legitimate_interest"' in french
    assert "personnes citées dans les alertes" in french
    assert 'lang="es"' in spanish
    assert "Aviso a las personas" in spanish
    assert client.get(reverse("alerts:reported_notice", kwargs={"slug": "nope"})).status_code == 404


def test_the_members_notice_says_what_is_kept_for_how_long_and_links_their_rights(
    client, network, settings
):
    settings.VEILLEUSE_RETENTION_REPORTS_DAYS = 321
    client.force_login(network.rosa.user)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("alerts:member_notice")).content.decode()
    assert "your reports: 321 days" in page
    assert reverse("alerts:my_data") in page
    assert reverse("alerts:my_data_erase") in page
