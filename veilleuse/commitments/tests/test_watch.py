"""The watch: a source read on schedule proposes status changes with their passage; a person
confirms (the status moves, the act is the evidence) or dismisses (remembered); the staff
page, the confirmation pages (GET shows, POST acts) and the weekly digest."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from veilleuse.commitments.models import (
    ActProposal,
    CommitmentStatus,
    EvidenceKind,
    ProposalState,
    WatchedSource,
    WatchRun,
)
from veilleuse.commitments.services.watch import (
    act_proposal_confirm,
    act_proposal_dismiss,
    acts_import,
)
from veilleuse.commitments.tasks import tracking_digests_due, watch_due
from veilleuse.commitments.tests.record_fixtures import (
    DELIBERATIONS_CSV,
    SUBSIDIES_CSV,
    english,
    loopback,
)
from veilleuse.commitments.tests.world import results, tracked

pytestmark = pytest.mark.django_db
CSV = "text/csv; charset=utf-8"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with english():
        yield


def health_centre(cast: Any) -> Any:
    results(cast)
    return tracked(
        cast,
        title="Ouvrir un centre de santé communautaire pour les travailleuses du sexe",
        quote="Nous financerons l'association DÉMO Santé Communautaire à hauteur de 88 000 euros.",
    )


def funded(cast: Any) -> Any:
    commitment = health_centre(cast)
    commitment.beneficiary_siret = "00000000000123"
    commitment.amount = Decimal(88000)
    commitment.save()
    return commitment


def read(cast: Any, importer: str, body: str) -> Any:
    with loopback({"/x.csv": (200, CSV, body.encode())}) as server:
        return acts_import(
            campaign=cast.campaign, importer_name=importer, location=server.url("/x.csv")
        )


def test_a_deliberation_proposes_in_progress_with_its_passage(cast: Any) -> None:
    commitment = health_centre(cast)
    report = read(cast, "scdl-deliberations", DELIBERATIONS_CSV)
    (proposal,) = ActProposal.objects.all()
    assert report.proposed == 1
    assert proposal.commitment == commitment
    assert proposal.act.reference == "2027 DÉMO-DSP 14"
    assert proposal.status == CommitmentStatus.IN_PROGRESS
    assert "centre de santé communautaire" in proposal.quote
    assert proposal.score >= 0.5
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.NOT_STARTED  # nothing moves by itself


def test_a_subsidy_matches_a_funding_commitment_by_siret_and_amount(cast: Any) -> None:
    funded(cast)
    read(cast, "scdl-subsidies", SUBSIDIES_CSV)
    (proposal,) = ActProposal.objects.all()
    assert proposal.act.beneficiary_siret == "00000000000123"
    assert "SIRET" in proposal.why
    assert "amount" in proposal.why
    assert proposal.why_display.startswith("same SIRET, same amount")


def test_confirming_records_the_change_with_the_act_as_evidence(cast: Any) -> None:
    commitment = health_centre(cast)
    read(cast, "scdl-deliberations", DELIBERATIONS_CSV)
    proposal = ActProposal.objects.get()
    change = act_proposal_confirm(actor=cast.reviewer, proposal=proposal)
    commitment.refresh_from_db()
    proposal.refresh_from_db()
    assert commitment.status == CommitmentStatus.IN_PROGRESS
    assert proposal.state == ProposalState.CONFIRMED
    assert proposal.change == change
    assert change.happened_on == min(datetime.date(2027, 3, 15), timezone.localdate())
    (evidence,) = change.evidence.all()
    assert evidence.kind == EvidenceKind.LINK
    assert evidence.url == "https://deliberations.example.org/2027-demo-dsp-14"
    assert proposal.quote in change.note


def test_a_dismissed_proposal_never_comes_back(cast: Any) -> None:
    health_centre(cast)
    read(cast, "scdl-deliberations", DELIBERATIONS_CSV)
    act_proposal_dismiss(actor=cast.reviewer, proposal=ActProposal.objects.get())
    # the same act read again (same text), and again with a new text: no new proposal for
    # the first; the second is a new act and may be proposed
    assert read(cast, "scdl-deliberations", DELIBERATIONS_CSV).proposed == 0
    assert ActProposal.objects.filter(state=ProposalState.PENDING).count() == 0


def test_a_decided_proposal_cannot_be_decided_again(cast: Any) -> None:
    health_centre(cast)
    read(cast, "scdl-deliberations", DELIBERATIONS_CSV)
    proposal = ActProposal.objects.get()
    act_proposal_dismiss(actor=cast.reviewer, proposal=proposal)
    with pytest.raises(Exception, match="already decided"):
        act_proposal_confirm(actor=cast.reviewer, proposal=proposal)


def test_the_watch_reads_due_sources_and_logs_failures(
    cast: Any, django_capture_on_commit_callbacks: Any
) -> None:
    health_centre(cast)
    routes = {"/ok.csv": (200, CSV, DELIBERATIONS_CSV.encode()), "/broken.csv": (500, CSV, b"")}
    with loopback(routes) as server:
        good = WatchedSource.objects.create(
            campaign=cast.campaign,
            importer="scdl-deliberations",
            name="Délibérations",
            address=server.url("/ok.csv"),
        )
        WatchedSource.objects.create(
            campaign=cast.campaign,
            importer="scdl-deliberations",
            name="Cassée",
            address=server.url("/broken.csv"),
        )
        with django_capture_on_commit_callbacks(execute=True):
            assert watch_due() == 2
        # read a moment ago: not due again for 24 hours
        assert watch_due() == 0
        later = timezone.now() + datetime.timedelta(hours=25)
        assert watch_due(later) == 2
    runs = {run.source.name: run for run in WatchRun.objects.all()}
    assert (runs["Délibérations"].read, runs["Délibérations"].added) == (2, 2)
    assert runs["Délibérations"].proposed == 1
    assert "HTTP 500" in runs["Cassée"].error
    good.refresh_from_db()
    assert good.last_run_at is not None


def test_the_confirmation_link_shows_a_page_and_only_a_post_acts(client: Any, cast: Any) -> None:
    commitment = health_centre(cast)
    read(cast, "scdl-deliberations", DELIBERATIONS_CSV)
    proposal = ActProposal.objects.get()
    client.force_login(cast.reviewer)
    url = reverse("commitments:act_proposal_confirm", kwargs={"pk": proposal.pk})
    page = client.get(url)
    assert page.status_code == 200
    assert "2027 DÉMO-DSP 14" in page.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.PENDING
    done = client.post(url)
    assert done.status_code == 302
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.IN_PROGRESS
    watch_page = client.get(reverse("commitments:watch", kwargs={"slug": cast.campaign.slug}))
    assert "Aucune proposition en attente." in watch_page.content.decode()  # French by default


def test_a_viewer_sees_the_watch_but_cannot_decide(client: Any, cast: Any) -> None:
    health_centre(cast)
    read(cast, "scdl-deliberations", DELIBERATIONS_CSV)
    proposal = ActProposal.objects.get()
    client.force_login(cast.viewer)
    page = client.get(reverse("commitments:watch", kwargs={"slug": cast.campaign.slug}))
    assert page.status_code == 200
    assert "2027 DÉMO-DSP 14" in page.content.decode()
    url = reverse("commitments:act_proposal_dismiss", kwargs={"pk": proposal.pk})
    assert client.post(url).status_code == 404


def test_an_admin_adds_a_source_with_a_clear_refusal_for_a_bad_address(
    client: Any, cast: Any
) -> None:
    client.force_login(cast.admin)
    url = reverse("commitments:watch", kwargs={"slug": cast.campaign.slug})
    data = {"name": "Arrêtés", "importer_name": "orders-pdf", "every_hours": 24}
    refused = client.post(url, {**data, "address": "file:///etc/passwd"})
    assert refused.status_code == 400
    assert "http:// ou https://" in refused.content.decode()
    assert client.post(url, {**data, "address": "https://example.org/a.pdf"}).status_code == 302
    assert WatchedSource.objects.get().every_hours == 24


def test_the_weekly_digest_lists_the_proposals_with_their_links(
    cast: Any, django_capture_on_commit_callbacks: Any
) -> None:
    health_centre(cast)
    read(cast, "scdl-deliberations", DELIBERATIONS_CSV)
    proposal = ActProposal.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        tracking_digests_due()
    body = mail.outbox[0].body
    assert "1 délibération peut concerner vos engagements." in body  # the site's language
    assert reverse("commitments:act_proposal_confirm", kwargs={"pk": proposal.pk}) in body
    assert reverse("commitments:act_proposal_dismiss", kwargs={"pk": proposal.pk}) in body


def test_the_demo_has_proposals_waiting_only_on_fictitious_commitments() -> None:
    from veilleuse.demo import demo_load

    world = demo_load()
    pending = ActProposal.objects.filter(state=ProposalState.PENDING).select_related(
        "act", "commitment"
    )
    assert pending.count() >= 2
    for proposal in pending:
        assert proposal.commitment.candidate == world.list_a  # never a real candidate's
        assert "DÉMO" in proposal.act.reference
        assert "fictif" in proposal.act.text
    demo_load()  # loading again adds nothing
    assert ActProposal.objects.count() == pending.count()


def test_a_commitment_tracked_after_the_acts_were_read_is_matched_against_them(
    cast: Any, django_capture_on_commit_callbacks: Any
) -> None:
    results(cast)
    read(cast, "scdl-deliberations", DELIBERATIONS_CSV)
    assert not ActProposal.objects.exists()  # nothing tracked yet
    with django_capture_on_commit_callbacks(execute=True):
        commitment = tracked(
            cast, title="Ouvrir un centre de santé communautaire pour les travailleuses du sexe"
        )
    (proposal,) = ActProposal.objects.all()
    assert proposal.commitment == commitment
    assert proposal.act.reference == "2027 DÉMO-DSP 14"
