"""Triage of proposals, the follow-up dashboard (overdue, no news, query count) and the
weekly digest."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from veilleuse.commitments.models import TrackedCommitment
from veilleuse.commitments.selectors import months_before, tracking_board
from veilleuse.commitments.services.statuses import commitment_status_change
from veilleuse.commitments.services.triage import (
    commitment_accept,
    commitment_drop,
    commitment_merge,
)
from veilleuse.commitments.tasks import tracking_digests_due
from veilleuse.commitments.tests.world import fact, fresh, results, tracked
from veilleuse.core.models import AuditEntry

pytestmark = pytest.mark.django_db
LAST_YEAR = timezone.localdate() - datetime.timedelta(days=365)


def proposal(cast: Any, title: str) -> TrackedCommitment:
    return TrackedCommitment.objects.create(
        campaign=cast.campaign, candidate=cast.list_a, source="engine", title=title
    )


def test_proposals_are_accepted_dropped_or_merged(cast: Any) -> None:
    official = results(cast).officials.create(name="Camille Démo", role="Maire")
    kept = commitment_accept(
        actor=cast.reviewer,
        commitment=proposal(cast, "Une mutuelle municipale"),
        official=official,
        expected_by=datetime.date(2027, 1, 1),
    )
    dropped = commitment_drop(actor=cast.reviewer, commitment=proposal(cast, "7 centres"))
    merged = commitment_merge(
        actor=cast.reviewer, commitment=proposal(cast, "La mutuelle"), into=kept
    )

    assert (kept.state, kept.official, kept.version) == ("tracked", official, 2)
    assert dropped.state == "dropped"
    assert (merged.state, merged.merged_into) == ("merged", kept)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"commitment.accept", "commitment.drop", "commitment.merge"} <= actions
    # by its code: the message is in the active language, which depends on earlier tests
    with pytest.raises(ValidationError) as raised:
        commitment_accept(actor=cast.admin, commitment=dropped)
    assert raised.value.code == "handled"


def test_a_proposal_cannot_merge_into_another_proposal(cast: Any) -> None:
    with pytest.raises(ValidationError):
        commitment_merge(
            actor=cast.reviewer, commitment=proposal(cast, "a"), into=proposal(cast, "b")
        )
    assert not TrackedCommitment.objects.exclude(state="proposed").exists()


def test_the_triage_page_accepts_a_proposal(cast: Any, client: Any) -> None:
    item = proposal(cast, "Une mutuelle municipale")
    client.force_login(cast.reviewer)

    page = client.get(reverse("commitments:proposals", kwargs={"slug": cast.campaign.slug}))
    assert "Une mutuelle municipale" in page.content.decode()
    response = client.post(reverse("commitments:triage", kwargs={"pk": item.pk}), {"accept": "1"})

    assert response.status_code == 302
    assert fresh(item).state == "tracked"


def test_a_commitment_is_added_by_hand_through_the_page(cast: Any, client: Any) -> None:
    client.force_login(cast.reviewer)
    url = reverse("commitments:commitment_add", kwargs={"slug": cast.campaign.slug})

    response = client.post(
        url,
        {"title": "Abroger les arrêtés", "candidate": cast.list_a.pk, "source_note": "Débat"},
    )

    commitment = TrackedCommitment.objects.get()
    assert response.status_code == 302
    assert (commitment.source, commitment.state) == ("manual", "tracked")


def test_the_dashboard_flags_overdue_and_silent_commitments(cast: Any, client: Any) -> None:
    results(cast)
    late = tracked(cast, "En retard", expected_by=LAST_YEAR)
    kept = tracked(cast, "Tenu en retard", expected_by=LAST_YEAR)
    commitment_status_change(
        actor=cast.reviewer, commitment=kept, fact=fact("kept"), seen_version=kept.version
    )
    quiet = tracked(cast, "Silencieux")
    TrackedCommitment.objects.filter(pk__in=[late.pk, quiet.pk]).update(
        created=timezone.now() - datetime.timedelta(days=400)
    )

    board = tracking_board(cast.campaign)
    overdue = tracking_board(cast.campaign, show="overdue")
    silent = tracking_board(cast.campaign, show="silent")

    assert {code: n for code, _, n in board.counts}["kept"] == 1
    assert [r.commitment.title for r in overdue.rows] == ["En retard"]
    assert {r.commitment.title for r in silent.rows} == {"En retard", "Silencieux"}
    page = client_page(client, cast.viewer, cast.campaign.slug, "?show=overdue")
    assert "En retard" in page
    assert "Silencieux" not in page


def client_page(client: Any, user: Any, slug: str, query: str = "") -> str:
    client.force_login(user)
    url = reverse("commitments:tracking", kwargs={"slug": slug})
    return client.get(url + query).content.decode()


def test_the_dashboard_costs_the_same_queries_whatever_the_number_of_commitments(
    cast: Any, django_assert_num_queries: Any
) -> None:
    results(cast)
    for n in range(5):
        commitment = tracked(cast, f"Engagement {n}")
        commitment_status_change(
            actor=cast.reviewer, commitment=commitment, fact=fact(), seen_version=1
        )

    with django_assert_num_queries(3):  # the result, the commitments, the proposals
        board = tracking_board(cast.campaign)
        assert [row.commitment.official for row in board.rows] == [None] * 5


def test_months_before_keeps_the_day_or_the_months_last_day() -> None:
    assert months_before(datetime.date(2026, 8, 31), 6) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2026, 3, 15), 15) == datetime.date(2024, 12, 15)


def test_the_weekly_digest_tells_admins_and_reviewers_what_is_late_or_silent(
    cast: Any, django_capture_on_commit_callbacks: Any
) -> None:
    results(cast)
    tracked(cast, "Ouvrir le centre de santé", expected_by=LAST_YEAR)
    tracked(cast, "Tout va bien")

    with django_capture_on_commit_callbacks(execute=True):
        assert tracking_digests_due() == 1

    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "bruno@example.org"]
    body = mail.outbox[0].body
    assert "Ouvrir le centre de santé" in body
    assert "Tout va bien" not in body
    assert "/tracking/" in body


def test_no_digest_when_nothing_is_late_or_silent(
    cast: Any, django_capture_on_commit_callbacks: Any
) -> None:
    results(cast)
    tracked(cast, "Tout va bien")

    with django_capture_on_commit_callbacks(execute=True):
        tracking_digests_due()

    assert mail.outbox == []
