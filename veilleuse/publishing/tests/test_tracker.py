"""The public tracker: after the election, what the winners committed to and what became of
it — tracked commitments and published status changes only, corrections kept in sight."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from veilleuse.commitments.models import (
    ElectionResult,
    Evidence,
    Official,
    StatusChange,
    TrackedCommitment,
    Winner,
)
from veilleuse.demo import demo_load
from veilleuse.publishing import build
from veilleuse.publishing.build import build_site
from veilleuse.publishing.schema import publication_schema, schema_errors
from veilleuse.publishing.selectors import publication_data
from veilleuse.publishing.tracker import commitment_slug, safe_url
from veilleuse.questionnaires.models import Candidate

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
# What must never be published: a draft, a proposal, a dropped commitment, staff names.
SECRETS = ("BROUILLON-SECRET", "PROPOSITION-SECRETE", "ABANDON-SECRET", "NOTE-ABANDON")
STAFF = ("bruno", "alice", "Brunhilde", "Staffname", "@example.org")
HOSTILE = "<script>alert(1)</script>"


@dataclass
class Tracked:
    world: Any
    result: ElectionResult
    health: TrackedCommitment  # in progress; a draft says "kept"
    parking: TrackedCommitment  # broken, then corrected to stalled
    formula: TrackedCommitment  # a title a spreadsheet would run, and hostile text
    broken: StatusChange
    correction: StatusChange


def _change(commitment: TrackedCommitment, author: Any, **fields: Any) -> StatusChange:
    fields.setdefault("state", "published")
    if fields["state"] == "published":
        fields.setdefault("published_at", datetime(2027, 1, 5, 9, 0, tzinfo=UTC))
    return StatusChange.objects.create(commitment=commitment, author=author, **fields)


def tracker_create(world: Any, *, hypothetical: bool = True) -> Tracked:
    """Results for the demo campaign: one winning list, an official, three tracked
    commitments (one corrected), a proposal, a dropped one, a draft change."""
    campaign, staff = world.campaign, world.reviewer
    staff.first_name, staff.last_name = "Brunhilde", "Staffname"
    staff.save(update_fields=["first_name", "last_name"])
    TrackedCommitment.objects.filter(campaign=campaign).delete()
    ElectionResult.objects.filter(campaign=campaign).delete()
    winner = Candidate.objects.get(campaign=campaign, name="Emmanuel Grégoire")
    result = ElectionResult.objects.create(
        campaign=campaign,
        mandate_start=date(2026, 3, 22),
        mandate_end=date(2032, 3, 21),
        hypothetical=hypothetical,
    )
    Winner.objects.create(result=result, candidate=winner, majority=True)
    mayor = Official.objects.create(
        result=result, candidate=winner, name="Maire démo", role="Maire", portfolio="Santé"
    )
    questions = {q.number: q for q in campaign.questions.all()}

    def commitment(title: str, state: str = "tracked", **fields: Any) -> TrackedCommitment:
        return TrackedCommitment.objects.create(
            campaign=campaign, candidate=winner, source="answer", title=title, state=state, **fields
        )

    health = _health(commitment, staff, question=questions[1], official=mayor)
    parking = commitment("Abroger les arrêtés anti-stationnement", question=questions[7])
    broken, correction = _corrected(parking, staff)
    formula = commitment("=cmd|' /C calc'!A0", quote=HOSTILE)
    note = "-1 ligne budgétaire " + HOSTILE
    _change(formula, staff, status="unverifiable", happened_on=date(2026, 12, 1), note=note)
    commitment("PROPOSITION-SECRETE", state="proposed")
    dropped = commitment("ABANDON-SECRET", state="dropped")
    _change(dropped, staff, status="broken", happened_on=date(2026, 10, 1), note="NOTE-ABANDON")
    return Tracked(world, result, health, parking, formula, broken, correction)


def _health(commitment: Any, staff: Any, **fields: Any) -> TrackedCommitment:
    """In progress, with evidence of every kind (and two traps); a draft says "kept"."""
    health = commitment(
        "Ouvrir un centre de santé communautaire",
        quote="Nous ouvrirons un centre de santé communautaire.",
        expected_label="d’ici 2028",
        **fields,
    )
    ongoing = _change(
        health,
        staff,
        status="in_progress",
        happened_on=date(2026, 11, 2),
        note="Budget voté au conseil de novembre.",
    )
    for kind, title, evidence in (
        ("link", "Délibération du conseil", {"url": "https://example.net/deliberation"}),
        ("link", HOSTILE, {"url": "javascript:alert(1)"}),
        ("document", "Compte rendu", {"document": SimpleUploadedFile("cr.pdf", b"%PDF-1.4")}),
        ("document", "Page piégée", {"document": SimpleUploadedFile("x.html", b"<script>")}),
    ):
        Evidence.objects.create(change=ongoing, kind=kind, title=title, **evidence)
    draft = {"state": "draft", "note": "BROUILLON-SECRET"}
    _change(health, staff, status="kept", happened_on=date(2027, 2, 1), **draft)
    return health


def _corrected(parking: TrackedCommitment, staff: Any) -> tuple[StatusChange, StatusChange]:
    """Published as broken, then corrected to stalled (both stay public)."""
    why = {"reason": "no_majority", "reason_note": "Le groupe allié a voté contre."}
    broken = _change(parking, staff, status="broken", happened_on=date(2026, 9, 1), **why)
    correction = _change(
        parking,
        staff,
        status="stalled",
        happened_on=date(2026, 9, 1),
        corrects=broken,
        reason="no_majority",
        correction_reason="Le vote n’était que reporté.",
        published_at=datetime(2027, 1, 20, 9, 0, tzinfo=UTC),
    )
    return broken, correction


@pytest.fixture(autouse=True)
def _media_and_no_images(settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(build, "IMAGES_AND_REPORT", False)


@pytest.fixture
def tracked() -> Tracked:
    return tracker_create(demo_load())


def built(tracked: Tracked, tmp_path: Path, **options: Any) -> Path:
    data = publication_data(tracked.world.campaign)
    out = tmp_path / "site"
    build_site(data, out, documents_root=Path(settings.MEDIA_ROOT), **options)
    return out


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_the_record_holds_tracked_commitments_and_published_changes_only(
    tracked: Tracked,
) -> None:
    tracker = publication_data(tracked.world.campaign)["tracker"]
    assert tracker["mandate"] == {"start": "2026-03-22", "end": "2032-03-21", "hypothetical": True}
    assert [o["name"] for o in tracker["officials"]] == ["Maire démo"]
    statuses = {c["title"]: c["status"] for c in tracker["commitments"]}
    # The draft "kept" does not count: the public status is the published one.
    assert statuses == {
        "Ouvrir un centre de santé communautaire": "in_progress",
        "Abroger les arrêtés anti-stationnement": "stalled",
        "=cmd|' /C calc'!A0": "unverifiable",
    }
    parking = next(c for c in tracker["commitments"] if c["id"] == tracked.parking.pk)
    broken, correction = parking["changes"]
    assert broken["corrected_by"] == tracked.correction.pk
    assert correction["corrects"] == tracked.broken.pk
    assert correction["correction_reason"] == "Le vote n’était que reporté."
    assert parking["question"] == 7


def test_the_record_follows_its_json_schema(tracked: Tracked) -> None:
    data = publication_data(tracked.world.campaign)
    assert schema_errors(data, publication_schema()) == []
    data["tracker"]["commitments"][0]["status"] = "done"
    assert schema_errors(data, publication_schema())


def test_the_record_is_read_in_a_fixed_number_of_queries(
    tracked: Tracked, django_assert_max_num_queries: Any
) -> None:
    # 13: the last one reads the published figures (veilleuse/core/figures.py).
    with django_assert_max_num_queries(13):
        publication_data(tracked.world.campaign)


def test_the_site_holds_the_tracker_pages_feeds_and_exports(
    tracked: Tracked, tmp_path: Path
) -> None:
    site = built(tracked, tmp_path)
    tracker = json.loads(read(site, "data/publication.json"))["tracker"]
    theme = next(t["id"] for t in json.loads(read(site, "data/publication.json"))["themes"])
    expected = ["data/commitments.csv", "data/commitment-changes.csv"]
    for lang in ("fr", "en"):
        expected += [f"{lang}/tracker/index.html", f"{lang}/tracker/feed.xml"]
        expected += [f"{lang}/tracker/{c['slug']}.html" for c in tracker["commitments"]]
        expected += [f"{lang}/tracker/themes/{theme}.html"]
        expected += [f"{lang}/tracker/officials/{tracker['officials'][0]['id']}.html"]
        expected += [f"{lang}/tracker/lists/{tracker['commitments'][0]['list']}.html"]
    assert [path for path in expected if not (site / path).is_file()] == []
    assert 'href="../tracker/index.html"' in read(site, "fr/questions/1.html")


def meter(page: str) -> dict[str, int]:
    rows = re.findall(r"<tr class=\"meter-(\w+)\">.*?<td class=\"count\">(\d+)</td>", page, re.S)
    return {code: int(count) for code, count in rows}


def test_the_meter_counts_each_status_in_colour_symbol_and_word(
    tracked: Tracked, tmp_path: Path
) -> None:
    site = built(tracked, tmp_path)
    page = read(site, "en/tracker/index.html")
    assert meter(page) == {
        "not_started": 0,
        "in_progress": 1,
        "stalled": 1,
        "kept": 0,
        "compromise": 0,
        "broken": 0,
        "unverifiable": 1,
    }
    assert 'class="status status-in_progress">In progress<' in page
    official = read(site, f"en/tracker/officials/{tracked.health.official_id}.html")
    assert meter(official)["in_progress"] == 1
    assert sum(meter(official).values()) == 1
    css = read(site, "assets/site.css")
    assert '.status-kept::before{content:"✓"' in css


def test_a_commitment_page_shows_quote_question_timeline_evidence_and_reasons(
    tracked: Tracked, tmp_path: Path
) -> None:
    site = built(tracked, tmp_path)
    slug = next(p.stem for p in (site / "en" / "tracker").glob("ouvrir-*.html"))
    page = read(site, f"en/tracker/{slug}.html")
    assert "Nous ouvrirons un centre de santé communautaire." in page
    assert 'href="../questions/1.html#emmanuel-gregoire-' in page
    assert "Maire démo" in page
    assert "d’ici 2028" in page
    assert '<a href="https://example.net/deliberation" rel="noopener nofollow"' in page
    assert "javascript:" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    pdf = re.search(r'href="\.\./\.\./(documents/evidence/[\w.-]+\.pdf)" download', page)
    assert pdf, "the evidence document is offered as a download"
    assert (site / pdf.group(1)).read_bytes() == b"%PDF-1.4"
    assert not list((site / "documents" / "evidence").glob("*.html"))
    parking = read(site, f"fr/tracker/{commitment_slug(tracked.parking)}.html")
    assert "Le groupe allié a voté contre." in parking


def test_a_corrected_change_stays_visible_with_its_correction(
    tracked: Tracked, tmp_path: Path
) -> None:
    site = built(tracked, tmp_path)
    page = read(site, f"en/tracker/{commitment_slug(tracked.parking)}.html")
    corrected = page.split(f'id="change-{tracked.broken.pk}"', 1)[1].split("</li>", 1)[0]
    assert 'class="change corrected"' in page
    assert '<s><span class="status status-broken">Broken</span></s>' in corrected
    assert "Corrected on" in corrected
    assert "Le vote n’était que reporté." in corrected
    assert f'href="#change-{tracked.correction.pk}"' in corrected
    index = read(site, "en/tracker/index.html")
    log = index.split('id="corrections"', 1)[1]
    assert "Abroger les arrêtés anti-stationnement" in log
    assert "Le vote n’était que reporté." in log


def test_no_draft_proposal_dropped_commitment_or_staff_name_is_published(
    tracked: Tracked, tmp_path: Path
) -> None:
    site = built(tracked, tmp_path)
    files = [path for path in site.rglob("*") if path.is_file()]
    assert any(path.suffix == ".csv" for path in files)
    leaks = [
        f"{path.relative_to(site)}: {secret}"
        for path in files
        for secret in (*SECRETS, *STAFF)
        if secret.encode() in path.read_bytes()
    ]
    assert leaks == []
    changes = rows_of(read(site, "data/commitment-changes.csv"))
    assert {row["status"] for row in changes} == {
        "in_progress",
        "broken",
        "stalled",
        "unverifiable",
    }


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline="")))


def test_the_tracker_csv_neutralises_formulas_and_says_the_results_are_fictitious(
    tracked: Tracked, tmp_path: Path
) -> None:
    site = built(tracked, tmp_path)
    commitments = rows_of(read(site, "data/commitments.csv"))
    assert len(commitments) == 3
    assert "'=cmd|' /C calc'!A0" in {row["title"] for row in commitments}
    assert {row["hypothetical"] for row in commitments} == {"true"}
    notes = {row["note"] for row in rows_of(read(site, "data/commitment-changes.csv"))}
    assert "'-1 ligne budgétaire " + HOSTILE in notes


def atom(site: Path, lang: str) -> ET.Element:
    return ET.fromstring((site / lang / "tracker" / "feed.xml").read_bytes())


def test_the_atom_feed_is_valid_with_stable_ids_and_relative_links(
    tracked: Tracked, tmp_path: Path
) -> None:
    site = built(tracked, tmp_path)
    feed = atom(site, "fr")
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author/" + ATOM + "name"):
        assert feed.find(ATOM + required) is not None, required
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 4  # the published changes of tracked commitments
    for entry in entries:
        for required in ("id", "title", "updated", "summary"):
            assert (entry.findtext(ATOM + required) or "").strip(), required
        assert entry.findtext(f"{ATOM}id").startswith("urn:uuid:")
        href = entry.find(f"{ATOM}link").get("href")
        assert (site / "fr" / "tracker" / href.split("#")[0]).is_file()
    assert entries[0].findtext(f"{ATOM}updated").startswith("2027-01-20")  # newest first
    assert "Fictitious results" in atom(site, "en").findtext(f"{ATOM}title")
    again = built(tracked, tmp_path / "again")
    assert [e.findtext(f"{ATOM}id") for e in atom(again, "fr").findall(f"{ATOM}entry")] == [
        e.findtext(f"{ATOM}id") for e in entries
    ]


def test_with_a_site_url_the_feed_links_are_absolute(tracked: Tracked, tmp_path: Path) -> None:
    site = built(tracked, tmp_path, site_url="https://suivi.example.net/paris/")
    feed = atom(site, "en")
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["self"] == "https://suivi.example.net/paris/en/tracker/feed.xml"
    entry_link = feed.find(f"{ATOM}entry/{ATOM}link").get("href")
    assert entry_link.startswith("https://suivi.example.net/paris/en/tracker/")


def test_fictitious_results_are_labelled_on_every_tracker_page(
    tracked: Tracked, tmp_path: Path
) -> None:
    site = built(tracked, tmp_path)
    for page in (site / "en" / "tracker").rglob("*.html"):
        assert "Fictitious results (demonstration)" in page.read_text(encoding="utf-8"), page
    for page in (site / "fr" / "tracker").rglob("*.html"):
        assert 'class="tracker-fictitious"' in page.read_text(encoding="utf-8"), page
    tracked.result.hypothetical = False
    tracked.result.save(update_fields=["hypothetical"])
    real = built(tracked, tmp_path / "real")
    assert 'class="tracker-fictitious"' not in read(real, "en/tracker/index.html")


def test_without_results_there_is_no_tracker(tmp_path: Path) -> None:
    world = demo_load()
    ElectionResult.objects.filter(campaign=world.campaign).delete()
    data = publication_data(world.campaign)
    assert data["tracker"] is None
    assert schema_errors(data, publication_schema()) == []
    out = tmp_path / "site"
    build_site(data, out)
    assert not (out / "fr" / "tracker").exists()
    assert not (out / "data" / "commitments.csv").exists()
    assert "tracker/index.html" not in read(out, "fr/index.html")


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://example.net/a", True),
        ("HTTP://example.net", True),
        ("javascript:alert(1)", False),
        ("data:text/html,x", False),
        ("//example.net", False),
        ("vbscript:x", False),
        ("https:no-host", False),
    ],
)
def test_only_http_addresses_become_evidence_links(url: str, kept: bool) -> None:
    assert safe_url(url) == (url if kept else "")


def test_a_status_confirmed_from_an_official_act_links_to_it_with_its_quote(
    tracked: Tracked, tmp_path: Path, django_assert_max_num_queries: Any
) -> None:
    from veilleuse.commitments.models import ActProposal, PublicAct

    act = PublicAct.objects.create(
        campaign=tracked.world.campaign,
        kind="deliberation",
        reference="2026 DÉMO-DSP 14",
        title="Création d’un centre de santé communautaire (acte fictif)",
        decided_on=date(2026, 11, 2),
        url="https://example.net/deliberations/2026-demo-dsp-14",
        text_hash="x" * 64,
    )
    change = tracked.health.changes.get(state="published")
    ActProposal.objects.create(
        act=act,
        commitment=tracked.health,
        status="in_progress",
        quote="Un centre de santé communautaire est créé dans le 20e.",
        score=0.9,
        state="confirmed",
        change=change,
    )
    with django_assert_max_num_queries(13):  # the act comes with the change: no more reads
        data = publication_data(tracked.world.campaign)
    assert schema_errors(data, publication_schema()) == []
    site = built(tracked, tmp_path)
    page = read(site, f"en/tracker/{commitment_slug(tracked.health)}.html")
    assert "Official act:</strong> Deliberation <bdi" in page
    assert "2026 DÉMO-DSP 14" in page
    assert (
        '<a href="https://example.net/deliberations/2026-demo-dsp-14" rel="noopener nofollow"'
        in page
    )
    assert "Un centre de santé communautaire est créé dans le 20e." in page
    assert '<h2 id="acts">Official acts</h2>' in page
    other = read(site, f"en/tracker/{commitment_slug(tracked.parking)}.html")
    assert "Official act" not in other
