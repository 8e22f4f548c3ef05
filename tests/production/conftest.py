"""The production test leg (``make test-production``, part of ``make test``): the stack of
``deploy/`` started once for this folder's tests. A machine without Caddy, PostgreSQL or
Redis skips them with a note; under CI that is an error."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.production.stack import (
    CI,
    Stack,
    database_create,
    database_drop,
    missing_pieces,
    redis_empty,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    missing = missing_pieces()
    if missing:
        message = "the production stack needs " + ", ".join(missing)
        if CI:
            pytest.fail(message + "; CI must run it.")
        pytest.skip(message + " (CI runs these tests).")
    running = Stack(
        folder=tmp_path_factory.mktemp("production"),
        database=f"veilleuse_production_{os.getpid()}",
    )
    database_create(running.database)
    redis_empty()
    try:
        running.start()
        yield running
    finally:
        if running.process is not None and running.process.poll() is None:
            running.stop()
        database_drop(running.database)


@pytest.fixture(scope="session")
def zones(stack: Stack) -> dict[str, int]:
    return stack.load_cast()
