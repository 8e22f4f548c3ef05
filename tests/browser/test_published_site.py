"""Journey: a voter browses the published comparison and takes the quiz, on a phone.

The demo campaign is published once (demo data → ``publication_data`` → ``build_site`` into a
temporary folder) and the static site is opened the two ways people will open it: as files
(``file://``) and from a plain static web server on 127.0.0.1. Every HTML page, in French and
English, passes axe-core with no serious or critical violation; the quiz ranks every list
without sending anything anywhere, and without JavaScript the page still shows every list's
position on every question.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
UNDER_CI = os.environ.get("CI", "").lower() not in ("", "0", "false", "no")
# The site is built once, from the demo, in a module fixture that rolls its writes back; the
# marker makes pytest-django create the test database for it.
pytestmark = pytest.mark.django_db
PAGES = [
    "index.html",
    "questions/1.html",
    "candidates/{slug}.html",
    "methodology.html",
    "quiz.html",
]


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory, django_db_setup: None, django_db_blocker: Any
) -> dict[str, Any]:
    """The demo campaign, published into a folder; the database is left as it was."""
    from django.db import transaction

    from veilleuse.demo import demo_load
    from veilleuse.publishing.build import build_site
    from veilleuse.publishing.selectors import publication_data

    out = tmp_path_factory.mktemp("published") / "site"
    with django_db_blocker.unblock(), transaction.atomic():
        world = demo_load()
        data = publication_data(world.campaign)
        build_site(data, out)
        transaction.set_rollback(True)
    return {"dir": out, "data": data}


@pytest.fixture(scope="module")
def static_server(site: dict[str, Any]) -> Iterator[str]:
    """A plain static web server on the built site: what any host would do."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(site["dir"]))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def answered_slug(site: dict[str, Any]) -> str:
    return next(c["slug"] for c in site["data"]["candidates"] if c["status"] == "answered")


def watch(page: Any) -> dict[str, list[str]]:
    """Collect the console errors, uncaught exceptions, failed loads and every request of
    ``page``. The browser's own request for ``/favicon.ico`` is not the site's doing."""
    seen: dict[str, list[str]] = {"errors": [], "requests": []}

    def console(message: Any) -> None:
        where = (message.location or {}).get("url", "")
        if message.type == "error" and not where.endswith("/favicon.ico"):
            seen["errors"].append(f"{message.text} ({where})")

    def response(answer: Any) -> None:
        if answer.status >= 400 and not answer.url.endswith("/favicon.ico"):
            seen["errors"].append(f"{answer.status} {answer.url}")

    page.on("console", console)
    page.on("pageerror", lambda error: seen["errors"].append(str(error)))
    page.on("response", response)
    page.on("request", lambda request: seen["requests"].append(request.url))
    return seen


@pytest.mark.parametrize("origin", ["file", "http"])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_main_pages_open_without_errors_from_files_and_from_a_static_server(
    site: dict[str, Any], static_server: str, phone: Any, origin: str, lang: str
) -> None:
    base = site["dir"].as_uri() if origin == "file" else static_server
    seen = watch(phone)
    for page in PAGES:
        path = f"{lang}/" + page.format(slug=answered_slug(site))
        response = phone.goto(f"{base}/{path}")
        assert response is None or response.ok, path  # file:// gives no HTTP response
        expect(phone.locator("h1")).to_have_count(1)
        expect(phone.locator("html")).to_have_attribute("lang", lang)
    assert seen["errors"] == [], seen["errors"]


def html_pages(folder: Path) -> list[str]:
    """Every page in French and English (the root index.html only redirects to fr/)."""
    return sorted(
        p.relative_to(folder).as_posix()
        for lang in ("fr", "en")
        for p in (folder / lang).rglob("*.html")
    )


def axe_violations(page: Any, also: tuple[str, ...] = ()) -> list[str]:
    """The serious and critical violations axe-core finds on the page, readable; ``also``
    names rules whose violations count whatever their impact (``region``: content outside
    landmarks)."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async (also) => (await axe.run(document, {resultTypes: ["violations"]})).violations
            .filter(v => v.impact === "serious" || v.impact === "critical" || also.includes(v.id))
            .map(v => `${v.id} (${v.impact}): ${v.help} — ` +
                 v.nodes.slice(0, 5).map(n => n.target.join(" ")).join(" | "))""",
        list(also),
    )
    return list(found)


