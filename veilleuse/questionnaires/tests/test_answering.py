"""A candidate answers through their personal link, on a phone, without an account."""

from __future__ import annotations

import io
import threading
import zipfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from veilleuse.questionnaires.models import (
    Answer,
    ContactAttempt,
    ContactKind,
    DocumentStatus,
    Invitation,
    Response,
    ResponseStatus,
)
from veilleuse.questionnaires.selectors.invitations import invitation_token
from veilleuse.questionnaires.services.answering import (
    ResponseAlreadySubmitted,
    answers_save,
    response_submit,
)
from veilleuse.questionnaires.services.campaigns import CampaignDetails, campaign_create
from veilleuse.questionnaires.services.invitations import (
    invitation_create,
    invitation_revoke,
)
from veilleuse.questionnaires.services.questionnaire import QuestionDetails, question_create

DOCUMENTS = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "documents"


@pytest.fixture(autouse=True)
def _english(settings: Any) -> Iterator[None]:
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def invitation(cast: Any) -> Invitation:
    cast.list_a.email = "liste-a@example.org"
    cast.list_a.save()
    return invitation_create(actor=cast.admin, candidate=cast.list_a)


def link(invitation: Invitation, name: str = "answer") -> str:
    return reverse(f"questionnaires:{name}", kwargs={"token": invitation_token(invitation)})


def first_questions(cast: Any, count: int = 2) -> list[Any]:
    return list(cast.campaign.questions.order_by("number")[:count])


def test_the_link_shows_the_questionnaire_with_a_text_area_per_question(
    client: Client, cast: Any, invitation: Invitation
) -> None:
    cast.campaign.introduction = "Madame, Monsieur, merci de répondre."
    cast.campaign.save()

    page = client.get(link(invitation))

    assert page.status_code == 200
    html = page.content.decode()
    assert "Madame, Monsieur, merci de répondre." in html
    assert html.count("<textarea") == 10
    assert all(escape(theme.title) in html for theme in cast.campaign.themes.all())
    assert page["Referrer-Policy"] == "no-referrer"
    assert "no-store" in page["Cache-Control"]


def test_a_draft_is_kept_and_the_candidate_can_come_back(
    client: Client, cast: Any, invitation: Invitation
) -> None:
    (q1,) = first_questions(cast, 1)

    saved = client.post(link(invitation), {f"q{q1.pk}": "Oui, nous le financerons.", "save": "1"})

    assert saved.status_code == 302
    response = Response.objects.get(candidate=cast.list_a)
    assert response.status == ResponseStatus.DRAFT
    assert response.answers.get(question=q1).text == "Oui, nous le financerons."
    assert "Oui, nous le financerons." in Client().get(link(invitation)).content.decode()


def test_submitting_asks_for_confirmation_then_sends_for_good(
    client: Client, cast: Any, invitation: Invitation, django_capture_on_commit_callbacks: Any
) -> None:
    (q1,) = first_questions(cast, 1)
    going = client.post(link(invitation), {f"q{q1.pk}": "Oui.", "submit": "1"})
    assert going["Location"] == link(invitation, "answer_submit")
    confirm = client.get(going["Location"])
    assert "Oui." in confirm.content.decode()
    assert Response.objects.get().status == ResponseStatus.DRAFT

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(link(invitation, "answer_submit"))

    assert done.status_code == 200
    response = Response.objects.get(candidate=cast.list_a)
    assert response.status == ResponseStatus.SUBMITTED
    assert response.submitted_at is not None
    assert ContactAttempt.objects.filter(candidate=cast.list_a, kind=ContactKind.REPLY).exists()
    assert [m.to for m in mail.outbox] == [["liste-a@example.org"]]
    # The analysis ran after commit (tasks run immediately in tests): a grade was suggested.
    assert Answer.objects.get(response=response).suggested_grade


def test_a_second_submit_changes_nothing_and_says_already_submitted(
    client: Client, cast: Any, invitation: Invitation
) -> None:
    (q1,) = first_questions(cast, 1)
    answers_save(invitation=invitation, answers={q1.pk: "Oui."})
    client.post(link(invitation, "answer_submit"))
    first = Response.objects.get()

    again = client.post(link(invitation, "answer_submit"))

    assert "already sent" in again.content.decode()
    assert Response.objects.get().submitted_at == first.submitted_at
    assert ContactAttempt.objects.filter(kind=ContactKind.REPLY).count() == 1


def test_answers_sent_are_read_only_to_the_candidate(
    client: Client, cast: Any, invitation: Invitation
) -> None:
    (q1,) = first_questions(cast, 1)
    answers_save(invitation=invitation, answers={q1.pk: "Oui."})
    response_submit(invitation=invitation)

    page = client.get(link(invitation))
    client.post(link(invitation), {f"q{q1.pk}": "Finalement non.", "save": "1"})

    assert "<textarea" not in page.content.decode()
    assert Answer.objects.get().text == "Oui."
    with pytest.raises(ResponseAlreadySubmitted):
        answers_save(invitation=invitation, answers={q1.pk: "Non."})


def test_nothing_to_send_is_refused_with_a_message(cast: Any, invitation: Invitation) -> None:
    with pytest.raises(ValidationError, match="Nothing to send"):
        response_submit(invitation=invitation)
    assert not Response.objects.exists()


