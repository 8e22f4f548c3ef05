"""The authorization matrix: every named route × every role gets the answer ``rules.py``
expects, and a route without a rule fails (convention 5).

To see what a route answers today, as a line to paste into ``rules.py``::

    AUTHZ_PRINT=1 .venv/bin/pytest -q tests/authz -s

and what every route answers to an empty POST, as ``post=`` lines::

    AUTHZ_PRINT=post .venv/bin/pytest -q tests/authz -s
"""

from __future__ import annotations

import os
from copy import deepcopy
from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.authz.rules import DEFAULT_PARAMS, ROLES, RULES, UNCHECKED, Rule
from tests.authz.world import World, world_build

STAFF_LOGIN = "/accounts/login/"
MEMBER_LOGIN = "/alertes/connexion/"
MEMBER_FEED = "/alertes/"


def named_routes() -> dict[str, list[str]]:
    """Every named route of the URL configuration, with the names of its URL parameters."""
    routes: dict[str, list[str]] = {}

    def walk(patterns: list[Any], namespace: str, params: list[str]) -> None:
        for entry in patterns:
            own = params + list(getattr(entry.pattern, "converters", {}))
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, inner, own)
            elif isinstance(entry, URLPattern) and entry.name:
                routes.setdefault(f"{namespace}{entry.name}", own)

    walk(get_resolver().url_patterns, "", [])
    return {name: params for name, params in routes.items() if not name.startswith(UNCHECKED)}


def route_url(name: str, params: list[str], rule: Rule | None, world: World) -> str:
    namespace = name.split(":")[0] if ":" in name else ""
    kwargs = {}
    for param in params:
        source = (
            (rule.params if rule else {}).get(param)
            or DEFAULT_PARAMS.get((namespace, param))
            or DEFAULT_PARAMS.get(("", param))
        )
        if source is None:
            raise LookupError(
                f"{name}: no value for the URL parameter <{param}>; name one in rules.py "
                f'(rule("...", {param}="<world value>"); see tests/authz/world.py).'
            )
        kwargs[param] = world.value(source)
    return reverse(name, kwargs=kwargs)


def outcome(response: Any) -> str:
    """What a role got, in the vocabulary of rules.py."""
    if response.status_code in (301, 302, 303, 307, 308):
        location = response["Location"]
        if location.startswith(STAFF_LOGIN):
            return "L"
        if location.startswith(MEMBER_LOGIN):
            return "M"
        if location == MEMBER_FEED:
            return "F"
        return "R"
    return str(response.status_code)


def post_outcome(response: Any) -> str:
    """What a role got from an empty POST: ``ok`` when the gate let it through."""
    got = outcome(response)
    return got if got in ("404", "403", "405", "500", "L", "M", "F") else "ok"


def post_as(client: Client, url: str) -> str:
    """POST an empty form, then forget it: rolled back, and the client signed in as before."""
    cookies = deepcopy(client.cookies)
    cache.clear()
    with transaction.atomic():
        got = post_outcome(client.post(url))
        transaction.set_rollback(True)
    client.cookies = cookies
    return got


def get_as(client: Client, url: str) -> str:
    """GET, then forget what it changed: the quick exit (a GET, so that it works as a plain
    link) signs the role out, and the next route must still see the role signed in."""
    cookies = deepcopy(client.cookies)
    with transaction.atomic():
        got = outcome(client.get(url))
        transaction.set_rollback(True)
    client.cookies = cookies
    return got


def post_only(rule: Rule) -> bool:
    return "405" in rule.expected


def clients(world: World) -> dict[str, Client]:
    signed_in = {}
    for role in ROLES:
        client = Client(raise_request_exception=False)
        if world.users[role] is not None:
            client.force_login(world.users[role])
        signed_in[role] = client
    return signed_in


def test_every_route_has_a_rule_and_every_rule_a_route() -> None:
    routes = named_routes()
    missing = sorted(set(routes) - set(RULES))
    stale = sorted(set(RULES) - set(routes))

    assert not missing, (
        "These routes have no authorization rule. Add one line per route to "
        "tests/authz/rules.py saying what each role gets (AUTHZ_PRINT=1 shows today's "
        "answers): " + ", ".join(missing)
    )
    assert not stale, "These rules name routes that no longer exist: " + ", ".join(stale)


@pytest.mark.django_db
def test_every_role_gets_the_expected_answer_on_every_route() -> None:
    world = world_build()
    signed_in = clients(world)
    routes = named_routes()
    wrong = []
    for name in sorted(routes):
        rule = RULES.get(name)
        url = route_url(name, routes[name], rule, world)
        got = [get_as(signed_in[role], url) for role in ROLES]
        if os.environ.get("AUTHZ_PRINT", "post") != "post":
            print(f'    {name!r}: rule("{" ".join(f"{g:<3}" for g in got).rstrip()}"),')
        if rule is not None and got != list(rule.expected):
            wrong.append(
                f"{name} ({url}):\n      expected {' '.join(rule.expected)}\n"
                f"      got      {' '.join(got)}"
            )

    header = "roles:   " + " ".join(ROLES)
    assert not wrong, f"{len(wrong)} routes answer differently:\n{header}\n" + "\n".join(wrong)


def test_every_post_only_route_has_a_post_rule() -> None:
    routes = named_routes()
    missing = sorted(
        name
        for name in routes
        if name in RULES and post_only(RULES[name]) and RULES[name].post is None
    )

    assert not missing, (
        "These routes answer POST only, so their GET line says nothing about who may act. "
        'Add post="..." to their rule in tests/authz/rules.py, saying what each role gets '
        "from an empty POST (AUTHZ_PRINT=post shows today's answers): " + ", ".join(missing)
    )


@pytest.mark.django_db
def test_every_role_gets_the_expected_answer_to_a_post() -> None:
    world = world_build()
    signed_in = clients(world)
    routes = named_routes()
    printing = os.environ.get("AUTHZ_PRINT") == "post"
    wrong = []
    for name in sorted(routes):
        rule = RULES.get(name)
        if rule is None or (rule.post is None and not printing):
            continue
        url = route_url(name, routes[name], rule, world)
        got = [post_as(signed_in[role], url) for role in ROLES]
        if printing:
            print(f'    {name!r}: post="{" ".join(f"{g:<3}" for g in got).rstrip()}",')
        if rule.post is not None and got != list(rule.post):
            wrong.append(
                f"{name} (POST {url}):\n      expected {' '.join(rule.post)}\n"
                f"      got      {' '.join(got)}"
            )

    header = "roles:   " + " ".join(ROLES)
    assert not wrong, f"{len(wrong)} routes answer POST differently:\n{header}\n" + "\n".join(wrong)
