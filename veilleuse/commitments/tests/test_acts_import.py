"""The readers of the city's public record, against a loopback server serving fixtures in the
documented shapes: SCDL CSVs, the Explore API v2.1 (paging and errors), an order as a PDF.
The network is never reached: every address is 127.0.0.1."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from veilleuse.commitments.acts import IMPORTERS, SourceError, importer
from veilleuse.commitments.models import PublicAct
from veilleuse.commitments.services.watch import acts_import
from veilleuse.commitments.tests.record_fixtures import (
    COUNCIL_AGENDA_HTML,
    COUNCIL_MINUTES_LINES,
    DELIBERATIONS_CSV,
    DELIBERATIONS_HEADER,
    ORDER_LINES,
    SUBSIDIES_CSV,
    english,
    explore_api,
    loopback,
    paris_record,
    reportlab_pdf,
    tiny_pdf,
)

CSV = "text/csv; charset=utf-8"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """The messages are checked in English (the French catalogue is checked elsewhere)."""
    with english():
        yield


RECORDS = "/api/explore/v2.1/catalog/datasets/subventions-associations-votees-/records"


def test_the_registry_has_one_importer_per_source() -> None:
    assert set(IMPORTERS) == {
        "scdl-deliberations",
        "scdl-subsidies",
        "paris-subsidies",
        "paris-council",
        "orders-pdf",
    }
    with pytest.raises(SourceError, match="Unknown format"):
        importer("rss")


def test_scdl_deliberations_are_read_from_an_address() -> None:
    with loopback({"/delib.csv": (200, CSV, DELIBERATIONS_CSV.encode())}) as server:
        records = list(importer("scdl-deliberations").read(server.url("/delib.csv")))
    first = records[0]
    assert [r.reference for r in records] == ["2027 DÉMO-DSP 14", "2027 DÉMO-DVD 3"]
    assert first.decided_on.isoformat() == "2027-03-15"
    assert first.url == "https://deliberations.example.org/2027-demo-dsp-14"
    assert "120 pour, 25 contre, 5 abstention" in first.text
    # "Subvention (88.000 euros) à l'association X (20e)": beneficiary and amount kept
    assert (first.beneficiary_name, first.amount) == ("DÉMO Santé Communautaire", Decimal(88000))


def test_scdl_subsidies_semicolons_and_latin1_are_read(tmp_path: Path) -> None:
    path = tmp_path / "subventions.csv"
    path.write_bytes(SUBSIDIES_CSV.replace(",", ";").encode("cp1252"))
    records = list(importer("scdl-subsidies").read(str(path)))
    assert [(r.beneficiary_siret, r.amount) for r in records] == [
        ("00000000000123", Decimal("88000.00")),
        ("00000000000456", Decimal("1500.50")),
    ]
    assert records[0].beneficiary_name == "DÉMO Santé Communautaire"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("a,b\n1,2\n", "the columns DELIB_ID, DELIB_DATE, DELIB_OBJET are missing"),
        ("", "The source is empty."),
        (DELIBERATIONS_HEADER + "\nX,1,REF,15/13/2027,,,Objet,,,,,,,,,,\n", "Line 2: “15/13/2027”"),
        (DELIBERATIONS_HEADER + "\nX,1,,2027-01-01,,,,,,,,,,,,,\n", "Line 2: DELIB_ID"),
    ],
)
def test_malformed_deliberation_files_get_one_clear_sentence(
    tmp_path: Path, body: str, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(SourceError) as raised:
        list(importer("scdl-deliberations").read(str(path)))
    assert message in str(raised.value)


def test_a_bad_amount_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(SUBSIDIES_CSV.replace("1500.50", "beaucoup"), encoding="utf-8")
    with pytest.raises(SourceError, match="Line 3: “beaucoup” in montant is not an amount"):
        list(importer("scdl-subsidies").read(str(path)))


def test_the_explore_api_is_paged_until_total_count() -> None:
    records = [paris_record(n) for n in range(1, 231)]
    with loopback({RECORDS: explore_api(records)}) as server:
        read = list(importer("paris-subsidies").read(server.url(RECORDS + "?where=x")))
    assert len(read) == 230
    assert len({r.reference for r in read}) == 230
    assert [q.split("?")[1] for q in server.requests] == [
        "where=x&limit=100&offset=0",
        "where=x&limit=100&offset=100",
        "where=x&limit=100&offset=200",
    ]
    assert read[0].beneficiary_siret == "00000000000001"
    assert read[0].amount == Decimal("1001.00")
    assert read[0].reference == "2027 DÉMO-00001"


def test_the_json_export_is_read_in_one_request() -> None:
    body = json.dumps([paris_record(1), paris_record(2)]).encode()
    export = "/api/explore/v2.1/catalog/datasets/x/exports/json"
    with loopback({export: (200, "application/json", body)}) as server:
        read = list(importer("paris-subsidies").read(server.url(export)))
    assert [r.beneficiary_name for r in read] == ["Association Démo n° 1", "Association Démo n° 2"]


def test_the_csv_export_is_read_too() -> None:
    header = list(paris_record(1))
    lines = [";".join(header)] + [
        ";".join(str(paris_record(n)[key]) for key in header) for n in (7, 8)
    ]
    export = "/api/explore/v2.1/catalog/datasets/x/exports/csv"
    with loopback({export: (200, CSV, "\n".join(lines).encode())}) as server:
        read = list(importer("paris-subsidies").read(server.url(export)))
    assert [(r.beneficiary_siret, r.amount) for r in read] == [
        ("00000000000007", Decimal("1007.00")),
        ("00000000000008", Decimal("1008.00")),
    ]


def test_more_than_the_api_window_asks_for_the_export() -> None:
    def huge(query: dict[str, list[str]]) -> tuple[int, str, bytes]:
        return 200, "application/json", json.dumps({"total_count": 12000, "results": []}).encode()

    with loopback({RECORDS: huge}) as server, pytest.raises(SourceError, match="exports/json"):
        list(importer("paris-subsidies").read(server.url(RECORDS)))


API_ERROR = json.dumps({"error_code": "ODSQLError", "message": "Unknown field: foo"}).encode()


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        ((400, "application/json", API_ERROR), "HTTP 400): Unknown field: foo"),
        ((404, "text/plain", b"nope"), "HTTP 404"),
        ((500, "text/html", b"<h1>oops</h1>"), "HTTP 500"),
        ((200, "application/json", b'{"total_count": 3, "results": [}'), "valid JSON"),
        ((200, "application/json", b'{"total_count": 3}'), "no “results” list"),
        ((200, "application/json", b'{"results": []}'), "no “results” list"),
    ],
)
def test_api_errors_are_one_clear_sentence(reply: tuple[int, str, bytes], message: str) -> None:
    with loopback({RECORDS: reply}) as server, pytest.raises(SourceError) as raised:
        list(importer("paris-subsidies").read(server.url(RECORDS)))
    assert message in str(raised.value)


def test_an_order_is_read_from_a_pdf_address() -> None:
    with loopback({"/arretes/2027-42.pdf": (200, "application/pdf", tiny_pdf(ORDER_LINES))}) as s:
        (order,) = importer("orders-pdf").read(s.url("/arretes/2027-42.pdf"))
    assert order.reference == "2027 DÉMO 00042"
    assert order.decided_on.isoformat() == "2027-05-12"
    assert order.title.startswith("Arrêté n° 2027 DÉMO 00042 du 12 mai 2027 abrogeant")
    assert "est abrogé" in order.text
    assert order.url.endswith("/arretes/2027-42.pdf")


def test_a_file_that_is_not_a_pdf_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "order.pdf"
    path.write_bytes(b"%PDF-1.4 garbage")
    with pytest.raises(SourceError, match="The PDF cannot be read"):
        list(importer("orders-pdf").read(str(path)))


def test_only_web_addresses_and_existing_files(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="There is no file"):
        list(importer("scdl-deliberations").read(str(tmp_path / "missing.csv")))
    # a closed port on loopback: refused at once, never the network
    with loopback({}) as server:
        closed = server.url("/x.csv")
    with pytest.raises(SourceError, match="cannot be reached"):
        list(importer("scdl-deliberations").read(closed))


@pytest.mark.django_db
def test_importing_twice_adds_nothing_the_second_time(cast: Any) -> None:
    routes = {"/delib.csv": (200, CSV, DELIBERATIONS_CSV.encode())}
    with loopback(routes) as server:
        first = acts_import(
            campaign=cast.campaign,
            importer_name="scdl-deliberations",
            location=server.url("/delib.csv"),
        )
        again = acts_import(
            campaign=cast.campaign,
            importer_name="scdl-deliberations",
            location=server.url("/delib.csv"),
        )
    assert (first.read, first.added, again.read, again.added) == (2, 2, 2, 0)
    assert PublicAct.objects.filter(campaign=cast.campaign).count() == 2
    act = PublicAct.objects.get(reference="2027 DÉMO-DSP 14")
    assert len(act.text_hash) == 64
    assert act.url.startswith("https://deliberations")


@pytest.mark.django_db
def test_a_malformed_source_saves_nothing(cast: Any, tmp_path: Path) -> None:
    path = tmp_path / "half.csv"
    path.write_text(DELIBERATIONS_CSV + "X,1,REF,not-a-date,,,Objet,,,,,,,,,,\n", encoding="utf-8")
    with pytest.raises(SourceError):
        acts_import(
            campaign=cast.campaign,
            importer_name="scdl-deliberations",
            location=str(path),
        )
    assert not PublicAct.objects.exists()


def test_an_address_of_the_servers_own_network_is_refused(settings: Any) -> None:
    """Outside tests, a source's address cannot make the server read its own network: not
    at first, not through a redirect."""
    settings.VEILLEUSE_WATCH_PRIVATE_ADDRESSES = False
    with loopback({"/x.csv": (200, CSV, DELIBERATIONS_CSV.encode())}) as server:
        with pytest.raises(SourceError, match="only public addresses are read"):
            list(importer("scdl-deliberations").read(server.url("/x.csv")))
        assert server.requests == []  # refused before any request
    for private in ("http://10.0.0.1/x.csv", "http://[::1]/x.csv", "http://169.254.169.254/"):
        with pytest.raises(SourceError, match="own network"):
            list(importer("scdl-deliberations").read(private))


def test_a_redirect_to_the_servers_own_network_is_refused(settings: Any) -> None:
    from veilleuse.commitments.acts.base import _CheckedRedirects

    settings.VEILLEUSE_WATCH_PRIVATE_ADDRESSES = False
    with pytest.raises(SourceError, match="own network"):
        _CheckedRedirects().redirect_request(
            None,  # type: ignore[arg-type]  # never read: the check refuses first
            None,
            302,
            "Found",
            {},
            "http://127.0.0.1:6379/",
        )


def test_the_council_minutes_pdf_gives_each_deliberation_its_outcome() -> None:
    pdf = reportlab_pdf(COUNCIL_MINUTES_LINES)
    with loopback({"/cr/mai-2027.pdf": (200, "application/pdf", pdf)}) as server:
        records = list(importer("paris-council").read(server.url("/cr/mai-2027.pdf")))
    assert [r.reference for r in records] == [
        "2027 DEMOSP 14",
        "2027 DEMOASES 123",
        "2027 DEMOVD 3",
    ]
    first, ballot, rejected = records
    assert {r.decided_on for r in records} == {datetime.date(2027, 5, 13)}  # the first day
    assert first.title == (
        "Subvention (88.000 euros) à l'association DÉMO Santé Communautaire (20e)."
    )
    assert (first.beneficiary_name, first.amount) == ("DÉMO Santé Communautaire", Decimal(88000))
    assert first.text.endswith("— adopté à main levée")
    # a title on two lines is one title; the ballot's counts in the SCDL reader's words
    assert ballot.title.endswith("pour l'accueil de jour des femmes.")
    assert (ballot.beneficiary_name, ballot.amount) == ("Club Démo de Quartier", Decimal(12500))
    assert ballot.text.endswith("— 95 pour, 40 contre, 3 abstention")
    assert rejected.text.endswith("— rejeté")
    assert rejected.amount is None
    assert all(r.kind == "deliberation" and r.authority == "Conseil de Paris" for r in records)
    assert first.url.endswith("/cr/mai-2027.pdf")
    assert "Page 1" not in rejected.text


def test_the_council_agenda_in_html_with_a_given_date() -> None:
    html = ("text/html; charset=utf-8", COUNCIL_AGENDA_HTML.encode())
    with loopback({"/odj": (200, *html)}) as server:
        read = list(importer("paris-council").read(server.url("/odj")))
        given = list(importer("paris-council").read(server.url("/odj") + "#date=2027-07-08"))
    # a reference quoted inside a title starts no deliberation of its own
    assert [r.reference for r in read] == ["2027 DEMOSP 20", "2027 DEMOAC 7"]
    assert read[1].title.endswith("prolongeant la délibération 2026 DEMOAC 2 (3e).")
    assert read[0].decided_on == datetime.date(2027, 7, 7)
    assert read[0].text == read[0].title  # an agenda states no outcome
    assert (read[0].beneficiary_name, read[0].amount) == ("Entraide Démo", Decimal(4000))
    assert given[0].decided_on == datetime.date(2027, 7, 8)
    assert given[0].url == server.url("/odj")


def test_the_council_agenda_as_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "ordre-du-jour.txt"
    path.write_text(
        "Séance du 1er juin 2027\n12 - 2027 DEMOSP 9 Subvention (900 euros) à "
        "l'association Démo Voisins (2e)\n",
        encoding="utf-8",
    )
    (record,) = importer("paris-council").read(str(path))
    assert (record.reference, record.decided_on) == ("2027 DEMOSP 9", datetime.date(2027, 6, 1))
    assert record.url == ""


@pytest.mark.parametrize(
    ("body", "name", "message"),
    [
        (
            b"Bonjour, rien ici.\nDu texte sans r\xc3\xa9f\xc3\xa9rence.",
            "x.txt",
            "such as “2025 DASES 123”",
        ),
        (b"%PDF-1.4 garbage", "x.pdf", "The document cannot be read"),
        (
            b"<html><body><p>Ordre du jour</p></body></html>",
            "odj.html",
            "No deliberation was found",
        ),
    ],
)
def test_a_council_document_without_deliberations_is_one_sentence(
    tmp_path: Path, body: bytes, name: str, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(body)
    with pytest.raises(SourceError) as raised:
        list(importer("paris-council").read(str(path)))
    assert message in str(raised.value)


@pytest.mark.django_db
def test_the_council_minutes_imported_twice_are_kept_once(cast: Any) -> None:
    routes = {"/cr.pdf": (200, "application/pdf", reportlab_pdf(COUNCIL_MINUTES_LINES))}
    with loopback(routes) as server:
        runs = [
            acts_import(
                campaign=cast.campaign,
                importer_name="paris-council",
                location=server.url("/cr.pdf"),
            )
            for _ in range(2)
        ]
    assert [(r.read, r.added) for r in runs] == [(3, 3), (3, 0)]
    act = PublicAct.objects.get(campaign=cast.campaign, reference="2027 DEMOASES 123")
    assert len(act.text_hash) == 64
    assert act.amount == Decimal(12500)
    assert "95 pour" in act.text