def test_a_link_cannot_write_answers_to_another_questionnaire(
    cast: Any, invitation: Invitation
) -> None:
    details = CampaignDetails(election_name="Autre", slug="autre", title="Autre")
    other = campaign_create(
        actor=cast.outsider, association=cast.other_association, details=details
    )
    details = QuestionDetails(number=1, text="Autre ?")
    foreign = question_create(actor=cast.outsider, campaign=other, details=details)

    answers_save(invitation=invitation, answers={foreign.pk: "Intrus."})

    assert not Answer.objects.exists()


def test_after_the_deadline_the_page_says_whom_to_contact_and_refuses_writes(
    client: Client, cast: Any, invitation: Invitation
) -> None:
    (q1,) = first_questions(cast, 1)
    cast.campaign.deadline = timezone.now() - timedelta(hours=1)
    cast.campaign.save()

    page = client.get(link(invitation))
    post = client.post(link(invitation), {f"q{q1.pk}": "Trop tard.", "save": "1"})

    assert page.status_code == post.status_code == 410
    assert cast.association.name in page.content.decode()
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    ("spoil", "status"),
    [("tamper", 404), ("revoke", 410), ("expire", 410)],
)
def test_a_dead_link_gets_a_page_that_says_why(
    client: Client, cast: Any, invitation: Invitation, spoil: str, status: int
) -> None:
    url = link(invitation)
    if spoil == "tamper":
        url = url.replace(invitation_token(invitation), invitation_token(invitation)[:-3] + "xyz")
    elif spoil == "revoke":
        invitation_revoke(actor=cast.admin, candidate=cast.list_a)
    else:
        Invitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - timedelta(days=1)
        )

    page = client.get(url)

    assert page.status_code == status
    assert "<textarea" not in page.content.decode()


def upload(client: Client, invitation: Invitation, name: str, data: bytes) -> Any:
    return client.post(
        link(invitation, "answer_document"), {"document": SimpleUploadedFile(name, data)}
    )


def test_a_candidate_can_attach_a_document_instead(
    client: Client,
    cast: Any,
    invitation: Invitation,
    settings: Any,
    tmp_path: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path

    with django_capture_on_commit_callbacks(execute=True):  # the task reads it
        page = upload(client, invitation, "réponses.docx", (DOCUMENTS / "seed.docx").read_bytes())

    assert page.status_code == 302
    response = Response.objects.get()
    assert response.document_status == DocumentStatus.READABLE
    assert response.document_name == "réponses.docx"
    assert response.document.read() == (DOCUMENTS / "seed.docx").read_bytes()
    response_submit(invitation=invitation)  # a document alone can be sent


def corrupt_docx() -> bytes:
    return (DOCUMENTS / "corrupt.docx").read_bytes()


def png() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + bytes(64)


def empty_zip_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a Word document")
    return buffer.getvalue()


def test_a_file_of_another_kind_gets_a_clear_message_and_nothing_is_kept(
    client: Client, invitation: Invitation, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path

    page = upload(client, invitation, "photo.png", png())

    assert page.status_code == 400
    assert "cannot be read" in page.content.decode()
    assert not Response.objects.exists()
    assert not any(tmp_path.rglob("*.*"))


@pytest.mark.parametrize(
    ("name", "data"),
    [("photo.docx", png), ("corrupt.docx", corrupt_docx), ("archive.docx", empty_zip_docx)],
)
def test_a_damaged_document_is_read_by_a_task_and_the_page_says_it_could_not_be_read(
    client: Client,
    invitation: Invitation,
    settings: Any,
    tmp_path: Path,
    django_capture_on_commit_callbacks: Any,
    name: str,
    data: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path

    with django_capture_on_commit_callbacks(execute=True):
        page = upload(client, invitation, name, data())

    assert page.status_code == 302
    assert Response.objects.get().document_status == DocumentStatus.UNREADABLE
    assert f"{name} could not be read" in client.get(link(invitation)).content.decode()
    with pytest.raises(ValidationError, match="could not be read"):
        response_submit(invitation=invitation)


def test_a_document_over_the_limit_is_refused_before_it_is_read(
    client: Client, invitation: Invitation, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.VEILLEUSE_UPLOAD_MAX_BYTES = 1024 * 1024

    page = upload(client, invitation, "long.txt", b"Oui. " * 300_000)

    assert page.status_code == 400
    assert "too large" in page.content.decode()
    assert not Response.objects.exists()


def test_there_is_only_ever_one_response_per_candidate(cast: Any) -> None:
    Response.objects.create(candidate=cast.list_a)

    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(candidate=cast.list_a)


@pytest.mark.django_db(transaction=True)
def test_two_submits_at_the_same_moment_send_once(cast: Any) -> None:
    invitation = invitation_create(actor=cast.admin, candidate=cast.list_a)
    (q1,) = first_questions(cast, 1)
    answers_save(invitation=invitation, answers={q1.pk: "Oui."})
    outcomes: list[str] = []
    start = threading.Barrier(2)

    def submit() -> None:
        start.wait()
        try:
            response_submit(invitation=Invitation.objects.get(pk=invitation.pk))
            outcomes.append("sent")
        except ResponseAlreadySubmitted:
            outcomes.append("already")
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["already", "sent"]
    assert Response.objects.count() == 1
    assert ContactAttempt.objects.filter(kind=ContactKind.REPLY).count() == 1
