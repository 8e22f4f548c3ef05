"""Every member language, on the member pages: the page is written in it, right to left in
Arabic, and counts are said with that language's plural forms (issue 14)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from veilleuse.alerts.tests.reporting import alert_from, member_report

# The sign-out button, in each language: proves the page is not in French.
from veilleuse.alerts.tests.test_safety_wording import SIGN_OUT

RIGHT_TO_LEFT = {"ar"}


def test_every_language_of_the_network_is_pinned_here() -> None:
    assert set(SIGN_OUT) == {code for code, _name in settings.LANGUAGES}


@pytest.mark.parametrize("code", sorted(SIGN_OUT))
def test_the_member_pages_are_written_in_each_language(network, code: str) -> None:
    client = Client()
    client.force_login(network.rosa.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = code
    report = member_report(network.rosa)
    alert = alert_from(report)
    direction = "rtl" if code in RIGHT_TO_LEFT else "ltr"
    for url in (
        reverse("alerts:feed"),
        reverse("alerts:alert", args=[alert.pk]),
        reverse("alerts:report_new"),
        reverse("alerts:my_reports"),
        reverse("alerts:check"),
        reverse("alerts:my_data"),
    ):
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 200, url
        assert f'<html lang="{code}" dir="{direction}">' in page, url
        assert SIGN_OUT[code] in page, (code, url)


@pytest.mark.parametrize(
    ("code", "counts"),
    [
        # Russian and Ukrainian: one / few / many, by the last digits.
        (
            "ru",
            {
                1: "1 независимое сообщение",
                3: "3 независимых сообщения",
                5: "5 независимых сообщений",
                21: "21 независимое сообщение",
                12: "12 независимых сообщений",
            },
        ),
        (
            "uk",
            {
                1: "1 незалежне повідомлення",
                2: "2 незалежні повідомлення",
                11: "11 незалежних повідомлень",
                22: "22 незалежні повідомлення",
            },
        ),
        ("bg", {1: "1 независим сигнал", 2: "2 независими сигнала"}),
        # Arabic: zero, one, two, few (3-10), many (11-99), other.
        (
            "ar",
            {
                1: "1 تقرير مستقل",
                2: "2 تقريران مستقلان",
                4: "4 تقارير مستقلة",
                11: "11 تقريرًا مستقلًا",
                100: "100 تقرير مستقل",
            },
        ),
    ],
)
def test_counts_follow_each_languages_plural_rules(code: str, counts: dict[int, str]) -> None:
    with translation.override(code):
        said = {
            n: ngettext("%(count)d independent report", "%(count)d independent reports", n)
            % {"count": n}
            for n in counts
        }
    assert said == counts


@pytest.mark.parametrize("code", ["ar", "bg", "ru", "uk"])
def test_the_new_languages_speak_the_alerts_vocabulary(code: str) -> None:
    """The quick exit, the sign-out and the number check are written in the language (no
    Latin letters in Arabic and Cyrillic sentences)."""
    latin = re.compile(r"[A-Za-z]")
    with translation.override(code):
        sentences = [gettext("Leave quickly"), gettext("Check a number"), gettext("My data")]
    assert not any(latin.search(sentence) for sentence in sentences), sentences
