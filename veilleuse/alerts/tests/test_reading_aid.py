"""A moderator who does not read the report's language gets a reading aid (issue 14): the
member's interface language, and the alert's template sentences in both languages side by
side — never a machine translation of the member's own words."""

from __future__ import annotations

from datetime import date

from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from veilleuse.alerts.compose import Draft, report_reading_aid, side_by_side
from veilleuse.alerts.tests.reporting import member_report

STORY = "他没付钱，还威胁我。"


def test_the_templates_are_set_side_by_side_line_by_line() -> None:
    draft = Draft(
        kinds=("non_payment", "threats"),
        severity=2,
        zone_names=("Belleville",),
        occurred_on=date(2026, 11, 3),
        languages=(),
    )
    lines = side_by_side(draft, "fr", "zh-hans")
    with translation.override("fr"):
        french = gettext("Ask for payment first.")
    with translation.override("zh-hans"):
        chinese = gettext("Ask for payment first.")
    assert (french, chinese) in lines
    assert len(lines) == 3  # the headline and one piece of advice per kind
    assert "2026年11月" in lines[0][1]
    assert "novembre 2026" in lines[0][0]


def test_a_report_in_the_moderators_language_needs_no_aid(network) -> None:
    report = member_report(network.rosa, language="fr")
    assert report_reading_aid(report, "fr") is None


def test_the_report_page_shows_the_members_language_and_the_aid(network) -> None:
    report = member_report(network.lin, language="zh-hans", description=STORY)
    client = Client()
    client.force_login(network.moderator)
    response = client.get(f"/reseau/demo/moderation/signalements/{report.pk}/")
    html = response.content.decode()
    staff_language = response["Content-Language"]
    assert staff_language in ("fr", "en")
    assert 'data-member-language="zh-hans"' in html
    assert 'id="reading-aid"' in html
    with translation.override("zh-hans"):
        theirs = gettext("Keep your money and phone out of reach; do not meet alone.")
    with translation.override(staff_language):
        mine = gettext("Keep your money and phone out of reach; do not meet alone.")
    assert f'<td lang="zh-hans" dir="auto">{theirs}</td>' in html
    assert f'<td lang="{staff_language}" dir="auto">{mine}</td>' in html
    aid = html[html.index('id="reading-aid"') : html.index("</details>")]
    assert STORY not in aid  # the member's own words are never in the aid
