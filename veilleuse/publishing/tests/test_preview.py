"""The Publish page and the live preview: who may see them, and the preview is the build."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.shortcuts import resolve_url
from django.test import Client

from veilleuse.core.models import AuditEntry
from veilleuse.demo import demo_load
from veilleuse.publishing import build
from veilleuse.publishing.build import build_site
from veilleuse.publishing.selectors import publication_data

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "viewer", "reviewer", "admin", "outsider"]


@pytest.fixture(autouse=True)
def _sites_in_tmp(settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.DATA_DIR = tmp_path / "data"
    # The share images and PDF are the other modules' business, and slow: left out here.
    monkeypatch.setattr(build, "IMAGES_AND_REPORT", False)


def pages(slug: str) -> list[tuple[str, str, str]]:
    """(method, path, who may) for every page of publishing."""
    return [
        ("get", f"/c/{slug}/publish/", "admin"),
        ("post", f"/c/{slug}/publish/", "admin"),
        ("get", f"/c/{slug}/preview/", "read"),
        ("get", f"/c/{slug}/preview/fr/index.html", "read"),
        ("get", f"/c/{slug}/preview/en/methodology.html", "read"),
        ("get", f"/c/{slug}/preview/data/answers.csv", "read"),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_the_access_matrix_of_publish_and_preview(client: Client, cast: Any, role: str) -> None:
    if role != "anonymous":
        client.force_login(getattr(cast, role))
    login = resolve_url(django_settings.LOGIN_URL)
    for method, path, needs in [*pages(cast.campaign.slug), *pages("no-such-campaign")]:
        page = getattr(client, method)(path)
        may = role == "admin" if needs == "admin" else role in {"viewer", "reviewer", "admin"}
        if role == "anonymous":
            assert page.status_code == 302, path
            assert page["Location"].startswith(login), path
        elif may and "no-such" not in path:
            assert page.status_code in {200, 302}, (role, path, page.status_code)
        else:
            assert page.status_code == 404, (role, path, page.status_code)


@pytest.mark.parametrize(
    "path",
    [
        "index.html",
        "fr/index.html",
        "en/questions/2.html",
        "fr/methodology.html",
        "assets/site.css",
        "assets/grades.css",
        "data/publication.json",
        "data/answers.csv",
    ],
)
def test_the_preview_serves_the_very_bytes_of_the_build(
    client: Client, tmp_path: Path, path: str
) -> None:
    world = demo_load()
    client.force_login(world.viewer)
    data = publication_data(world.campaign)
    site = build_site(data, tmp_path / "site", documents_root=Path(django_settings.MEDIA_ROOT))
    page = client.get(f"/c/{world.campaign.slug}/preview/{path}")
    assert page.status_code == 200
    if path == "data/publication.json":  # the record carries the moment it was read
        served = json.loads(page.content)
        assert {**served, "generated_at": ""} == {**data, "generated_at": ""}
        return
    # Pages show the day the record was read: the same day for both.
    assert page.content == (site.out_dir / path).read_bytes()


def test_a_missing_preview_page_is_a_404_and_documents_are_downloads(
    cast: Any, client: Client
) -> None:
    world = demo_load()
    client.force_login(world.viewer)
    slug = world.campaign.slug
    assert client.get(f"/c/{slug}/preview/fr/nothing.html").status_code == 404
    assert client.get(f"/c/{slug}/preview/../../etc/passwd").status_code == 404
    gregoire = next(c for c in publication_data(world.campaign)["candidates"] if c["document"])
    document = client.get(f"/c/{slug}/preview/{gregoire['document']['path']}")
    assert document.status_code == 200
    assert document["Content-Disposition"] == "attachment"
    page = client.get(f"/c/{slug}/preview/fr/index.html")
    assert "script-src 'self'" in page["Content-Security-Policy"]


def test_the_publish_button_builds_the_site_in_the_background_and_offers_a_zip(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    world = demo_load()
    client.force_login(world.admin)
    slug = world.campaign.slug
    page = client.get(f"/c/{slug}/publish/", HTTP_ACCEPT_LANGUAGE="en")
    assert b"has not been built yet" in page.content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/c/{slug}/publish/")
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="publication.request", actor=world.admin).exists()
    site = Path(django_settings.DATA_DIR) / "sites" / slug
    assert (site / "fr" / "index.html").is_file()
    page = client.get(f"/c/{slug}/publish/")
    assert f"/c/{slug}/publish/site.zip".encode() in page.content
    assert str(django_settings.DATA_DIR).encode() not in page.content  # no server path to staff
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/c/{slug}/publish/site.zip").content))
    assert "fr/index.html" in archive.namelist()
    assert f"/c/{slug}/publish/".encode() in client.get(f"/c/{slug}/").content  # in the nav
