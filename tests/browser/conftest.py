"""Browser journeys: Playwright for Python driving Debian's Chromium, headless, against
pytest-django's live server (convention 9). No browser is downloaded: ``make test`` installs
the ``chromium`` package; without it these tests are skipped, except under CI where a
missing browser is an error. The ``browser`` fixture itself is in ``tests/browser/chromium.py``,
shared with the production tests (tests/production)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run in a
# thread with an event loop unless told that the test process is single-threaded here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PHONE = {"width": 360, "height": 740}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "guide" / "screenshots"


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=PHONE, locale="fr-FR", device_scale_factor=2)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def laptop(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def live_cast(transactional_db: None) -> Any:
    """The shared cast in a database the live server can see."""
    from veilleuse.demo import cast_create

    return cast_create()


def screenshot(page: Any, name: str) -> None:
    """Take a screenshot; with ``VEILLEUSE_GUIDE_SCREENSHOTS=1`` (``make guide``) keep it for
    the staff guide in docs/guide/screenshots/, otherwise in a temporary folder, so that a
    test run leaves the working tree as it found it."""
    folder = SCREENSHOTS if os.environ.get("VEILLEUSE_GUIDE_SCREENSHOTS") else _scratch()
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=False)


def _scratch() -> Path:
    import tempfile

    return Path(tempfile.gettempdir()) / "veilleuse-screenshots"


@pytest.fixture
def live_network(live_cast: Any) -> Any:
    """The alert network's cast (veilleuse/alerts/cast.py) in the live server's database."""
    from veilleuse.alerts.cast import network_cast_create
    from veilleuse.demo import CAST_PASSWORD

    return network_cast_create(live_cast.association, CAST_PASSWORD)


def member_sign_in(page: Any, base_url: str, pseudonym: str) -> None:
    """A member signs in with their pseudonym and passphrase (veilleuse/alerts/cast.py)."""
    from veilleuse.alerts.cast import MEMBER_PASSPHRASE

    page.goto(f"{base_url}/alertes/connexion/")
    page.locator("input[name=pseudonym]").fill(pseudonym)
    page.locator("input[name=passphrase]").fill(MEMBER_PASSPHRASE)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/alertes/$"))
