"""Finding 4: one moderator alone cannot publish a phone number, a plate or an e-mail address
by writing it in the alert's free text, whatever the language of that text.

Masked identifiers already need two moderators (four eyes); the free text is the one part
of an alert that is not a template, so what it holds is read with the identifiers'
normaliser and the same rule applies. The moderator is told why, in their language.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from veilleuse.alerts.models import AlertStatus, Outbox
from veilleuse.alerts.services import moderation
from veilleuse.alerts.tests.moderation_helpers import draft_alert, file_report

IN_THE_FREE_TEXT = [
    ("fr", "Il appelle depuis le 06 12 34 56 78, ne répondez pas."),
    ("fr", "Numéro : 06.12.34.56.78"),
    ("en", "He calls from +44 7911 123456."),
    ("es", "Llama desde el +34 612 34 56 78."),
    ("zh-hans", "他的电话是１３８００１３８０００，小心。"),
    ("ro", "Numărul lui: 0722 123 456."),
    ("pt", "Matrícula AA-00-AA, carro cinzento."),
    ("fr", "Voiture grise immatriculée AB-123-CD."),
    ("en", "Grey car, plate AB 123 CD."),
    ("en", "Grey car, plate ab-123-cd."),
    ("es", "Coche con matrícula 1234 BCD."),
    ("en", "He writes from rosa.fake@example.org."),
    ("zh-hans", "他的邮箱：ｊｏｈｎ＠example.com"),
]


@pytest.mark.parametrize(("language", "text"), IN_THE_FREE_TEXT)
def test_an_identifier_in_the_free_text_needs_a_second_moderator(network, language, text):
    report = file_report(network)
    alert = draft_alert(network, report, languages=[language], free_texts={language: text})
    alert = moderation.alert_approve(actor=network.moderator, alert=alert)
    assert alert.status == AlertStatus.AWAITING_SECOND
    assert not Outbox.objects.exists()
    alert = moderation.alert_approve(actor=network.second_moderator, alert=alert)
    assert alert.status == AlertStatus.PUBLISHED


def test_an_untranslated_free_text_shown_in_other_languages_is_read_too(network):
    """A note given in Romanian only goes out, untranslated, in every language of the alert."""
    report = file_report(network)
    alert = draft_alert(
        network, report, languages=["fr", "es"], free_texts={"ro": "Sună de pe 0722 123 456."}
    )
    alert = moderation.alert_approve(actor=network.moderator, alert=alert)
    assert alert.status == AlertStatus.AWAITING_SECOND


def test_a_free_text_without_identifiers_needs_one_moderator(network):
    report = file_report(network)
    text = "Soyez prudentes vers 22h30, rue de Belleville (75020), 3 fois en 2026."
    alert = draft_alert(network, report, free_texts={"fr": text})
    alert = moderation.alert_approve(actor=network.moderator, alert=alert)
    assert alert.status == AlertStatus.PUBLISHED


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", "The note in this alert looks like it holds a phone number"),
        ("fr", "La note de cette alerte semble contenir un numéro de téléphone"),
    ],
)
def test_the_moderator_is_told_why_a_second_moderator_is_needed(
    client, network, language, sentence
):
    report = file_report(network)
    alert = draft_alert(network, report, free_texts={"fr": "Appelle du 06 12 34 56 78."})
    client.force_login(network.moderator)
    page = client.get(
        reverse(
            "alerts:moderation_alert",
            kwargs={"slug": network.association.slug, "pk": alert.pk},
        ),
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert page.status_code == 200
    assert sentence in page.content.decode().replace("\N{NO-BREAK SPACE}", " ")
