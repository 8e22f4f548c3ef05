"""Legal support: cases from consenting reports, seen by legal workers only; the complaint
draft; same-identifier matches told to the legal service once."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from veilleuse.accounts.models import User
from veilleuse.alerts.complaint import complaint_draft, complaint_pdf
from veilleuse.alerts.models import (
    CaseStatus,
    IdentifierMatch,
    LegalCase,
    NetworkRole,
    NetworkRoleKind,
    ReportStatus,
)
from veilleuse.alerts.selectors.legal import case_matches, identifier_matches
from veilleuse.alerts.services.legal import (
    case_assign,
    case_note_add,
    case_open,
    case_refer,
    case_status_change,
    identifier_matches_refresh,
)
from veilleuse.alerts.tests.test_checks import reported
from veilleuse.core.models import AuditEntry


@pytest.fixture
def consenting(network):
    return reported(
        network,
        author=network.rosa,
        consent_legal=True,
        occurred_on=date(2026, 10, 3),
        zone=network.zones["belleville"],
        place="rue de Belleville",
        time_of_day="night",
    )


def case_url(case, name="alerts:case_detail", **extra):
    return reverse(name, kwargs={"slug": "demo", "case_id": case.pk, **extra})


def test_a_consenting_report_becomes_one_case(network, consenting):
    case = case_open(actor=network.legal_worker, report=consenting)
    assert (case.status, case.association) == (CaseStatus.OPEN, network.association)
    with pytest.raises(ValidationError, match="already has a case"):
        case_open(actor=network.legal_worker, report=consenting)


def test_a_report_without_consent_or_rejected_does_not(network):
    without = reported(network, author=network.lin)
    with pytest.raises(ValidationError, match="did not ask"):
        case_open(actor=network.legal_worker, report=without)
    rejected = reported(
        network, author=network.lin, consent_legal=True, status=ReportStatus.REJECTED
    )
    with pytest.raises(ValidationError, match="rejected"):
        case_open(actor=network.legal_worker, report=rejected)
    assert not LegalCase.objects.exists()


def test_case_follow_up_is_audited_without_content(network, consenting):
    case = case_open(actor=network.legal_worker, report=consenting)
    case_assign(actor=network.legal_worker, case=case, assignee=network.legal_worker)
    case_refer(actor=network.legal_worker, case=case, lawyer="Me Camille Durand")
    case_note_add(actor=network.legal_worker, case=case, body="Rendez-vous pris, très secret")
    case_status_change(actor=network.legal_worker, case=case, status=CaseStatus.CLOSED)
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert case.closed_at is not None
    assert case.lawyer == "Me Camille Durand"
    with pytest.raises(ValidationError):
        case_assign(actor=network.legal_worker, case=case, assignee=network.moderator)
    entries = AuditEntry.objects.filter(action__startswith="legal_case.")
    assert entries.count() == 5
    assert "secret" not in repr(list(entries.values()))
    assert "Durand" not in repr(list(entries.values()))


def test_only_legal_workers_of_the_network_open_a_case(client, network, cast, consenting):
    case = case_open(actor=network.legal_worker, report=consenting)
    oscar = User.objects.get(username="oscar")  # a legal worker, of another network
    NetworkRole.objects.create(
        association=cast.other_association, user=oscar, role=NetworkRoleKind.LEGAL
    )
    for user, status in (
        (network.legal_worker, 200),
        (network.moderator, 404),
        (cast.admin, 404),
        (oscar, 404),
        (network.rosa.user, 302),  # a member's session is sent to their feed
        (network.partner_staff, 404),
    ):
        client.force_login(user)
        assert client.get(case_url(case)).status_code == status, user
        assert client.get(case_url(case, "alerts:case_complaint_pdf")).status_code == status
        home = client.get(reverse("alerts:legal_home", kwargs={"slug": "demo"}))
        assert home.status_code == status, user
    client.force_login(network.moderator)
    note = client.post(case_url(case, "alerts:case_update", action="note"), {"body": "x"})
    assert note.status_code == 404
    assert not case.notes.exists()


def test_a_case_of_another_network_is_not_found_under_this_one(client, network, consenting):
    case = case_open(actor=network.legal_worker, report=consenting)
    client.force_login(network.legal_worker)
    url = reverse("alerts:case_detail", kwargs={"slug": "autre", "case_id": case.pk})
    assert client.get(url).status_code == 404


def test_the_legal_worker_opens_edits_and_downloads_the_complaint(client, network, consenting):
    client.force_login(network.legal_worker)
    home = client.get(reverse("alerts:legal_home", kwargs={"slug": "demo"}))
    assert f"report #{consenting.pk}" in home.content.decode()
    response = client.post(
        reverse("alerts:case_open", kwargs={"slug": "demo", "report_id": consenting.pk})
    )
    case = LegalCase.objects.get(report=consenting)
    assert response.url == case_url(case)
    page = client.get(case_url(case)).content.decode()
    assert "Madame, Monsieur le Procureur de la République" in page
    assert "+33612345678" in page  # the legal file holds the identifier in the clear
    edited = complaint_draft(consenting, today=date(2026, 11, 29)) + "\nAjout de l’avocate."
    saved = client.post(
        case_url(case, "alerts:case_update", action="complaint"), {"complaint_text": edited}
    )
    assert saved.status_code == 302
    case.refresh_from_db()
    assert case.complaint_text.endswith("Ajout de l’avocate.")
    pdf = client.get(case_url(case, "alerts:case_complaint_pdf"))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("attachment;")
    assert "no-store" in pdf["Cache-Control"]
    assert pdf.content.startswith(b"%PDF")


def test_the_complaint_draft_states_the_facts_in_french(network, consenting):
    text = complaint_draft(consenting, today=date(2026, 11, 29))
    assert text.count("Procureur de la République") >= 2
    assert "le 29 novembre 2026" in text
    assert "Le 3 octobre 2026, la nuit, à Belleville (rue de Belleville)" in text
    assert "des violences physiques" in text
    assert "222-11" in text
    assert "qualification à préciser par l’avocat·e" in text
    assert "+33612345678" in text
    assert "Rosa" not in text  # the pseudonym is not an identity: placeholders instead
    assert "[à compléter] Prénom NOM" in text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
def test_the_complaint_pdf_reads_as_the_letter(network, consenting, tmp_path):
    path = tmp_path / "plainte.pdf"
    path.write_bytes(complaint_pdf(complaint_draft(consenting, today=date(2026, 11, 29))))
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Procureur de la République" in text
    assert "29 novembre 2026" in text
    assert "3 octobre 2026" in text


def test_legal_workers_are_told_once_of_a_same_identifier_match(
    network, consenting, django_capture_on_commit_callbacks
):
    reported(network, author=network.rosa, occurred_on=date(2026, 11, 1))  # same author
    with django_capture_on_commit_callbacks(execute=True):
        assert identifier_matches_refresh(association_id=network.association.pk) == []
    other = reported(network, author=network.lin, status=ReportStatus.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        assert len(identifier_matches_refresh(association_id=network.association.pk)) == 1
        assert identifier_matches_refresh(association_id=network.association.pk) == []
    assert [message.to for message in mail.outbox] == [["lea@example.org"]]
    assert "+336" not in mail.outbox[0].body
    assert "Belleville" not in mail.outbox[0].body
    match = IdentifierMatch.objects.get()
    assert match.reports == 2
    assert match.notified_at is not None
    [shown] = identifier_matches(network.association)
    assert (shown.masked, shown.independent_reports, shown.consenting_reports) == (
        "+33 6 •• •• •• 78",
        2,
        1,
    )
    case = case_open(actor=network.legal_worker, report=consenting)
    assert [m.case_ids for m in case_matches(case)] == [(case.pk,)]
    other.status = ReportStatus.REJECTED
    other.save(update_fields=["status"])
    assert identifier_matches(network.association) == []


def test_the_worker_looks_for_new_matches_in_every_network_with_a_legal_worker(
    network, consenting, django_capture_on_commit_callbacks
):
    from veilleuse.alerts.staff_mail import identifier_matches_watch

    reported(network, author=network.ana)
    with django_capture_on_commit_callbacks(execute=True):
        assert identifier_matches_watch.call_local() == 1
    assert identifier_matches_watch.call_local() == 0
    assert len(mail.outbox) == 1


def test_the_legal_home_page_costs_the_same_queries_for_one_case_or_many(client, network):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(network.legal_worker)
    url = reverse("alerts:legal_home", kwargs={"slug": "demo"})
    costs = []
    for author in (network.rosa, network.lin, network.ana):
        report = reported(network, author=author, consent_legal=True)
        case_open(actor=network.legal_worker, report=report)
        reported(network, author=author, raw="+33 7 55 55 55 55", consent_legal=True)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        costs.append(len(queries))
    assert costs[1] == costs[2], costs


def test_a_refused_case_change_shows_the_case_again_with_400(client, network, consenting):
    case = case_open(actor=network.legal_worker, report=consenting)
    client.force_login(network.legal_worker)
    url = case_url(case, "alerts:case_update", action="status")
    refused = client.post(url, {"status": "no-such-status"})
    assert refused.status_code == 400
    assert refused.context["forms"]["status"].errors
    saved = client.post(url, {"status": case.status})
    assert saved.status_code == 302
