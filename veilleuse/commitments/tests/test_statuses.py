"""Status changes with evidence: bad input refused with a clear message and nothing written,
four-eyes publication, corrections, two people editing at once."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from veilleuse.commitments.models import EvidenceKind, StatusChange
from veilleuse.commitments.services.statuses import (
    EvidenceItem,
    commitment_status_change,
    status_change_correct,
    status_change_publish,
)
from veilleuse.commitments.tests.world import fact, fresh, link, results, status_post, tracked
from veilleuse.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def change(cast: Any, commitment: Any, *args: Any, who: Any = None, **more: Any) -> StatusChange:
    return commitment_status_change(
        actor=who or cast.reviewer,
        commitment=commitment,
        fact=fact(*args, **more),
        seen_version=fresh(commitment).version,
    )


def english(client: Any, user: Any) -> Any:
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_a_change_with_a_link_is_published_and_moves_the_status(cast: Any) -> None:
    commitment = tracked(cast)

    recorded = change(cast, commitment, "in_progress")

    assert recorded.state == "published"
    assert fresh(commitment).status == "in_progress"
    assert recorded.evidence.get().url.startswith("https://")
    assert AuditEntry.objects.filter(action="status_change.record").exists()


@pytest.mark.parametrize(
    ("args", "more", "field"),
    [
        (("broken",), {}, "reason"),
        (("kept", EvidenceItem(EvidenceKind.NOTE, note="  ")), {}, "__all__"),
        (("kept", link("javascript:alert(1)")), {}, "url"),
        (("kept", link("file:///etc/passwd")), {}, "url"),
        (("kept", link("ftp://example.org/x")), {}, "url"),
    ],
    ids=["reason missing", "empty note", "javascript", "file", "ftp"],
)
def test_bad_input_is_refused_and_nothing_is_written(
    cast: Any, args: Any, more: Any, field: str
) -> None:
    commitment = tracked(cast)

    with pytest.raises(ValidationError) as refused:
        change(cast, commitment, *args, **more)

    error = refused.value
    assert field in (error.message_dict if hasattr(error, "error_dict") else {"__all__": 1})
    assert not StatusChange.objects.exists()
    assert fresh(commitment).status == "not_started"
    assert fresh(commitment).version == commitment.version


def test_broken_with_a_reason_is_accepted(cast: Any) -> None:
    commitment = tracked(cast)

    change(cast, commitment, "broken", reason="no_budget", reason_note="Budget 2027 voté sans.")

    assert fresh(commitment).status == "broken"


def test_the_page_refuses_a_change_without_evidence_with_a_clear_message(
    cast: Any, client: Any
) -> None:
    commitment = tracked(cast)
    url = reverse("commitments:commitment_detail", kwargs={"pk": commitment.pk})

    response = english(client, cast.reviewer).post(url, status_post(commitment, url=""))

    assert response.status_code == 400
    assert "Give at least one piece of evidence" in response.content.decode()
    assert not StatusChange.objects.exists()


def test_the_page_refuses_a_javascript_link_and_a_missing_reason(cast: Any, client: Any) -> None:
    commitment = tracked(cast)
    url = reverse("commitments:commitment_detail", kwargs={"pk": commitment.pk})
    english(client, cast.reviewer)

    bad_link = client.post(url, status_post(commitment, url="javascript:alert(1)"))
    no_reason = client.post(url, status_post(commitment, status="broken"))

    assert "Only web addresses starting with http:// or https://" in bad_link.content.decode()
    assert "needs a reason" in no_reason.content.decode()
    assert (bad_link.status_code, no_reason.status_code) == (400, 400)
    assert not StatusChange.objects.exists()


def test_a_document_too_large_is_refused_with_its_size(
    cast: Any, client: Any, settings: Any, tmp_path: Any
) -> None:
    settings.VEILLEUSE_UPLOAD_MAX_BYTES = 1024
    settings.MEDIA_ROOT = tmp_path
    commitment = tracked(cast)
    url = reverse("commitments:commitment_detail", kwargs={"pk": commitment.pk})
    big = SimpleUploadedFile("compte-rendu.pdf", b"x" * 4096, content_type="application/pdf")

    response = english(client, cast.reviewer).post(
        url, status_post(commitment, url="", document=big)
    )

    assert response.status_code == 400
    assert "The document is too large (4.0\xa0KB); the limit is 1.0\xa0KB." in (
        response.content.decode()
    )
    assert not StatusChange.objects.exists()
    assert not list(tmp_path.rglob("*.pdf"))


def test_a_document_is_kept_and_served_to_staff_only(
    cast: Any, client: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    commitment = tracked(cast)
    url = reverse("commitments:commitment_detail", kwargs={"pk": commitment.pk})
    document = SimpleUploadedFile("cr.txt", b"Compte rendu", content_type="text/plain")
    client.force_login(cast.reviewer)
    client.post(url, status_post(commitment, url="", document=document))
    evidence = StatusChange.objects.get().evidence.get()
    download = reverse(
        "commitments:evidence_document", kwargs={"change_id": evidence.change_id, "pk": evidence.pk}
    )

    assert b"".join(client.get(download).streaming_content) == b"Compte rendu"
    client.force_login(cast.outsider)
    assert client.get(download).status_code == 404


def test_two_people_editing_at_once_the_second_is_refused_and_keeps_their_input(
    cast: Any, client: Any
) -> None:
    commitment = tracked(cast)
    url = reverse("commitments:commitment_detail", kwargs={"pk": commitment.pk})
    english(client, cast.reviewer)
    first = status_post(commitment, status="in_progress")
    second = status_post(commitment, status="kept", note="Inauguré le 3 mai.")

    assert client.post(url, first).status_code == 302
    client.force_login(cast.admin)
    refused = client.post(url, second)

    page = refused.content.decode()
    assert refused.status_code == 409
    assert "Someone else changed this commitment meanwhile" in page
    assert "Inauguré le 3 mai." in page
    assert '<option value="kept" selected>' in page
    assert StatusChange.objects.count() == 1
    assert fresh(commitment).status == "in_progress"
    assert f'name="version" value="{fresh(commitment).version}"' in page


def test_with_four_eyes_a_change_waits_for_a_second_person(cast: Any) -> None:
    results(cast, four_eyes=True)
    commitment = tracked(cast)
    draft = change(cast, commitment, "kept")
    assert draft.state == "draft"
    assert fresh(commitment).status == "not_started"

    with pytest.raises(ValidationError, match="another reviewer"):
        status_change_publish(actor=cast.reviewer, change=draft)
    assert fresh(commitment).status == "not_started"
    status_change_publish(actor=cast.admin, change=draft)

    draft.refresh_from_db()
    assert (draft.state, draft.checked_by) == ("published", cast.admin)
    assert fresh(commitment).status == "kept"
    assert AuditEntry.objects.filter(action="status_change.publish").count() == 1


def test_a_correction_keeps_both_changes_and_moves_the_status(cast: Any, client: Any) -> None:
    commitment = tracked(cast)
    wrong = change(cast, commitment, "kept")

    with pytest.raises(ValidationError) as refused:
        status_change_correct(
            actor=cast.admin,
            change=wrong,
            fact=fact("in_progress"),
            correction_reason=" ",
            seen_version=fresh(commitment).version,
        )
    assert "correction_reason" in refused.value.message_dict
    correction = status_change_correct(
        actor=cast.admin,
        change=wrong,
        fact=fact("in_progress"),
        correction_reason="Only the first phase was opened.",
        seen_version=fresh(commitment).version,
    )

    assert StatusChange.objects.count() == 2
    assert correction.corrects == wrong
    assert fresh(commitment).status == "in_progress"
    page = english(client, cast.viewer).get(
        reverse("commitments:commitment_detail", kwargs={"pk": commitment.pk})
    )
    assert 'class="corrected"' in page.content.decode()
    assert "Only the first phase was opened." in page.content.decode()
    assert AuditEntry.objects.filter(action="status_change.correct").exists()


def test_a_corrected_change_cannot_be_corrected_twice(cast: Any) -> None:
    commitment = tracked(cast)
    wrong = change(cast, commitment, "kept")
    status_change_correct(
        actor=cast.admin,
        change=wrong,
        fact=fact("in_progress"),
        correction_reason="Erreur.",
        seen_version=fresh(commitment).version,
    )

    with pytest.raises(ValidationError, match="already corrected"):
        status_change_correct(
            actor=cast.admin,
            change=wrong,
            fact=fact("stalled", reason="no_budget"),
            correction_reason="Encore.",
            seen_version=fresh(commitment).version,
        )


def test_the_correction_page_saves_a_correction(cast: Any, client: Any) -> None:
    commitment = tracked(cast)
    wrong = change(cast, commitment, "kept")
    url = reverse("commitments:change_correct", kwargs={"pk": wrong.pk})
    data = status_post(fresh(commitment), status="in_progress", correction_reason="Erreur.")

    response = english(client, cast.reviewer).post(url, data)

    assert response.status_code == 302
    assert StatusChange.objects.filter(corrects=wrong).exists()
