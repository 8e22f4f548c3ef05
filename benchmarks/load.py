"""Load on loopback: 50 clients for a bounded time per scenario, against a real server process
(benchmarks/load_server.py) on a fresh SQLite database with the demo loaded.

Each scenario is measured beside a plain Django "hello" view in the same run: on a shared
machine the ratio to it is the figure to compare. A scenario is one entry of ``SCENARIOS``:
the page whose form each client fills and posts, how the client signs in, and the values to
type; adding one is a few lines.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- bench:load:start -->", "<!-- bench:load:end -->"
CLIENTS = 50
DEFAULT_SECONDS = 60
# Rate limits are product rules, not costs: lifted so that every request does the full work.
SERVER_ENV = {
    "VEILLEUSE_PROFILE": "development",
    "VEILLEUSE_DEBUG": "0",
    "VEILLEUSE_LOG_LEVEL": "ERROR",
    "VEILLEUSE_REPORTS_PER_DAY": "1000000000",
    "VEILLEUSE_CHECKS_PER_DAY": "1000000000",
    "VEILLEUSE_CHECKS_ALARM_PER_DAY": "1000000000",
}

_SETUP = """
import json
from django.test import Client
from veilleuse.platform import django_setup
django_setup()
from veilleuse.accounts.models import User
from veilleuse.alerts.cast import MEMBER_PASSPHRASE
from veilleuse.alerts.models import Member
from veilleuse.questionnaires.models import Campaign, Candidate
from veilleuse.questionnaires.services.invitations import invitation_create, invitation_url
campaign = Campaign.objects.get(slug="paris-2026")
admin = User.objects.get(username="alice")
links = []
for i in range(%(clients)d):
    candidate, _ = Candidate.objects.get_or_create(campaign=campaign, name=f"Liste charge {i}")
    links.append(invitation_url(invitation_create(actor=admin, candidate=candidate)))
staff = Client()
staff.force_login(admin)
member = Member.objects.filter(status="active").order_by("pk").first()
print(json.dumps({"links": links, "staff_session": staff.cookies["sessionid"].value,
                  "member": member.pseudonym, "passphrase": MEMBER_PASSPHRASE}))
"""


# A client: one keep-alive connection, its cookies, and the forms it fills.


class FormReader(HTMLParser):
    """The fields of the page's POST forms, with the values a browser would send."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, Any]] = []
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self.forms.append({"action": a.get("action", ""), "fields": {}})
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in {"submit", "button", "file"}:
            if a.get("type") in {"checkbox", "radio"}:
                if "checked" in a or name not in fields:
                    fields[name] = a.get("value", "on")
            else:
                fields[name] = a.get("value", "")
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and a.get("value"):
            fields.setdefault(self.select, a["value"])
        elif tag == "textarea" and name:
            self.textarea = name
            fields[name] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data: str) -> None:
        if self.textarea and self.forms:
            self.forms[-1]["fields"][self.textarea] += data


# The language switcher and the sign-out button are forms on every page, never the page's own.
_NOT_MAIN = ("/i18n/", "logout", "deconnexion")


class Browser:
    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(
        self, method: str, path: str, body: dict[str, str] | None = None
    ) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        headers["Accept-Language"] = "fr"
        payload = None
        if body is not None:
            payload = urlencode(body, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        try:
            self.connection.request(method, path, payload, headers)
            response = self.connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException):
            self.connection.close()  # reconnect on the next request
            raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
        return response.status, text

    def form(self, path: str, action_contains: str = "") -> dict[str, Any]:
        status, page = self.request("GET", path)
        reader = FormReader()
        reader.feed(page)
        for form in reader.forms:
            action = form["action"] or path
            if action_contains in action and not any(skip in action for skip in _NOT_MAIN):
                return form
        raise RuntimeError(f"no form at {path} ({status})")


# Scenarios.


@dataclass(frozen=True)
class Scenario:
    """``path(context, client_number)`` is the page; ``fill`` the values typed into its form
    (``None``: only GET the page); ``sign_in`` prepares the client once."""

    name: str
    path: Callable[[dict[str, Any], int], str]
    fill: dict[str, str] | None = None
    action: str = ""
    sign_in: Callable[[Browser, dict[str, Any]], None] | None = None
    expect: tuple[int, ...] = (200, 302)


def staff_sign_in(browser: Browser, context: dict[str, Any]) -> None:
    browser.cookies["sessionid"] = context["staff_session"]


def member_sign_in(browser: Browser, context: dict[str, Any]) -> None:
    form = browser.form("/alertes/connexion/")
    fields = {**form["fields"], "pseudonym": context["member"], "passphrase": context["passphrase"]}
    status, _ = browser.request("POST", "/alertes/connexion/", fields)
    if status != 302:
        raise RuntimeError(f"member sign-in answered {status}")


def link_path(context: dict[str, Any], number: int) -> str:
    return (
        "/" + context["links"][number % len(context["links"])].split("://", 1)[1].split("/", 1)[1]
    )


SCENARIOS = [
    Scenario("hello (plain Django view, baseline)", lambda c, n: "/bench/hello/"),
    Scenario(
        "invitation answer form: GET the form, POST a draft",
        link_path,
        fill={"q*": "Oui, nous nous y engageons et le financerons dès 2027."},
    ),
    Scenario(
        "live preview of the published site (staff)",
        lambda c, n: "/c/paris-2026/preview/",
        sign_in=staff_sign_in,
    ),
    Scenario(
        "report submission (member): GET the form, POST a report",
        lambda c, n: "/alertes/signaler/",
        fill={"description": "Client violent, voiture grise.", "place": "Rue de Belleville"},
        sign_in=member_sign_in,
    ),
    Scenario(
        "number check (member): GET the form, POST a number",
        lambda c, n: "/alertes/verifier/",
        fill={"kind": "phone", "raw": "06 12 34 56 78"},
        sign_in=member_sign_in,
    ),
]


