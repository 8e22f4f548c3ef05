"""Oversize requests: refused with a page that says what to do, before the body is read, and
nothing is written."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from veilleuse.core.limits import request_body_limit


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VEILLEUSE_UPLOAD_MAX_BYTES = 1024 * 1024
    return Path(settings.MEDIA_ROOT)


class Unreadable(io.BytesIO):
    """A body that fails the test if anything tries to read it."""

    def read(self, *args: Any) -> bytes:
        raise AssertionError("the body of an oversize request was read")


def test_a_body_larger_than_any_upload_gets_413_without_being_read(
    client: Client, cast: Any, media: Path
) -> None:
    client.force_login(cast.reviewer)
    url = reverse(
        "questionnaires:import_upload", kwargs={"slug": cast.campaign.slug, "pk": cast.list_a.pk}
    )
    response = client.generic(
        "POST",
        url,
        data=b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(request_body_limit() + 1),
        HTTP_ACCEPT_LANGUAGE="en",
        **{"wsgi.input": Unreadable()},
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "at most 1 MB" in page
    assert "Nothing was saved" in page
    assert "Traceback" not in page
    assert not media.exists()


def test_a_candidate_link_refuses_an_oversize_body_the_same_way(cast: Any, media: Path) -> None:
    from veilleuse.questionnaires.services.invitations import invitation_create, invitation_url

    invitation = invitation_create(actor=cast.admin, candidate=cast.list_a)
    path = "/" + invitation_url(invitation=invitation).split("://", 1)[-1].partition("/")[2]
    response = Client().generic(
        "POST",
        path + "document/",
        data=b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(50 * 1024 * 1024 * 1024),
        **{"wsgi.input": Unreadable()},
    )
    assert response.status_code == 413
    assert not media.exists()


def test_too_many_form_fields_get_a_clear_400_page(client: Client, cast: Any) -> None:
    from veilleuse.questionnaires.services.invitations import invitation_create, invitation_url

    invitation = invitation_create(actor=cast.admin, candidate=cast.list_a)
    path = "/" + invitation_url(invitation=invitation).split("://", 1)[-1].partition("/")[2]
    fields = {f"answer_{i}": "x" for i in range(1500)}  # over DATA_UPLOAD_MAX_NUMBER_FIELDS

    response = client.post(path, fields, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    page = response.content.decode()
    assert "nothing was saved" in page
    assert "Traceback" not in page


def test_a_form_body_over_the_memory_limit_gets_a_clear_400_page(
    client: Client, cast: Any, settings: Any
) -> None:
    from veilleuse.questionnaires.services.invitations import invitation_create, invitation_url

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    invitation = invitation_create(actor=cast.admin, candidate=cast.list_a)
    path = "/" + invitation_url(invitation=invitation).split("://", 1)[-1].partition("/")[2]

    response = client.post(path, {"answer_1": "x" * 20_000}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert "nothing was saved" in response.content.decode()
    from veilleuse.questionnaires.models import Answer

    assert not Answer.objects.filter(text__startswith="xxxx").exists()