@pytest.fixture
def audit_laptop(browser: Any) -> Iterator[Any]:
    """A laptop whose pages accept axe-core: Playwright injects it as an inline script, which
    the site's Content-Security-Policy rightly refuses. The audit tool bypasses the policy;
    the site's own scripts never need to (the other tests run under it)."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="fr-FR", bypass_csp=True
    )
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def test_every_page_passes_axe_core_in_french_and_english(
    site: dict[str, Any], static_server: str, audit_laptop: Any
) -> None:
    laptop = audit_laptop
    if not AXE.exists():
        message = f"axe-core is not installed at {AXE} (`make node` installs it)"
        if UNDER_CI:
            pytest.fail(message)
        pytest.skip(message)
    pages = html_pages(site["dir"])
    assert {"fr/quiz.html", "en/quiz.html", "fr/index.html", "en/methodology.html"} <= set(pages)
    failures = {}
    for path in pages:
        laptop.goto(f"{static_server}/{path}")
        violations = axe_violations(laptop)
        if violations:
            failures[path] = violations
    # The quiz once it shows results: the markup built by quiz.js is checked too.
    for lang in ("fr", "en"):
        laptop.goto(f"{static_server}/{lang}/quiz.html")
        answer_three_questions(laptop)
        laptop.locator("#quiz-results details").first.locator("summary").click()
        violations = axe_violations(laptop)
        if violations:
            failures[f"{lang}/quiz.html with results"] = violations
    assert not failures, "axe-core: serious or critical violations\n" + "\n".join(
        f"{path}:\n  " + "\n  ".join(found) for path, found in failures.items()
    )


def answer_three_questions(page: Any) -> None:
    form = page.locator("#quiz-form")
    expect(form).to_be_visible()
    questions = form.locator("fieldset")
    questions.nth(0).locator("input[value=agree]").check()
    questions.nth(0).locator("input[type=checkbox]").check()
    questions.nth(1).locator("input[value=rather_disagree]").check()
    # The third by keyboard only: into the group, then an arrow key moves the choice.
    questions.nth(2).locator("input[value=agree]").focus()
    page.keyboard.press("ArrowDown")
    expect(questions.nth(2).locator("input[value=rather_agree]")).to_be_checked()
    form.locator("button[type=submit]").click()
    expect(page.locator("#quiz-results")).to_be_visible()


def every_list_is_ranked_or_set_apart(results: Any, candidates: list[dict[str, Any]]) -> Any:
    """Lists that answered are ranked with their score; the others are set apart, unranked.
    Returns the ranked part."""
    expect(results.locator(".quiz-candidate")).to_have_count(len(candidates))
    answered = [c["name"] for c in candidates if c["status"] == "answered"]
    silent = [c["name"] for c in candidates if c["status"] != "answered"]
    assert answered, "the demo must have a list that answered, or this test could not fail"
    assert silent, "the demo must have a list that did not answer, or this test could not fail"
    ranked, apart = results.locator("#quiz-ranked"), results.locator("#quiz-unranked")
    for name in answered:
        item = ranked.locator(".quiz-candidate", has_text=name)
        expect(item).to_contain_text(re.compile(r"\d+\s% "))
        expect(item).to_contain_text(re.compile(r"sur 3 de vos 3 questions"))
    for name in silent:
        item = apart.locator(".quiz-candidate", has_text=name)
        expect(item).to_contain_text("3 de vos questions")
        expect(item.locator(".quiz-rank")).to_have_count(0)
    return ranked


def answers_survive_a_visit_until_cleared(phone: Any, first: Any, count: int) -> None:
    """The answers survive a visit to a list's page, in this tab only; "Clear" forgets them."""
    first.get_by_role("link").click()
    phone.go_back()
    expect(phone.locator("#quiz-results .quiz-candidate")).to_have_count(count)
    phone.locator("#quiz-form button[type=reset]").click()
    expect(phone.locator("#quiz-results")).to_be_hidden()
    assert phone.evaluate("sessionStorage.length") == 0


def test_the_quiz_ranks_every_list_and_sets_apart_those_that_did_not_answer(
    site: dict[str, Any], static_server: str, phone: Any
) -> None:
    seen = watch(phone)
    phone.goto(f"{static_server}/fr/quiz.html")
    expect(phone.locator("#quiz-tables")).to_be_hidden()
    expect(phone.locator("#quiz-nojs")).to_be_hidden()
    answer_three_questions(phone)
    results = phone.locator("#quiz-results")
    expect(results.get_by_role("heading", level=2)).to_be_focused()
    candidates = site["data"]["candidates"]
    ranked = every_list_is_ranked_or_set_apart(results, candidates)

    # Per question: the voter's position beside the list's grade, in words.
    first = ranked.locator(".quiz-candidate").first
    first.locator("summary").click()
    rows = first.locator(".quiz-detail li")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("D’accord")
    first.scroll_into_view_if_needed()
    screenshot(phone, "published-quiz-results")
    answers_survive_a_visit_until_cleared(phone, first, len(candidates))

    assert seen["errors"] == [], seen["errors"]
    here = static_server + "/"
    leaving = [url for url in seen["requests"] if not url.startswith((here, "data:"))]
    assert leaving == [], f"requests left the page's own server: {leaving}"
    assert phone.context.cookies() == []
    assert phone.evaluate("localStorage.length") == 0


def test_the_quiz_sends_nothing_when_opened_from_files(site: dict[str, Any], phone: Any) -> None:
    seen = watch(phone)
    phone.goto((site["dir"] / "en" / "quiz.html").as_uri())
    answer_three_questions(phone)
    expect(phone.locator("#quiz-results .quiz-candidate")).to_have_count(
        len(site["data"]["candidates"])
    )
    expect(phone.locator("#quiz-results")).to_contain_text("based on 3 of your 3 questions")
    leaving = [url for url in seen["requests"] if not url.startswith(("file://", "data:"))]
    assert leaving == [], leaving
    assert seen["errors"] == [], seen["errors"]


def test_without_javascript_the_quiz_page_shows_every_position_in_tables(
    site: dict[str, Any], static_server: str, browser: Any
) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    try:
        page = context.new_page()
        page.goto(f"{static_server}/fr/quiz.html")
        expect(page.locator("#quiz-form")).to_be_hidden()
        expect(page.locator("#quiz-nojs")).to_contain_text("Le quiz a besoin de JavaScript")
        expect(page.locator("#quiz-nojs")).to_be_visible()
        table = page.locator("#quiz-tables table")
        expect(table).to_be_visible()
        data = site["data"]
        expect(table.locator("thead th")).to_have_count(1 + len(data["questions"]))
        expect(table.locator("tbody tr")).to_have_count(len(data["candidates"]))
        for candidate in data["candidates"]:
            row = table.locator("tbody tr", has_text=candidate["name"])
            expect(row.locator("td")).to_have_count(len(data["questions"]))
        expect(table).to_contain_text("Pas de réponse")
        expect(table).to_contain_text("Oui")
    finally:
        context.close()