def _typed(form: dict[str, Any], fill: dict[str, str]) -> dict[str, str]:
    fields = dict(form["fields"])
    for key, value in fill.items():
        if key.endswith("*"):
            for name in fields:
                if name.startswith(key[:-1]):
                    fields[name] = value
        else:
            fields[key] = value
    return fields


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float, ok: bool) -> None:
        with self.lock:
            self.latencies.append(seconds)
            self.errors += not ok


def _client(
    scenario: Scenario,
    port: int,
    context: dict[str, Any],
    number: int,
    deadline: float,
    tally: Tally,
) -> None:
    browser = Browser(port)
    if scenario.sign_in:
        scenario.sign_in(browser, context)
    path = scenario.path(context, number)
    while time.monotonic() < deadline:
        started = time.perf_counter()
        try:
            if scenario.fill is None:
                status, _ = browser.request("GET", path)
                tally.add(time.perf_counter() - started, status in scenario.expect)
                continue
            form = browser.form(path, scenario.action)
            tally.add(time.perf_counter() - started, True)
            started = time.perf_counter()
            status, _ = browser.request("POST", form["action"] or path, _typed(form, scenario.fill))
            tally.add(time.perf_counter() - started, status in scenario.expect)
        except (OSError, http.client.HTTPException, RuntimeError):
            tally.add(time.perf_counter() - started, False)


def run_scenario(
    scenario: Scenario, port: int, context: dict[str, Any], seconds: float
) -> dict[str, float]:
    tally = Tally()
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(target=_client, args=(scenario, port, context, n, deadline, tally))
        for n in range(CLIENTS)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    elapsed = time.monotonic() - started
    latencies = sorted(tally.latencies) or [0.0]
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [latencies[0]] * 99
    return {
        "requests": len(tally.latencies),
        "rps": len(tally.latencies) / elapsed,
        "p50": cuts[49] * 1000,
        "p95": cuts[94] * 1000,
        "p99": cuts[98] * 1000,
        "errors": tally.errors / max(len(tally.latencies), 1),
    }


# The server.


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _prepare(data_dir: Path) -> tuple[dict[str, str], dict[str, Any]]:
    env = {**os.environ, **SERVER_ENV, "VEILLEUSE_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    run = lambda *cmd: subprocess.run(  # noqa: E731
        [sys.executable, *cmd], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    run("-m", "veilleuse.cli", "demo")
    context = json.loads(run("-c", _SETUP % {"clients": CLIENTS}).stdout.strip().splitlines()[-1])
    return env, context


def _start_server(env: dict[str, str], port: int) -> subprocess.Popen[str]:
    server = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.load_server", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdout is not None
    if server.stdout.readline().strip() != "ready":
        server.kill()
        raise RuntimeError("the benchmark server did not start")
    return server


def bench_load(seconds: float | None = None) -> str:
    seconds = seconds or float(os.environ.get("VEILLEUSE_BENCH_SECONDS", DEFAULT_SECONDS))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        env, context = _prepare(Path(tmp))
        port = _free_port()
        server = _start_server(env, port)
        try:
            for scenario in SCENARIOS:
                rows.append((scenario, run_scenario(scenario, port, context, seconds)))
                print(f"  {scenario.name}: {rows[-1][1]['rps']:,.0f} req/s", file=sys.stderr)
        finally:
            server.terminate()
            server.wait(timeout=10)
    return _section(rows, seconds)


def _section(rows: list[tuple[Scenario, dict[str, float]]], seconds: float) -> str:
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    hello = rows[0][1]
    lines = [
        START,
        f"Measured {now} on {platform.machine()} ({os.cpu_count()} cores, shared, Python "
        f"{platform.python_version()}) by `python -m benchmarks --only load`: {CLIENTS} "
        f"clients (threads, keep-alive) for {seconds:.0f} s per scenario against Django's "
        "threaded server on 127.0.0.1, SQLite, the demo loaded, DEBUG off. A form scenario "
        "counts its GET and its POST as two requests. The daily report and number-check "
        "quotas are lifted for the run, so that every request does the full work."
        + (
            f" Shortened from the default {DEFAULT_SECONDS} s with VEILLEUSE_BENCH_SECONDS."
            if seconds < DEFAULT_SECONDS
            else ""
        ),
        "",
        "| scenario | requests | req/s | p50 (ms) | p95 (ms) | p99 (ms) | errors "
        "| req/s vs hello |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for scenario, r in rows:
        ratio = r["rps"] / hello["rps"] if hello["rps"] else 0.0
        lines.append(
            f"| {scenario.name} | {r['requests']:,.0f} | {r['rps']:,.0f} | {r['p50']:,.0f} "
            f"| {r['p95']:,.0f} | {r['p99']:,.0f} | {r['errors']:.1%} | {ratio:.2f} |"
        )
    lines += [
        "",
        "The clients and the server share the machine's cores; the server is one Python "
        "process (production runs several WSGI workers), so the ratio to hello is the figure "
        "to compare across runs, not the absolute rate.",
        END,
    ]
    return "\n".join(lines)
