"""Alert texts from templates, in every language of the alert."""

from __future__ import annotations

from datetime import date

from django.utils import translation

from veilleuse.alerts.compose import ADVICE, Draft, alert_texts, draft_texts
from veilleuse.alerts.models import ReportKind
from veilleuse.alerts.tests.moderation_helpers import PHONE, draft_alert, file_report

DRAFT = Draft(
    kinds=("non_payment", "threats"),
    severity=3,
    zone_names=("Belleville",),
    occurred_on=date(2026, 11, 3),
    languages=("en", "fr", "ro"),
)


def test_each_language_gets_its_text_in_the_order_of_the_settings():
    texts = draft_texts(DRAFT, {})
    assert list(texts) == ["fr", "en", "ro"]
    assert texts["en"].splitlines()[0] == (
        "Alert: serious danger — non-payment, threats in Belleville (November 2026)."
    )
    assert "novembre 2026" in texts["fr"]  # each text is rendered in its own language
    assert "Ask for payment first." in texts["en"]


def test_every_kind_has_its_piece_of_advice():
    assert set(ADVICE) == set(ReportKind)


def test_a_language_without_its_own_note_shows_the_original_marked_untranslated():
    texts = draft_texts(DRAFT, {"fr": "Appelez l'association.", "en": ""})
    assert "not translated" not in texts["fr"]
    with translation.override("en"):
        assert texts["en"].endswith(
            "Note from the association (not translated, in French): Appelez l'association."
        )
    assert "Appelez l'association." in texts["ro"]
    assert "Franceză" in texts["ro"]  # the language's name, in Romanian


def test_a_language_with_its_own_note_shows_it():
    texts = draft_texts(DRAFT, {"fr": "Appelez-nous.", "en": "Call us."})
    assert texts["en"].endswith("Note from the association: Call us.")
    assert "Appelez-nous." not in texts["en"]


def test_only_masked_unredacted_identifiers_are_shown_and_only_when_asked(network):
    report = file_report(
        network, identifiers=[("phone", PHONE), ("plate", "AB-123-CD")], kinds=["threats"]
    )
    plate = report.identifiers.get(kind="plate")
    plate.redacted = True
    plate.save()
    shown = draft_alert(network, report, show_identifiers=True, languages=["en"])
    text = alert_texts(shown, {})["en"]
    assert "+33 6 •• •• •• 78" in text
    assert "12 34" not in text
    assert "5678" not in text
    assert "A•••••D" not in text  # redacted
    hidden = draft_alert(network, report, show_identifiers=False, languages=["en"])
    assert "Identifiers" not in alert_texts(hidden, {})["en"]
