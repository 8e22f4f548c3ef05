"""Every link of the published site leads somewhere, and nothing loads from another site."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from veilleuse.demo import demo_load
from veilleuse.publishing.build import build_site
from veilleuse.publishing.selectors import publication_data
from veilleuse.publishing.tests.test_tracker import tracker_create

pytestmark = pytest.mark.django_db

# Attributes that make the browser load something (as opposed to a link a person follows).
LOADING = {("script", "src"), ("img", "src"), ("link", "href"), ("source", "src")}
LOADING |= {("iframe", "src"), ("video", "src"), ("audio", "src"), ("embed", "src")}


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, str]] = []  # (tag, attribute, value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in {"href", "src"} or (
                tag == "meta" and name == "content" and ("property", "og:image") in attrs
            ):
                self.found.append((tag, name, value))
            if tag == "meta" and name == "content" and ("http-equiv", "refresh") in attrs:
                self.found.append((tag, "refresh", value.split("url=", 1)[-1]))


def links_of(page: Path) -> list[tuple[str, str, str]]:
    parser = Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.found


def is_external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc)


@pytest.fixture
def site(tmp_path: Path, settings: Any) -> Path:
    """The demo, with a tracker after the election (results, commitments, corrections)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    world = demo_load()
    tracker_create(world)
    out = tmp_path / "site"
    build_site(publication_data(world.campaign), out, documents_root=Path(settings.MEDIA_ROOT))
    return out


def test_the_checker_sees_links_and_resources() -> None:
    parser = Links()
    parser.feed(
        '<a href="x.html">x</a><script src="a.js"></script><meta property="og:image" '
        'content="i.png"><meta http-equiv="refresh" content="0; url=fr/index.html">'
    )
    assert [value for _, _, value in parser.found] == ["x.html", "a.js", "i.png", "fr/index.html"]


def test_every_internal_link_of_every_page_resolves_to_a_file(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    assert (site / "fr" / "tracker" / "index.html").is_file()
    broken = []
    for page in pages:
        for _tag, _attribute, url in links_of(page):
            if url.startswith(("mailto:", "#")) or is_external(url):
                continue
            target = (page.parent / unquote(urlsplit(url).path)).resolve()
            if not target.is_file():
                broken.append(f"{page.relative_to(site)} → {url}")
    assert not broken, "Broken links:\n" + "\n".join(broken)


def test_no_page_loads_anything_from_another_site(site: Path) -> None:
    loads = [
        f"{page.relative_to(site)}: <{tag} {attribute}={url}>"
        for page in sorted(site.rglob("*.html"))
        for tag, attribute, url in links_of(page)
        if ((tag, attribute) in LOADING or tag == "meta") and is_external(url)
    ]
    assert not loads, "\n".join(loads)
    css = (site / "assets" / "site.css").read_text(encoding="utf-8")
    assert "url(" not in css
    assert "@import" not in css
    assert "@font-face" not in css
