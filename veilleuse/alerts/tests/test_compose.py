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
        "Alert: serious danger — non-payment and threats in Belleville (November 2026)."
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
    assert "(netradusă, în franceză)" in texts["ro"]  # the language's name, as Romanian writes it


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


def test_lists_months_and_language_names_follow_each_languages_own_patterns():
    """Issue 14: « 、 » and « 2026年11月 » in Chinese, no capital in Romanian or Spanish."""
    draft = Draft(
        kinds=("non_payment", "threats", "theft"),
        severity=2,
        zone_names=("Belleville", "Strasbourg-Saint-Denis"),
        occurred_on=date(2026, 11, 3),
        languages=("zh-hans", "ro", "pt", "es"),
    )
    texts = draft_texts(draft, {"fr": "Appelez l'association."})
    headline = {code: text.splitlines()[0] for code, text in texts.items()}
    assert "不付钱、威胁和偷窃或抢劫" in headline["zh-hans"]
    assert "（2026年11月）" in headline["zh-hans"]
    assert "十一月 2026" not in texts["zh-hans"]
    assert "(noiembrie 2026)" in headline["ro"]
    assert "(novembro de 2026)" in headline["pt"]
    assert "en francés" in texts["es"]
    assert "Francés" not in texts["es"]


def test_an_arabic_alert_keeps_latin_names_in_their_own_direction():
    draft = Draft(
        kinds=("threats",),
        severity=2,
        zone_names=("Belleville",),
        occurred_on=date(2026, 11, 3),
        languages=("ar",),
        masked_identifiers=("+33 6 •• •• •• 78",),
    )
    text = draft_texts(draft, {"fr": "Appelez l'association."})["ar"]
    assert text.startswith(
        "تنبيه"
    )  # the first strong letter is Arabic: the text reads right to left
    assert "\u2068Belleville\u2069" in text
    assert "\u2068+33 6 •• •• •• 78\u2069" in text
    assert "\u2068Appelez l'association.\u2069" in text
    assert "الفرنسية" in text  # "French", in Arabic
