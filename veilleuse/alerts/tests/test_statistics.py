"""Statistics for advocacy: only consented reports are counted, and no small cell is shown."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from veilleuse.alerts.models import Report, ReportStatus, StatisticsPublication
from veilleuse.alerts.services.statistics import (
    statistics_preview,
    statistics_publish,
    statistics_unpublish,
)
from veilleuse.alerts.statistics import CountedReport, suppress, tables
from veilleuse.demo import CAST_PASSWORD

PERIOD = {"period_start": date(2026, 1, 1), "period_end": date(2026, 12, 31)}


def reports(network: Any, zone: str, number: int, **fields: Any) -> None:
    defaults = {
        "occurred_on": date(2026, 3, 10),
        "kinds": ["theft"],
        "consent_statistics": True,
        "status": ReportStatus.APPROVED,
        "language": "fr",
    }
    for _ in range(number):
        Report.objects.create(
            association=network.association,
            author=network.rosa,
            zone=network.zones[zone] if zone else None,
            **{**defaults, **fields},
        )


def cells(preview: Any, dimension: str) -> dict[str, int | None]:
    return {cell.key: cell.count for cell in preview.tables[dimension].cells}


EMPTY_ZONES = ("bois-de-vincennes", "chateau-rouge", "en-ligne", "marechaux")


def counted(shown: dict[str, int | None]) -> dict[str, int | None]:
    """The cells shown with a count (every category is listed; the others are hidden)."""
    return {key: count for key, count in shown.items() if count is not None}


# --- pure rules -----------------------------------------------------------------------------


def test_a_cell_under_five_is_hidden_and_so_is_the_next_smallest():
    shown = suppress({"belleville": 12, "bois": 4, "choisy": 7, "online": 30}, 5)
    # 4 alone would be hidden; 7 goes with it, or 4 = total − 12 − 7 − 30.
    assert shown == {"belleville": 12, "bois": None, "choisy": None, "online": 30}


def test_hidden_cells_that_add_up_to_less_than_five_take_another_one_with_them():
    shown = suppress({"a": 1, "b": 2, "c": 9, "d": 20}, 5)
    assert shown == {"a": None, "b": None, "c": None, "d": 20}


def test_nothing_is_hidden_when_every_count_is_large_enough():
    assert suppress({"a": 5, "b": 9}, 5) == {"a": 5, "b": 9}


@hypothesis_settings(deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=3), st.integers(1, 40), max_size=12))
def test_no_table_ever_shows_a_small_count_nor_hides_a_single_cell(counts: dict[str, int]):
    shown = suppress(counts, 5)
    hidden = [key for key, value in shown.items() if value is None]
    assert all(value >= 5 for value in shown.values() if value is not None)
    if hidden and len(hidden) < len(counts):
        assert len(hidden) >= 2
        assert sum(counts[key] for key in hidden) >= 5


def test_a_report_of_two_kinds_counts_once_in_each():
    rows = [CountedReport(date(2026, 3, 1), "z", ("theft", "threats", "theft"))] * 5
    by_kind = tables(rows, min_cell=5, dimensions=["kind"])["kind"]
    assert {c.key: c.count for c in by_kind.cells} == {"theft": 5, "threats": 5}


# --- what is counted ------------------------------------------------------------------------


def test_a_reporter_who_did_not_consent_to_statistics_is_not_counted(network):
    reports(network, "belleville", 6)
    reports(network, "belleville", 3, consent_statistics=False)
    preview = statistics_preview(actor=network.moderator, association=network.association, **PERIOD)
    assert counted(cells(preview, "zone")) == {"belleville": 6}
    assert preview.total == 6


def test_rejected_withdrawn_and_merged_reports_are_not_counted(network):
    reports(network, "belleville", 5, status=ReportStatus.SUBMITTED)
    for status in (ReportStatus.REJECTED, ReportStatus.WITHDRAWN, ReportStatus.MERGED):
        reports(network, "belleville", 2, status=status)
    preview = statistics_preview(actor=network.moderator, association=network.association, **PERIOD)
    assert counted(cells(preview, "zone")) == {"belleville": 5}


def test_only_the_period_chosen_is_counted(network):
    reports(network, "belleville", 5, occurred_on=date(2025, 12, 31))
    reports(network, "belleville", 7, occurred_on=date(2026, 2, 1))
    preview = statistics_preview(actor=network.moderator, association=network.association, **PERIOD)
    assert counted(cells(preview, "month")) == {"2026-02": 7}


# --- the staff pages ------------------------------------------------------------------------


def signed_in(user: Any) -> Client:
    client = Client()
    client.login(username=user.username, password=CAST_PASSWORD)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the tests read English labels
    return client


@pytest.fixture
def world(network):
    reports(network, "belleville", 12)
    reports(network, "bois-de-boulogne", 4)  # a cell with 4 reports
    reports(network, "porte-de-choisy", 9)
    reports(network, "", 30, kinds=["threats"])
    return network


def test_a_cell_with_four_reports_never_appears_in_the_chart_or_the_csv(world):
    client = signed_in(world.moderator)
    page = client.get("/reseau/demo/statistiques/?start=2026-01-01&end=2026-12-31")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Bois de Boulogne" in html
    assert ">4<" not in html
    assert ": 4<" not in html
    assert "Bois de Boulogne: fewer than 5" in html  # the bar's <title>
    assert 'role="img"' in html
    assert " style=" not in html
    exported = client.get("/reseau/demo/statistiques/export.csv?start=2026-01-01&end=2026-12-31")
    rows = list(csv.DictReader(io.StringIO(exported.content.decode())))
    by_zone = {row["key"]: row["count"] for row in rows if row["dimension"] == "zone"}
    # Every zone is listed (issue 12): one without reports is "fewer than 5" too.
    assert by_zone == {
        "belleville": "12",
        "bois-de-boulogne": "fewer than 5",
        "porte-de-choisy": "fewer than 5",  # hidden with it, against subtraction
        "": "30",
        **dict.fromkeys(
            ("bois-de-vincennes", "chateau-rouge", "en-ligne", "marechaux"), "fewer than 5"
        ),
    }
    assert "4" not in {row["count"] for row in rows}


def test_only_moderators_and_admins_see_the_statistics(world, cast):
    assert signed_in(cast.admin).get("/reseau/demo/statistiques/").status_code == 200
    for user in (cast.reviewer, world.legal_worker, world.partner_staff, cast.outsider):
        assert signed_in(user).get("/reseau/demo/statistiques/").status_code == 404
    member = Client()
    member.force_login(world.rosa.user)
    # A member's session is sent to their feed from every staff page.
    assert member.get("/reseau/demo/statistiques/")["Location"] == "/alertes/"


def test_staff_publish_chosen_tables_that_hold_only_suppressed_figures(world):
    client = signed_in(world.moderator)
    response = client.post(
        "/reseau/demo/statistiques/",
        {
            "publish-start": "2026-01-01",
            "publish-end": "2026-12-31",
            "publish-tables": ["zone"],
            "publish-beside": "7, 8",
        },
    )
    assert response.status_code == 302
    publication = StatisticsPublication.objects.get()
    assert [t["dimension"] for t in publication.tables] == ["zone"]
    counts = {c["key"]: c["count"] for c in publication.tables[0]["cells"]}
    assert counts["bois-de-boulogne"] is None
    assert 4 not in counts.values()
    assert publication.beside_questions == [7, 8]


def test_a_publication_without_a_table_is_refused_with_a_sentence(world):
    client = signed_in(world.moderator)
    response = client.post(
        "/reseau/demo/statistiques/", {"publish-start": "2026-01-01", "publish-end": "2026-12-31"}
    )
    assert response.status_code == 400
    assert not StatisticsPublication.objects.exists()


def test_unpublishing_removes_the_figures_from_the_site(world):
    publication = statistics_publish(
        actor=world.moderator, association=world.association, dimensions=["kind"], **PERIOD
    )
    from veilleuse.core.figures import public_figures

    assert public_figures(world.association.pk)[0]["tables"][0]["dimension"] == "kind"
    statistics_unpublish(actor=world.moderator, publication=publication)
    assert public_figures(world.association.pk) == []


def test_only_the_networks_staff_can_unpublish_through_the_page(world, cast):
    publication = statistics_publish(
        actor=world.moderator, association=world.association, dimensions=["kind"], **PERIOD
    )
    url = f"/reseau/demo/statistiques/publications/{publication.pk}/retirer/"
    assert signed_in(cast.outsider).post(url).status_code == 404
    assert signed_in(cast.reviewer).post(url).status_code == 404
    assert StatisticsPublication.objects.exists()
    assert signed_in(cast.admin).post(url).status_code == 302
    assert not StatisticsPublication.objects.exists()
