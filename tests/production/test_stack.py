"""The production stack of ``deploy/`` on this machine, through Caddy over HTTPS: PostgreSQL,
Redis, gunicorn's workers, the huey worker, Caddy with its internal certificate authority;
the main journeys in Chromium, then a clean stop (docs/deploy.md).

The tests run in this file's order on one stack: the last one stops it.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, member_sign_in
from tests.browser.test_journeys_alerts import moderator_approves_the_report, rosa_reports
from tests.production.stack import (
    BIN,
    TOTP_KEY,
    Stack,
    answers,
    database_create,
    database_drop,
)
from veilleuse.core.backup import backups_nightly
from veilleuse.demo import CAST_PASSWORD

NIGHTLY = "from veilleuse.core.jobs import backup_nightly_run; backup_nightly_run.call_local()"
CAMPAIGN = "Questionnaire TDS municipales Paris"
ANSWER = "Oui. Nous ouvrirons un centre de santé communautaire dès 2027."
LIN_PHONE = "+33612345678"


def new_page(browser: Any, viewport: dict[str, int] = PHONE) -> Any:
    # Caddy's internal authority is not in Chromium's store: the HTTPS is real, the trust is
    # waived here (the health check above verifies the chain with Caddy's root).
    context = browser.new_context(viewport=viewport, locale="fr-FR", ignore_https_errors=True)
    context.set_default_timeout(20_000)
    return context.new_page()


def staff_sign_in(page: Any, base: str, username: str) -> None:
    """Password, then the code of the authenticator: production requires two-factor."""
    page.goto(f"{base}/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(CAST_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    token = page.locator("input[name=token]")
    token.fill(f"{totp(bytes.fromhex(TOTP_KEY)):06d}")
    token.press("Enter")
    # A moderator lands on her queue (issue 14), everyone else on the campaigns.
    lands = "File de modération" if username in {"mona", "marc"} else "Campagnes"
    expect(page.get_by_role("heading", level=1)).to_contain_text(lands)


@pytest.fixture(scope="module")
def alice(browser: Any, stack: Stack, zones: dict[str, int]) -> Iterator[Any]:
    """alice (admin) on her laptop, signed in once: a TOTP code is good for one sign-in."""
    page = new_page(browser, {"width": 1280, "height": 900})
    staff_sign_in(page, stack.base, "alice")
    yield page
    page.context.close()


def test_the_health_check_answers_through_caddy_over_verified_https(stack: Stack) -> None:
    status, body = stack.get("/healthz")

    assert status == 200
    assert json.loads(body)["status"] == "ok"


def test_a_list_answers_through_its_personal_link(stack: Stack, alice: Any, browser: Any) -> None:
    alice.get_by_role("link", name=CAMPAIGN).click()
    alice.get_by_role("link", name="Toutes les listes").click()
    alice.get_by_role("link", name="Liste démo A").click()
    alice.get_by_role("button", name="Créer le lien").click()
    link = alice.locator("#invitation-link").input_value()
    assert link.startswith(stack.base + "/r/"), link

    phone = new_page(browser)
    phone.goto(link)
    expect(phone.get_by_role("heading", level=1)).to_have_text(CAMPAIGN)
    phone.get_by_label(re.compile(r"^1\. Seriez-vous favorable à un centre")).fill(ANSWER)
    phone.get_by_role("button", name="Relire et envoyer").click()
    phone.get_by_role("button", name="Envoyer mes réponses").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(
        "Merci\u00a0: vos réponses ont bien été reçues"
    )
    phone.context.close()


def sms_files(folder: Path) -> list[Path]:
    return sorted(folder.iterdir()) if folder.exists() else []


def first_sms_after(folder: Path, started: float, seconds: float) -> float | None:
    """Seconds from ``started`` until the first message lands in the sink (None: never)."""
    while time.monotonic() - started < seconds:
        if sms_files(folder):
            return time.monotonic() - started
        time.sleep(0.05)
    return None


def test_a_report_published_by_two_moderators_reaches_a_feed_and_the_sms_sink(
    stack: Stack, zones: dict[str, int], browser: Any
) -> None:
    belleville = SimpleNamespace(pk=zones["belleville"])
    rosa, mona, marc, lin = (new_page(browser) for _ in range(4))
    rosa_reports(rosa, stack.base, belleville)

    staff_sign_in(mona, stack.base, "mona")
    alert_url = moderator_approves_the_report(mona, stack.base, belleville, show_identifiers=True)
    assert sms_files(stack.sms_dir) == [], "one approval does not publish an alert with a number"

    staff_sign_in(marc, stack.base, "marc")
    marc.goto(alert_url)
    marc.locator("form[action$='/approve/'] button").click()
    approved = time.monotonic()
    expect(marc.locator(".msg.success")).to_be_visible()
    latency = first_sms_after(stack.sms_dir, approved, 30)
    assert latency is not None, stack.log_text()
    print(f"approval to first SMS in the sink: {latency:.2f} s")

    member_sign_in(lin, stack.base, "Lin")
    expect(lin.locator("article.alert")).to_have_count(1)
    (message,) = sms_files(stack.sms_dir)
    text = message.read_text(encoding="utf-8")
    assert LIN_PHONE in text
    assert "golpeó" not in text, "an SMS says that there is an alert, never what it says"
    for page in (rosa, mona, marc, lin):
        page.context.close()


def test_staff_publish_the_site_and_caddy_serves_it(stack: Stack, alice: Any) -> None:
    index = "/paris-2026/fr/index.html"
    assert stack.get(index, base=stack.sites)[0] == 404
    alice.goto(f"{stack.base}/c/paris-2026/publish/")
    alice.get_by_role("button", name="Construire le site maintenant").click()

    deadline = time.monotonic() + 60
    while stack.get(index, base=stack.sites)[0] != 200 and time.monotonic() < deadline:
        time.sleep(0.5)
    alice.goto(stack.sites + index)
    expect(alice.get_by_role("heading", level=1)).to_contain_text(CAMPAIGN)
    alice.context.close()


COUNTS = (
    "import json; from veilleuse.core.backup import table_counts; print(json.dumps(table_counts()))"
)


def test_doctor_finds_nothing_wrong_once_the_worker_beat_and_backed_up(stack: Stack) -> None:
    # The workers' first heartbeats come at the turn of a minute after they started.
    deadline = time.monotonic() + 75
    while None in (
        (health := json.loads(stack.get("/healthz")[1]))["worker_heartbeat_age_s"],
        health["alert_worker_heartbeat_age_s"],
    ):
        assert time.monotonic() < deadline, stack.log_text()
        time.sleep(1)
    before = stack.run(str(BIN / "veilleuse"), "doctor")
    assert before.returncode == 1
    assert "PROBLEM: No backup in" in before.stdout

    # Tonight's backup, as the worker runs it at 02:30.
    stack.manage("shell", "-v0", "-c", NIGHTLY)
    after = stack.run(str(BIN / "veilleuse"), "doctor")

    assert after.returncode == 0, after.stdout + after.stderr
    assert "ok: The worker that runs the periodic tasks is alive" in after.stdout
    assert "ok: The alert worker is alive" in after.stdout
    assert after.stdout.rstrip().endswith("No problem found.")


def test_the_nightly_backup_restores_into_a_new_postgresql_database(stack: Stack) -> None:
    (archive,) = backups_nightly(stack.data_dir / "backups")
    fresh = f"{stack.database}_restored"
    database_create(fresh)
    try:
        url = stack.settings_written()["DATABASE_URL"].rsplit("/", 1)[0] + "/" + fresh
        restored = stack.run(
            str(BIN / "veilleuse"),
            "restore",
            str(archive),
            "--passphrase-env",
            "VEILLEUSE_BACKUP_PASSPHRASE",
            DATABASE_URL=url,
            VEILLEUSE_DATA_DIR=str(stack.folder / "restored"),
        )
        assert restored.returncode == 0, restored.stdout + restored.stderr
        copy = json.loads(stack.manage("shell", "-v0", "-c", COUNTS, DATABASE_URL=url))
    finally:
        database_drop(fresh)
    original = json.loads(stack.manage("shell", "-v0", "-c", COUNTS))
    assert copy == original
    assert copy["alerts.Alert"] == 1
    assert copy["alerts.Report"] >= 1


def test_the_stack_stops_cleanly_on_sigterm(stack: Stack) -> None:
    assert stack.stop() == 0, stack.log_text()

    assert "veilleuse: every process stopped." in stack.log_text()
    assert not answers("127.0.0.1", stack.web_port), "gunicorn still listens"
    assert not answers("127.0.0.1", stack.https_port), "Caddy still listens"
