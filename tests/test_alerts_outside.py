"""The alert network's statistics, retention and key rotation seen from outside the app:
the published campaign site and the ``veilleuse`` command (the app itself may import
neither: tests/test_architecture.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from veilleuse.alerts.models import Member, Report
from veilleuse.alerts.services.keys import reencrypt_all
from veilleuse.alerts.services.statistics import statistics_publish
from veilleuse.alerts.tests.test_key_rotation import NEW, OLD
from veilleuse.alerts.tests.test_retention import report_with_alert
from veilleuse.alerts.tests.test_statistics import PERIOD, reports
from veilleuse.cli import main
from veilleuse.demo import demo_load
from veilleuse.publishing.build import build_site
from veilleuse.publishing.schema import publication_schema, schema_errors
from veilleuse.publishing.selectors import publication_data


def test_the_published_site_shows_the_figures_beside_the_demands_without_small_cells(
    network: Any, tmp_path: Path
) -> None:
    reports(network, "belleville", 12)
    reports(network, "bois-de-boulogne", 4)  # a cell with 4 reports
    reports(network, "porte-de-choisy", 9)
    reports(network, "", 30)
    statistics_publish(
        actor=network.moderator,
        association=network.association,
        dimensions=["zone"],
        beside_questions=[7],
        **PERIOD,
    )
    data = publication_data(demo_load().campaign)
    assert schema_errors(data, publication_schema()) == []
    build_site(data, tmp_path / "site")
    page = (tmp_path / "site" / "en" / "questions" / "7.html").read_text()
    figures = page[page.index('<section class="figures"') : page.index("</section>")]
    assert "Violence reported to the network" in figures
    assert "Belleville" in figures
    assert ">12<" in figures
    assert "Bois de Boulogne: fewer than 5" in figures
    assert ">4<" not in figures
    assert ": 4<" not in figures
    assert "Violence reported" not in (tmp_path / "site/en/questions/1.html").read_text()
    figures_csv = (tmp_path / "site" / "data" / "figures.csv").read_text()
    assert "Bois de Boulogne,Bois de Boulogne,\n" in figures_csv
    assert ",4\n" not in figures_csv


def test_veilleuse_purge_prints_the_counts(network: Any, settings: Any, tmp_path: Path, capsys):
    settings.VEILLEUSE_RETENTION_REPORTS_DAYS = 365
    settings.VEILLEUSE_SMS_DIR = tmp_path / "sms"
    report_with_alert(network, age=400)
    assert main(["purge", "--dry-run"]) == 0
    printed = capsys.readouterr().out
    assert "reports: 1" in printed
    assert "dry run" in printed
    assert Report.objects.count() == 1
    assert main(["purge"]) == 0
    assert "reports: 1" in capsys.readouterr().out
    assert Report.objects.count() == 0


def test_veilleuse_rotate_keys_rotates_and_says_what_to_do_next(
    network: Any, settings: Any, capsys
) -> None:
    # Every member's row is sealed (pseudonym, zones...): start with all of them under OLD.
    settings.VEILLEUSE_FIELD_KEYS = [OLD, *settings.VEILLEUSE_FIELD_KEYS]
    reencrypt_all()
    settings.VEILLEUSE_FIELD_KEYS = [OLD]
    Member.objects.filter(pk=network.rosa.pk).update(contact_email="rosa@example.org")
    settings.VEILLEUSE_FIELD_KEYS = [NEW, OLD]
    assert main(["rotate-keys"]) == 0
    printed = capsys.readouterr().out
    assert f"alerts.Member: {Member.objects.count()}" in printed
    assert "remove the old key" in printed
    settings.VEILLEUSE_FIELD_KEYS = [NEW]
    assert Member.objects.get(pk=network.rosa.pk).contact_email == "rosa@example.org"


def test_veilleuse_rotate_keys_explains_a_missing_key(network: Any, settings: Any, capsys) -> None:
    settings.VEILLEUSE_FIELD_KEYS = [OLD]
    Member.objects.filter(pk=network.rosa.pk).update(contact_email="rosa@example.org")
    settings.VEILLEUSE_FIELD_KEYS = [NEW]
    assert main(["rotate-keys"]) == 1
    assert "Keep every old key" in capsys.readouterr().err


def test_veilleuse_compliance_writes_both_documents_dated_and_versioned(
    network: Any, tmp_path: Path, capsys
) -> None:
    out = tmp_path / "compliance"
    args = ["compliance", "--out", str(out), "--association", "demo", "--date", "2026-12-07"]
    assert main([*args, "--revision", "2"]) == 0
    dpia = (out / "dpia.md").read_text(encoding="utf-8")
    assert "Version 2, generated on 2026-12-07" in dpia
    assert (out / "records.pdf").read_bytes().startswith(b"%PDF-")
    assert "records.md" in capsys.readouterr().out
    assert main(["compliance", "--out", str(out), "--association", "nope"]) == 1
    assert "No association 'nope'" in capsys.readouterr().err
    assert main(["compliance", "--out", str(out), "--date", "7 December"]) == 1
    assert "is not a date" in capsys.readouterr().err
