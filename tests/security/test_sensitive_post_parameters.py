"""Finding 18 of issue 12: every view that takes a passphrase, a password, a code, a number,
a plate, a contact or a free text about a person (moderation, legal cases, member forms, the
number check) hides its POST from Django's error reports (``sensitive_post_parameters``).

The URL configuration is walked, not a hand list: every named route is opened by each role
the authorization matrix lets in (``tests/authz/rules.py``), the forms of the page are read,
and a form is posted back when it has a password field or a field named like a secret, a
contact or a text about someone anywhere, or any field a person types into (text, number,
telephone, e-mail, text area) on the alert network's and the accounts' pages; the request
the view saw must carry ``sensitive_post_parameters``. Posts run in a transaction rolled
back, with the cache cleared after, so nothing they do stays.
"""

from __future__ import annotations

import re
from copy import deepcopy
from html.parser import HTMLParser
from urllib.parse import urljoin

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client

from tests.authz.rules import ROLES, RULES
from tests.authz.test_matrix import clients, named_routes, route_url
from tests.authz.world import world_build

SENSITIVE = re.compile(
    r"passphrase|password|secret|token|otp|code|phone|plate|identifier|contact|email|pseudonym",
    re.IGNORECASE,
)
# Fields that match the pattern but carry nothing about a person.
HARMLESS = {"csrfmiddlewaretoken", "language_code"}
TYPED = {"text", "password", "tel", "email", "number", "search", "url", "textarea"}
# Where every typed field counts: the alert network's pages and the accounts'.
EVERY_TYPED_FIELD = ("alerts:", "accounts:")


class _Forms(HTMLParser):
    """The POST forms of a page: (action, field names)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, list[tuple[str, str]]]] = []
        self._open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "form" and (found.get("method") or "").lower() == "post":
            self.forms.append((found.get("action") or "", []))
            self._open = True
        elif tag in ("input", "textarea", "select") and self._open and found.get("name"):
            kind = tag if tag != "input" else (found.get("type") or "text").lower()
            self.forms[-1][1].append((found["name"] or "", kind))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._open = False


def _sensitive(name: str, kind: str, route: str) -> bool:
    if name in HARMLESS:
        return False
    typed = kind in TYPED and route.startswith(EVERY_TYPED_FIELD)
    return kind == "password" or bool(SENSITIVE.search(name)) or typed


def _sensitive_forms(client: Client, url: str, route: str) -> list[tuple[str, list[str]]]:
    response = client.get(url)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return []
    parser = _Forms()
    parser.feed(response.content.decode("utf-8", "replace"))
    return [
        (urljoin(url, action) if action else url, [name for name, _ in fields])
        for action, fields in parser.forms
        if any(_sensitive(name, kind, route) for name, kind in fields)
    ]


def _hidden(client: Client, action: str, fields: list[str]) -> bool:
    """Post the form back (rolled back); True if the view marked its POST as sensitive."""
    cookies = deepcopy(client.cookies)
    with transaction.atomic():
        response = client.post(action, dict.fromkeys(fields, "x"))
        transaction.set_rollback(True)
    client.cookies = cookies
    cache.clear()
    return bool(getattr(response.wsgi_request, "sensitive_post_parameters", None))


def _admitted(name: str) -> list[str]:
    rule = RULES.get(name)
    return (
        [role for role, got in zip(ROLES, rule.expected, strict=True) if got == "200"]
        if rule
        else []
    )


@pytest.mark.django_db
def test_every_view_that_takes_a_sensitive_field_hides_its_post_from_error_reports() -> None:
    world = world_build()
    signed_in = clients(world)
    seen: dict[str, str] = {}
    exposed: set[str] = set()
    for name, params in sorted(named_routes().items()):
        url = route_url(name, params, RULES.get(name), world)
        for role in _admitted(name):
            for action, fields in _sensitive_forms(signed_in[role], url, name):
                if action in seen:
                    continue
                seen[action] = name
                if not _hidden(signed_in[role], action, fields):
                    exposed.add(f"{name} → {action} as {role} ({', '.join(fields)})")
    cache.clear()
    # The walk reached the forms the finding names (the check is only as good as its reach).
    reached = set(seen.values())
    assert {"alerts:login", "alerts:check", "alerts:report_new", "alerts:my_data_erase"} <= reached
    assert {"alerts:case_detail", "alerts:moderation_report", "accounts:login"} <= reached
    assert not exposed, "views that take a sensitive field without sensitive_post_parameters:\n" + (
        "\n".join(sorted(exposed))
    )
