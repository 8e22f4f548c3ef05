"""A check-in missed while everything fails around its deadline is escalated once.

The alert worker is killed just before the deadline and started again after it; the SMS
gateway is down until the escalation has tried it; on PostgreSQL (``DATABASE_URL``), the
worker's connections are also cut, twice, as it comes back after the deadline. When the services
return, the trusted contact gets exactly one SMS, and the audit log one escalation. Timings
go to docs/benchmarks.md (``benchmarks/checkin_escalation.py``), not to assertions."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from benchmarks.checkin_escalation import run_scenario
from veilleuse.alerts.tests.test_durability import scratch_postgres

pytestmark = pytest.mark.slow


def assert_escalated_once(result: dict[str, object]) -> None:
    assert result["gateway_refused"] >= 1  # it was tried while the gateway was down
    assert result["gateway_accepted"] == 1
    assert len(result["gateway_keys"]) == 1  # type: ignore[arg-type]
    assert result["messages"] == 1
    assert result["sent"] == 1
    assert result["escalations"] == 1
    assert result["sends_logged"] == 1
    assert result["escalated"] == 1


def test_a_check_in_missed_while_the_worker_dies_and_the_gateway_is_down_escalates_once(
    tmp_path: Path,
) -> None:
    assert_escalated_once(run_scenario(tmp_path))


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_same_with_the_database_cutting_the_worker_off_after_the_deadline(
    tmp_path: Path,
) -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("needs DATABASE_URL pointing to PostgreSQL (the PostgreSQL leg)")
    with scratch_postgres(url) as database_url:
        result = run_scenario(tmp_path, database_url=database_url, admin_url=url)
    assert result["connections_cut"] > 0
    assert_escalated_once(result)
