"""Aiming one alert in a network of 10,000 members (docs/decisions/0011).

``python -m benchmarks.targeting`` (from the repository root, SQLite, a throwaway test
database): 10,000 active members, 5,000 in the alert's zone and 5,000 in another; the best
and the median of five runs of ``alert_recipients`` to its last recipient. Run it in two
trees (before and after a change) to compare: it imports the ``veilleuse`` of the current
directory.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time

from benchmarks.throwaway import throwaway_database


def measure(members: int = 10_000, runs: int = 5) -> dict[str, float | int]:
    from veilleuse.accounts.models import Association
    from veilleuse.alerts.models import Zone
    from veilleuse.alerts.services.delivery import _alert_recipients as alert_recipients
    from veilleuse.alerts.tests.delivery_world import members_bulk, published_alert

    association = Association.objects.create(name="Banc", slug="banc")
    zone = Zone.objects.create(association=association, name="Belleville", slug="belleville")
    other = Zone.objects.create(association=association, name="Autre", slug="autre")
    members_bulk(association, zone, members // 2)
    members_bulk(association, other, members - members // 2)
    alert, _ = published_alert(association, [zone], ["fr"], enqueue=False)
    times, found = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        found = sum(1 for _ in alert_recipients(alert))
        times.append(time.perf_counter() - start)
    return {"recipients": found, "best": min(times), "median": sorted(times)[runs // 2]}


def main() -> None:
    sys.path.insert(0, os.getcwd())
    os.environ.update(DJANGO_SETTINGS_MODULE="veilleuse.settings", VEILLEUSE_PROFILE="test")
    os.environ.pop("DATABASE_URL", None)
    with tempfile.TemporaryDirectory() as data_dir:
        os.environ["VEILLEUSE_DATA_DIR"] = data_dir
        import django

        django.setup()
        with throwaway_database():
            print(json.dumps(measure()))


if __name__ == "__main__":
    main()
