"""Short titles name a question or a commitment in a few words, cut between words."""

from __future__ import annotations

from veilleuse.analysis.titles import short_title


def test_the_polite_lead_in_and_the_addresses_are_dropped() -> None:
    question = (
        "Seriez-vous prêt à soutenir l'abrogation des arrêtés anti-prostitution "
        "<https://www.example.org/arretes%20circulation> ?"
    )
    assert short_title(question) == "Soutenir l'abrogation des arrêtés anti-prostitution"


def test_a_long_text_is_cut_after_a_whole_word_with_an_ellipsis() -> None:
    text = "Soutiendrez-vous financièrement la mise en place de cours d'alphabétisation ?"
    title = short_title(text, limit=40)
    assert title == "Soutiendrez-vous financièrement la mise…"
    assert len(title) <= 40


def test_a_short_text_is_kept_whole_with_a_capital() -> None:
    assert short_title("Êtes-vous favorable à un centre de santé ?") == "Un centre de santé"
    assert short_title("Oui") == "Oui"
