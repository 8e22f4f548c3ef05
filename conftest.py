"""Repository-wide pytest configuration.

``--db-only`` keeps only the tests that touch the database: ``make test`` runs the whole suite
on SQLite, then these again on PostgreSQL (docs/architecture.md, "Tests"). ``--without-db``
keeps the others, the engine and unit tests that ``make test-fast`` runs.
"""

from __future__ import annotations

import pytest

# The session's Chromium (the ``browser`` fixture), shared by tests/browser and tests/production.
pytest_plugins = ["tests.browser.chromium"]

# Fixtures through which pytest-django gives a test its database.
DATABASE_FIXTURES = frozenset({"_django_db_helper", "django_db_setup", "live_server"})


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--db-only",
        action="store_true",
        help="run only the tests that use the database (the PostgreSQL leg of `make test`)",
    )
    parser.addoption(
        "--without-db",
        action="store_true",
        help="run only the tests that do not use the database (`make test-fast`)",
    )


def uses_database(item: pytest.Item) -> bool:
    if item.get_closest_marker("django_db") is not None:
        return True
    return bool(DATABASE_FIXTURES.intersection(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--db-only") and config.getoption("--without-db"):
        raise pytest.UsageError("--db-only and --without-db exclude each other")
    if config.getoption("--db-only"):
        wanted = True
    elif config.getoption("--without-db"):
        wanted = False
    else:
        return
    selected = [item for item in items if uses_database(item) is wanted]
    deselected = [item for item in items if uses_database(item) is not wanted]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
    items[:] = selected


@pytest.fixture
def cast(db: None) -> object:
    """The shared cast (veilleuse/demo.py): an association with its admin, reviewer and
    viewer, another association's admin, the paris-2026 campaign and two demo lists."""
    from veilleuse.demo import cast_create

    return cast_create()


@pytest.fixture
def network(cast: object) -> object:
    """The alert network's cast (veilleuse/alerts/cast.py): zones, moderators ``mona`` and
    ``marc``, legal worker ``lea``, partner ``paul``, members Rosa (es), Lin (zh-hans), Ana (pt)
    and the suspended Sam."""
    from veilleuse.alerts.cast import network_cast_create
    from veilleuse.demo import CAST_PASSWORD

    return network_cast_create(cast.association, CAST_PASSWORD)  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache: sign-in failures counted by one test
    (veilleuse/core/throttle.py) must not lock another test's user."""
    from django.core.cache import cache

    cache.clear()
