"""Every page fits a 360×740 phone and passes axe-core, for every role (issue 14).

The pages are those of the authorization matrix (tests/authz): every named route of the URL
configuration, built from the same world, opened as every role whose rule says ``200``; a new
page cannot be left out, since the matrix fails for a route without a rule. The published
site is opened page by page through the staff preview, which serves the very files
``veilleuse publish`` writes. Each page must be no wider than the screen, scroll nothing
sideways, break no word inside (tests/browser/fit.py says how that is measured), and have no
serious or critical axe-core violation.

With ``VEILLEUSE_GUIDE_SCREENSHOTS=1`` (``make guide``) the staff guide's phone and desktop
screenshots of the main staff pages are retaken on the way.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.authz.rules import ROLES, RULES
from tests.authz.test_matrix import named_routes, route_url
from tests.authz.world import World, world_build
from tests.browser.conftest import PHONE, screenshot
from tests.browser.fit import AXE, axe_serious, fit_problems
from tests.browser.test_published_site import UNDER_CI

# The guide shows these pages, as the role that uses them, on a phone and on a desktop.
GUIDE = {
    ("questionnaires:review_list", "bruno"): "review-list",
    ("questionnaires:campaign_dashboard", "alice"): "dashboard",
    ("commitments:tracking", "alice"): "tracking",
    ("alerts:moderation_queue", "mona"): "moderation-queue",
    ("questionnaires:candidate_detail", "alice"): "candidate",
}
HTML = "text/html"
PUBLISHED = ("publishing:preview", "publishing:preview_root")


@pytest.fixture
def world(transactional_db: None) -> World:
    return world_build()


@pytest.fixture
def phones(browser: Any, world: World, live_server: Any) -> Iterator[dict[str, Any]]:
    """One phone per role, signed in as that role (the session the matrix's clients use)."""
    contexts = {}
    for role in ROLES:
        context = browser.new_context(viewport=PHONE, locale="fr-FR", bypass_csp=True)
        context.set_default_timeout(15_000)
        user = world.users[role]
        if user is not None:
            client = Client()
            client.force_login(user)
            session = client.cookies[settings.SESSION_COOKIE_NAME].value
            context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
            )
        contexts[role] = context
    yield {role: context.new_page() for role, context in contexts.items()}
    for context in contexts.values():
        context.close()


def pages_to_open(world: World) -> list[tuple[str, str, str]]:
    """(route, role, url) for every route and every role that gets a page. A page anyone gets
    (a candidate's questionnaire, the sign-in pages) is the same for all: opened once, signed
    out. The preview serves the published site, which is opened page by page below."""
    routes = named_routes()
    opened = []
    for name in sorted(set(routes) - set(PUBLISHED)):
        rule = RULES[name]
        url = route_url(name, routes[name], rule, world)
        roles = [role for role, got in zip(ROLES, rule.expected, strict=True) if got == "200"]
        opened += [(name, role, url) for role in (["anon"] if "anon" in roles else roles)]
    return opened


def published_pages(world: World) -> list[str]:
    """Every HTML page of the published site, as the staff preview serves it."""
    from pathlib import Path

    from django.urls import reverse

    from veilleuse.publishing.build import site_files
    from veilleuse.publishing.selectors import publication_data
    from veilleuse.questionnaires.models import Campaign

    campaign = Campaign.objects.get(slug=world.value("campaign"))
    files = site_files(publication_data(campaign), documents_root=Path(settings.MEDIA_ROOT))
    return [
        reverse("publishing:preview", kwargs={"slug": campaign.slug, "page": page})
        for page in sorted(files)
        if page.endswith(".html") and page.startswith(("fr/", "en/"))
    ]


def check_page(page: Any, url: str) -> list[str] | None:
    """Open ``url``; what is wrong with it, or None when it is not an HTML page."""
    answer = page.context.request.get(url, max_redirects=0)
    if not answer.headers.get("content-type", "").startswith(HTML):
        return None  # a file to download (PDF, CSV, JSON...), not a page
    response = page.goto(url)
    assert response is not None, url
    assert response.ok, f"{url}: {response.status}"
    if page.url != url:
        return [f"the page went by itself to {page.url}"]
    return fit_problems(page) + axe_serious(page)


def guide_screenshots(page: Any, name: str) -> None:
    """The guide's phone screenshot, then the desktop one (1366×900), back to the phone."""
    screenshot(page, f"phone-{name}")
    page.set_viewport_size({"width": 1366, "height": 900})
    screenshot(page, f"desktop-{name}")
    page.set_viewport_size(PHONE)


def require_axe() -> None:
    if not AXE.exists():
        message = f"axe-core is not installed at {AXE} (`make node` installs it)"
        if UNDER_CI:
            pytest.fail(message)
        pytest.skip(message)


def problems_on(
    phones: dict[str, Any], opened: list[tuple[str, str, str]]
) -> tuple[int, list[str]]:
    """Open every (name, role, url); how many were pages, and every problem found."""
    failures, checked = [], 0
    only = os.environ.get("FIT_ONLY", "")  # while fixing one page: FIT_ONLY=tracking
    for name, role, url in opened:
        problems = check_page(phones[role], url) if only in f"{name} {url}" else None
        if problems is None:
            continue
        checked += 1
        failures += [f"{name} as {role} ({url}): {problem}" for problem in problems]
        if (name, role) in GUIDE:
            guide_screenshots(phones[role], GUIDE[name, role])
    return checked, failures


def test_every_page_fits_a_phone_and_passes_axe_core_for_every_role(
    world: World, phones: dict[str, Any], live_server: Any
) -> None:
    require_axe()
    opened = [(name, role, live_server.url + url) for name, role, url in pages_to_open(world)]
    checked, failures = problems_on(phones, opened)
    assert checked > 60 or os.environ.get("FIT_ONLY"), f"only {checked} pages were checked"
    assert not failures, f"{len(failures)} problems on a 360 px phone:\n" + "\n".join(failures)


def test_every_page_of_the_published_site_fits_a_phone_and_passes_axe_core(
    world: World, phones: dict[str, Any], live_server: Any
) -> None:
    require_axe()
    opened = [("published site", "alice", live_server.url + url) for url in published_pages(world)]
    checked, failures = problems_on(phones, opened)
    assert checked > 20 or os.environ.get("FIT_ONLY"), f"only {checked} pages were checked"
    assert not failures, f"{len(failures)} problems on a 360 px phone:\n" + "\n".join(failures)
