"""Stored XSS: script put into every text a staff member, a candidate or an imported document
can write comes back as text, on every staff page, on the candidate's answer page and on the
published site — never as markup."""

from __future__ import annotations

from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import Client

PAYLOAD = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'
SHORT = "<script>alert(1)</script>"
JAVASCRIPT_URL = "javascript:alert(1)"
# What a URL column can hold once validated (javascript: is refused, last test): a real link
# whose query tries to close the attribute.
HOSTILE_URL = 'https://example.org/?q="><script>alert(1)</script>'
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
# Text the payload is put in: every free-text column of the models behind the pages.
TARGET_APPS = ("accounts", "questionnaires", "commitments", "publishing")
# Not typed by anyone: a hash (part of PublicAct's one_act_per_text constraint) is never shown.
NOT_FREE_TEXT = {"password", "username", "nonce", "slug", "source", "text_hash"}
MAX_PAGES = 400
SKIPPED_PATHS = ("/admin/", "/i18n/", "/static/", "/media/", "/accounts/logout")
SKIPPED_ENDINGS = (".zip", ".pdf", ".png", ".svg", ".csv", ".json", ".xml", ".atom", ".ics")


class ActiveContent(HTMLParser):
    """Collects what a browser would *run*: script bodies, event-handler attributes and
    javascript: links. Escaped text never shows up here."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.links: list[str] = []
        self.in_script = False
        self.in_data_block = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_script = tag == "script"
        kind = dict(attrs).get("type") or ""
        # <script type="application/json"> is data: text inside cannot run, only break out.
        self.in_data_block = self.in_script and "json" in kind
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}={value}>")
            if name in {"href", "src", "action", "formaction"} and value:
                if value.strip().lower().startswith("javascript:"):
                    self.found.append(f"<{tag} {name}={value}>")
                if tag == "a" and name == "href":
                    self.links.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_data_block:
            if "<!--" in data or "</script" in data.lower():
                self.found.append(f"<script type=json> breakout: {data[:80]}")
        elif self.in_script and "alert(1)" in data:
            self.found.append(f"<script>{data[:80]}")


def active_content(html: str) -> ActiveContent:
    parser = ActiveContent()
    parser.feed(html)
    parser.close()
    return parser


def free_text_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [
        field
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, models.EmailField | models.SlugField | models.URLField)
        and not field.choices
        and field.name not in NOT_FREE_TEXT
        and (field.max_length is None or field.max_length >= len(SHORT))
    ]


def poison_everything() -> int:
    """Write the payload into every free-text column and every URL column, as any bug in a
    form or an import could; returns how many columns were poisoned."""
    poisoned = 0
    for label in TARGET_APPS:
        for model in apps.get_app_config(label).get_models():
            changes: dict[str, str] = {}
            for field in free_text_fields(model):
                fits = field.max_length is None or field.max_length >= len(PAYLOAD)
                changes[field.name] = PAYLOAD if fits else SHORT
            for field in model._meta.get_fields():
                if isinstance(field, models.URLField):
                    changes[field.name] = HOSTILE_URL
            if changes:
                model._base_manager.update(**changes)
                poisoned += len(changes)
    return poisoned


def import_hostile_reply(world: Any) -> None:
    from veilleuse.questionnaires.services.imports import import_upload

    reply = (
        f"Réponses de {PAYLOAD}\n\n"
        f"1) {PAYLOAD} Seriez-vous favorable à un centre de santé ?\n\n"
        f"Oui, nous nous engageons à le financer. {PAYLOAD}\n\n"
        f"2) Question {SHORT} ?\n\n"
        f"Non. [lien]({JAVASCRIPT_URL}) {PAYLOAD}\n"
    )
    document = SimpleUploadedFile(f"{SHORT}.txt", reply.encode("utf-8"), "text/plain")
    import_upload(candidate=world.list_b, document=document, uploaded_by=world.reviewer)


def crawl(client: Client, starts: list[str]) -> dict[str, str]:
    """Every page reachable by links from ``starts`` (GET only), up to MAX_PAGES."""
    seen: dict[str, str] = {}
    queue = deque(starts)
    while queue and len(seen) < MAX_PAGES:
        url = urldefrag(queue.popleft()).url
        if url in seen or url.startswith(SKIPPED_PATHS) or url.endswith(SKIPPED_ENDINGS):
            continue
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            seen[url] = ""
            continue
        html = response.content.decode("utf-8")
        seen[url] = html
        for link in active_content(html).links:
            parts = urlsplit(link)
            if not parts.scheme and not parts.netloc and link.startswith("/"):
                queue.append(link)
    return seen


@pytest.fixture
def poisoned_world(db: None, settings: Any, tmp_path: Path) -> Any:
    from veilleuse.demo import demo_load

    settings.MEDIA_ROOT = tmp_path / "media"
    world = demo_load()
    import_hostile_reply(world)
    assert poison_everything() > 30
    return world


def test_no_staff_page_runs_what_was_typed_or_imported(poisoned_world: Any) -> None:
    client = Client()
    client.force_login(poisoned_world.admin)
    slug = poisoned_world.campaign.slug
    pages = crawl(client, ["/", f"/c/{slug}/", f"/c/{slug}/preview/"])
    rendered = {url: html for url, html in pages.items() if html}
    assert len(rendered) > 20, sorted(pages)
    offenders = {
        url: found for url, html in rendered.items() if (found := active_content(html).found)
    }
    assert not offenders
    # The payload did reach the pages, as text.
    assert sum(ESCAPED in html for html in rendered.values()) > 10


def test_the_candidate_answer_page_shows_the_questions_as_text(poisoned_world: Any) -> None:
    from veilleuse.questionnaires.models import Invitation
    from veilleuse.questionnaires.services.invitations import invitation_url

    invitation = Invitation.objects.filter(candidate=poisoned_world.list_a).first()
    assert invitation is not None
    response = Client().get(urlsplit(invitation_url(invitation=invitation)).path)
    assert response.status_code == 200
    html = response.content.decode("utf-8")
    assert not active_content(html).found
    assert ESCAPED in html


def test_the_published_site_shows_every_text_as_text(poisoned_world: Any, tmp_path: Path) -> None:
    from veilleuse.publishing.services import site_publish

    site = tmp_path / "site"
    site_publish(campaign=poisoned_world.campaign, out_dir=site)
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    offenders = {}
    for page in pages:
        found = active_content(page.read_text(encoding="utf-8")).found
        if found:
            offenders[str(page.relative_to(site))] = found
    assert not offenders
    assert any(ESCAPED in page.read_text(encoding="utf-8") for page in pages)


def test_url_fields_refuse_javascript_links(db: None) -> None:
    checked = 0
    for label in TARGET_APPS:
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.get_fields():
                if isinstance(field, models.URLField):
                    with pytest.raises(ValidationError):
                        field.clean(JAVASCRIPT_URL, None)
                    checked += 1
    assert checked >= 1
