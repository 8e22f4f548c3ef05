"""The realistic mix of ``make load`` (benchmarks/production_load.py), for Locust.

Every simulated person sends one request a second (``constant_throughput(1)``), so N users
make about N requests a second: members (feed, report form, number-check form), candidates
(their answer page), staff (the review list, after password and TOTP code) and the health
check, the bare baseline of the same stack. The stack's details come from the JSON file
named by ``VEILLEUSE_LOAD_CONFIG``.
"""

from __future__ import annotations

import itertools
import json
import os
import re
from pathlib import Path
from typing import Any

from django_otp.oath import totp
from locust import HttpUser, constant_throughput, task

CONFIG: dict[str, Any] = json.loads(Path(os.environ["VEILLEUSE_LOAD_CONFIG"]).read_text())
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STAFF = itertools.count()
MEMBERS = itertools.cycle(CONFIG["members"])


class Person(HttpUser):
    abstract = True
    wait_time = constant_throughput(1)

    def on_start(self) -> None:
        self.client.verify = False  # Caddy's internal authority; loopback only

    def post_form(self, path: str, data: dict[str, str], name: str) -> Any:
        page = self.client.get(path, name=f"{name} (form)")
        found = CSRF.search(page.text)
        token = found.group(1) if found else ""
        return self.client.post(
            path,
            data={**data, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.host}{path}"},
            name=name,
        )


class Member(Person):
    weight = 6

    def on_start(self) -> None:
        super().on_start()
        data = {"pseudonym": next(MEMBERS), "passphrase": CONFIG["passphrase"]}
        self.post_form("/alertes/connexion/", data, "member sign-in")

    @task(5)
    def feed(self) -> None:
        self.client.get("/alertes/", name="member feed")

    @task(2)
    def report_form(self) -> None:
        self.client.get("/alertes/signaler/", name="member report form")

    @task(1)
    def number_check_form(self) -> None:
        self.client.get("/alertes/verifier/", name="member number check form")


class Candidate(Person):
    weight = 2

    @task
    def answer_page(self) -> None:
        self.client.get(CONFIG["answer_path"], name="candidate answer page")


class Staff(Person):
    weight = 1

    def on_start(self) -> None:
        super().on_start()
        username = CONFIG["staff"][next(STAFF) % len(CONFIG["staff"])]
        data = {"username": username, "password": CONFIG["password"]}
        reply = self.post_form("/accounts/login/", data, "staff sign-in")
        code = f"{totp(bytes.fromhex(CONFIG['totp_key'])):06d}"
        self.post_form(reply.url.removeprefix(self.host), {"token": code}, "staff TOTP")

    @task
    def review_list(self) -> None:
        self.client.get("/c/paris-2026/review/", name="staff review list")


class Health(Person):
    weight = 1

    @task
    def health(self) -> None:
        self.client.get("/healthz", name="health (baseline)")
