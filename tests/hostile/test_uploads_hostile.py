"""Hostile uploads: file names that climb out of the media folder and zip bombs, through the
staff import page and through a candidate's personal link."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "documents"
TRAVERSALS = ["../../etc/passwd.docx", "..\\..\\windows\\win.ini.docx", "/etc/cron.d/x.docx"]


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def reviewer(client: Client, cast: Any) -> Client:
    client.force_login(cast.reviewer)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def files_under(folder: Path) -> list[Path]:
    return [p for p in folder.parent.rglob("*") if p.is_file()]


def zip_bomb_docx(gigabytes: int = 1) -> bytes:
    """A .docx whose document.xml expands to ``gigabytes`` GiB of zeros (about 1 MB each)."""
    out = io.BytesIO()
    seed = zipfile.ZipFile(FIXTURES / "seed.docx")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in seed.infolist():
            if info.filename != "word/document.xml":
                archive.writestr(info.filename, seed.read(info.filename))
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            block = b"\0" * (1024 * 1024)
            for _ in range(1024 * gigabytes):
                member.write(block)
    return out.getvalue()


@pytest.mark.parametrize("name", TRAVERSALS)
def test_an_import_named_to_climb_out_is_stored_inside_the_media_folder(
    reviewer: Client,
    cast: Any,
    media: Path,
    name: str,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from veilleuse.questionnaires.models import Import

    url = reverse(
        "questionnaires:import_upload", kwargs={"slug": cast.campaign.slug, "pk": cast.list_a.pk}
    )
    document = SimpleUploadedFile(name, (FIXTURES / "seed.docx").read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer.post(url, {"document": document})

    assert response.status_code == 302
    item = Import.objects.get()
    stored = Path(item.document.path).resolve()
    assert stored.is_relative_to(media.resolve())
    assert ".." not in item.document.name
    assert [p.resolve() for p in files_under(media)] == [stored]


@pytest.mark.parametrize("name", TRAVERSALS)
def test_a_candidate_document_named_to_climb_out_gets_a_generated_name(
    cast: Any, media: Path, name: str
) -> None:
    from veilleuse.questionnaires.services.answering import response_document_attach
    from veilleuse.questionnaires.services.invitations import invitation_create

    invitation = invitation_create(actor=cast.admin, candidate=cast.list_a)
    data = (FIXTURES / "seed.docx").read_bytes()
    response = response_document_attach(invitation=invitation, data=data, name=name)

    stored = Path(response.document.path).resolve()
    assert stored.is_relative_to(media.resolve())
    assert Path(response.document.name).stem not in name  # a generated name, not theirs
    # The name they gave is kept only to be shown (escaped), never as a path.
    assert "/" not in response.document_name


@pytest.mark.slow
def test_a_zip_bomb_sent_through_a_personal_link_is_refused_with_a_sentence(
    client: Client, cast: Any, media: Path
) -> None:
    from veilleuse.questionnaires.services.invitations import invitation_create, invitation_url

    invitation = invitation_create(actor=cast.admin, candidate=cast.list_a)
    page = invitation_url(invitation=invitation).split("://", 1)[-1].partition("/")[2]
    bomb = SimpleUploadedFile("reponses.docx", zip_bomb_docx())
    assert bomb.size < 2 * 1024 * 1024

    response = client.post(f"/{page}document/", {"document": bomb}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert "looks like a zip bomb" in response.content.decode()
    assert files_under(media) == []


@pytest.mark.slow
def test_a_zip_bomb_import_fails_with_the_engine_sentence_and_is_never_unpacked(
    reviewer: Client, cast: Any, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    from veilleuse.questionnaires.models import Import, ImportStatus

    url = reverse(
        "questionnaires:import_upload", kwargs={"slug": cast.campaign.slug, "pk": cast.list_b.pk}
    )
    with django_capture_on_commit_callbacks(execute=True):
        reviewer.post(url, {"document": SimpleUploadedFile("bomb.docx", zip_bomb_docx())})

    item = Import.objects.get()
    assert item.status == ImportStatus.FAILED
    assert "looks like a zip bomb" in item.error
    page = reviewer.get(reverse("questionnaires:import_detail", kwargs={"pk": item.pk}))
    assert "looks like a zip bomb" in page.content.decode()
