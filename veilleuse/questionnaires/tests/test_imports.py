"""Importing the document a campaign sent back: upload, reading, checking, accepting."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from veilleuse.core.models import AuditEntry
from veilleuse.questionnaires.models import ContactAttempt, Import, ImportStatus, Response
from veilleuse.questionnaires.services.imports import (
    import_accept,
    import_paragraph_merge,
    import_paragraph_move,
    import_paragraph_split,
    split_points,
)
from veilleuse.questionnaires.tasks import import_analyse

pytestmark = pytest.mark.django_db
DOCUMENTS = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "documents"
Capture = Callable[..., Any]


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(client: Client, cast: Any, name: str, data: bytes | None = None) -> Any:
    url = reverse(
        "questionnaires:import_upload", kwargs={"slug": cast.campaign.slug, "pk": cast.list_a.pk}
    )
    content = (DOCUMENTS / name).read_bytes() if data is None else data
    return client.post(url, {"document": SimpleUploadedFile(name, content)})


@pytest.fixture
def reviewer(client: Client, cast: Any) -> Client:
    client.force_login(cast.reviewer)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the assertions read English messages
    return client


@pytest.fixture
def imported(reviewer: Client, cast: Any, django_capture_on_commit_callbacks: Capture) -> Import:
    """bruno uploads seed.docx for Liste démo A; the reading task runs when the upload commits."""
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(reviewer, cast, "seed.docx")
    item = Import.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("questionnaires:import_detail", kwargs={"pk": item.pk})
    return item


def assigned(item: Import) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for paragraph in item.alignment["paragraphs"]:
        if paragraph["question"] is not None:
            found.setdefault(paragraph["question"], []).append(paragraph["text"])
    return found


def texts(item: Import) -> list[str]:
    return [p["text"] for p in item.alignment["paragraphs"]]


def test_the_seed_document_is_read_and_aligned_to_the_ten_questions(
    imported: Import, reviewer: Client
) -> None:
    imported.refresh_from_db()

    assert imported.status == ImportStatus.READY
    assert sorted(assigned(imported)) == list(range(1, 11))
    preamble = imported.alignment["paragraphs"][0]
    assert preamble["question"] is None  # the title is not an answer
    page = reviewer.get(reverse("questionnaires:import_detail", kwargs={"pk": imported.pk}))
    assert page.status_code == 200
    paragraphs = len(imported.alignment["paragraphs"])
    assert page.content.count(b'<select name="question">') == paragraphs
    assert b"<strong>no answer</strong>" not in page.content


def test_moving_a_paragraph_changes_only_its_question(imported: Import) -> None:
    imported.refresh_from_db()
    before = texts(imported)
    index = next(i for i, p in enumerate(imported.alignment["paragraphs"]) if p["question"] == 2)

    import_paragraph_move(item=imported, index=index, question=5)
    import_paragraph_move(item=imported, index=0, question=None)

    imported.refresh_from_db()
    assert imported.alignment["paragraphs"][index]["question"] == 5
    assert texts(imported) == before


def test_splitting_then_merging_keeps_the_text_exactly(imported: Import) -> None:
    imported.refresh_from_db()
    index, paragraph = next(
        (i, p)
        for i, p in enumerate(imported.alignment["paragraphs"])
        if split_points(text=p["text"])
    )
    at, sentence = split_points(text=paragraph["text"])[0]

    import_paragraph_split(item=imported, index=index, at=at)
    imported.refresh_from_db()
    head, tail = imported.alignment["paragraphs"][index : index + 2]
    assert head["text"] + tail["text"] == paragraph["text"]
    assert tail["text"].startswith(sentence)
    assert head["question"] == tail["question"] == paragraph["question"]

    import_paragraph_merge(item=imported, index=index)
    imported.refresh_from_db()
    assert imported.alignment["paragraphs"][index]["text"] == paragraph["text"]


def test_merging_two_paragraphs_joins_them_with_the_paragraph_break(imported: Import) -> None:
    imported.refresh_from_db()
    before = texts(imported)

    import_paragraph_merge(item=imported, index=3)

    imported.refresh_from_db()
    after = texts(imported)
    assert after[3] == before[3] + "\n\n" + before[4]
    assert after[:3] == before[:3]
    assert after[4:] == before[5:]
    assert "".join("".join(after).split()) == "".join("".join(before).split())


def test_a_split_must_fall_where_a_sentence_starts(imported: Import) -> None:
    imported.refresh_from_db()
    before = imported.alignment

    with pytest.raises(ValidationError):
        import_paragraph_split(item=imported, index=1, at=3)

    imported.refresh_from_db()
    assert imported.alignment == before


def test_the_edit_forms_post_back_to_the_import_page(imported: Import, reviewer: Client) -> None:
    kwargs = {"pk": imported.pk}
    reviewer.post(
        reverse("questionnaires:import_paragraph_move", kwargs=kwargs), {"index": 1, "question": ""}
    )
    reviewer.post(reverse("questionnaires:import_paragraph_merge", kwargs=kwargs), {"index": 1})

    imported.refresh_from_db()
    assert imported.alignment["paragraphs"][1]["question"] is None


def test_accepting_creates_the_response_with_ten_graded_answers(
    imported: Import, reviewer: Client, cast: Any
) -> None:
    url = reverse("questionnaires:import_accept", kwargs={"pk": imported.pk})

    page = reviewer.post(url)

    assert page.status_code == 302
    response = Response.objects.get(candidate=cast.list_a)
    assert response.source == "import"
    assert response.status == "submitted"
    assert response.document_name == "seed.docx"
    assert response.document
    grades = dict(response.answers.values_list("question__number", "suggested_grade"))
    assert len(grades) == 10
    assert grades[2] == "yes"
    assert grades[9] == "rather_no"
    imported.refresh_from_db()
    assert imported.status == ImportStatus.ACCEPTED
    assert ContactAttempt.objects.filter(candidate=cast.list_a, kind="reply").count() == 1
    assert AuditEntry.objects.filter(action="import.accept").count() == 1


def test_accepting_twice_does_nothing_the_second_time(imported: Import, cast: Any) -> None:
    import_accept(item=imported, reviewer=cast.reviewer)
    answers = list(Response.objects.get().answers.values_list("pk", "updated"))

    with pytest.raises(ValidationError) as refused:
        import_accept(item=imported, reviewer=cast.reviewer)

    assert refused.value.code == "accepted"
    assert list(Response.objects.get().answers.values_list("pk", "updated")) == answers
    assert ContactAttempt.objects.count() == 1


def test_a_question_without_paragraphs_gets_an_empty_answer(imported: Import, cast: Any) -> None:
    imported.refresh_from_db()
    for index, paragraph in enumerate(imported.alignment["paragraphs"]):
        if paragraph["question"] == 7:
            import_paragraph_move(item=imported, index=index, question=None)

    response = import_accept(item=imported, reviewer=cast.reviewer)

    answer = response.answers.get(question__number=7)
    assert answer.text == ""
    assert answer.suggested_grade == "no_answer"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("corrupt.docx", "damaged"),
        ("encrypted.pdf", "password-protected"),
    ],
)
def test_a_document_the_engine_cannot_read_fails_with_its_message(
    reviewer: Client,
    cast: Any,
    django_capture_on_commit_callbacks: Capture,
    name: str,
    message: str,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        upload(reviewer, cast, name)

    item = Import.objects.get()
    assert item.status == ImportStatus.FAILED
    assert message in item.error
    assert item.alignment == {}
    page = reviewer.get(reverse("questionnaires:import_detail", kwargs={"pk": item.pk}))
    assert message in page.content.decode()
    with pytest.raises(ValidationError) as refused:
        import_accept(item=item, reviewer=cast.reviewer)
    assert refused.value.code == "not_ready"
    assert not Response.objects.exists()


def test_a_pending_import_cannot_be_accepted(reviewer: Client, cast: Any) -> None:
    upload(reviewer, cast, "seed.docx")  # not committed: the task has not run

    with pytest.raises(ValidationError) as refused:
        import_accept(item=Import.objects.get(), reviewer=cast.reviewer)

    assert refused.value.code == "not_ready"


def test_a_picture_is_refused_at_upload(reviewer: Client, cast: Any) -> None:
    page = upload(reviewer, cast, "photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)

    assert page.status_code == 400
    assert "photo.png" in page.content.decode()
    assert "not a kind of document Veilleuse can read" in page.content.decode()
    assert not Import.objects.exists()


def test_an_oversized_upload_is_refused_with_the_limit_in_megabytes(
    reviewer: Client, cast: Any, settings: Any
) -> None:
    settings.VEILLEUSE_UPLOAD_MAX_BYTES = 1024 * 1024

    page = upload(reviewer, cast, "big.txt", b"a" * (1024 * 1024 + 1))

    assert page.status_code == 400
    assert "at most 1 MB" in page.content.decode()
    assert not Import.objects.exists()


def test_reading_the_import_again_does_not_undo_the_corrections(imported: Import) -> None:
    import_paragraph_move(item=imported, index=0, question=1)

    import_analyse(import_id=imported.pk)  # a retry, or the message delivered twice

    imported.refresh_from_db()
    assert imported.alignment["paragraphs"][0]["question"] == 1


def zip_bomb_docx() -> bytes:
    """A real .docx-shaped zip whose document expands 1,000-fold (30 MB from 30 KB)."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document>" + b"0" * 30_000_000)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_by_the_reader_and_nothing_is_written(
    reviewer: Client, cast: Any, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        upload(reviewer, cast, "reponses.docx", zip_bomb_docx())

    item = Import.objects.get()
    assert item.status == ImportStatus.FAILED
    assert "zip bomb" in item.error
    assert item.alignment == {}
    assert not Response.objects.exists()


# Words of the engine's English messages that must not reach a French page.
_ENGLISH = ("damaged", "text layer", "could not be opened", "a scan", "kind of document")


@pytest.mark.parametrize(
    ("name", "sentence"),
    [
        ("corrupt.docx", "corrupt.docx est endommagé : ce n’est pas un document Word complet."),
        ("scan.pdf", "scan.pdf ne contient pas de texte lisible"),
    ],
)
def test_an_unreadable_document_is_explained_in_french_on_a_french_page(
    reviewer: Client,
    cast: Any,
    django_capture_on_commit_callbacks: Capture,
    name: str,
    sentence: str,
) -> None:
    """The reading task runs in English; the page says why in the reader's language."""
    with django_capture_on_commit_callbacks(execute=True):
        upload(reviewer, cast, name)
    item = Import.objects.get()
    assert item.status == ImportStatus.FAILED
    assert item.error_code in {"archive_damaged", "no_text_layer"}

    reviewer.defaults["HTTP_ACCEPT_LANGUAGE"] = "fr"
    page = reviewer.get(reverse("questionnaires:import_detail", kwargs={"pk": item.pk}))

    text = page.content.decode()
    assert sentence in text.replace("\u202f", " ")
    assert not [word for word in _ENGLISH if word in text]


def test_an_unsupported_upload_is_refused_in_french_only(reviewer: Client, cast: Any) -> None:
    reviewer.defaults["HTTP_ACCEPT_LANGUAGE"] = "fr"

    page = upload(reviewer, cast, "photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)

    text = page.content.decode()
    assert page.status_code == 400
    assert "photo.png n’est pas un type de document que Veilleuse sait lire" in text
    assert not [word for word in (*_ENGLISH, "supported files") if word in text]
    assert not Import.objects.exists()


def test_a_pending_import_page_updates_itself_and_offers_a_refresh_link(
    reviewer: Client, cast: Any
) -> None:
    upload(reviewer, cast, "seed.docx")  # not committed: the task has not run
    item = Import.objects.get()
    url = reverse("questionnaires:import_detail", kwargs={"pk": item.pk})

    pending = reviewer.get(url).content.decode()

    assert '<meta http-equiv="refresh" content="3">' in pending
    assert f'<a href="{url}">Refresh now</a>' in pending
    assert "Reload this page" not in pending


def test_a_read_import_stops_refreshing_and_keeps_accept_in_sight(
    imported: Import, reviewer: Client
) -> None:
    page = reviewer.get(reverse("questionnaires:import_detail", kwargs={"pk": imported.pk}))

    html = page.content.decode()
    assert 'http-equiv="refresh"' not in html
    assert 'class="action-bar"' in html  # sticky at the bottom of the screen (app.css)
