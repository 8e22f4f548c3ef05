"""``manage.py run_alert_worker``: the consumer of the alert queue, and of it alone.

Run it beside ``manage.py run_huey`` (docs/deploy.md, "The alert worker"): alert delivery
then never waits behind an import, a site build or an e-mail (docs/decisions/0009).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils.module_loading import autodiscover_modules

from veilleuse.core.tasks import ALERTS, alert_queue, worker_started


class Command(BaseCommand):
    help = "Run the alert queue's consumer: alert delivery only, in its own process."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--workers", type=int, default=None, help="worker threads (VEILLEUSE_TASK_WORKERS)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        autodiscover_modules("tasks")  # registers the alert tasks, as run_huey does its own
        consumer_options = dict(settings.VEILLEUSE_ALERT_QUEUE.get("consumer", {}))
        if options["workers"]:
            consumer_options["workers"] = options["workers"]
        # A sweep at once (due check-ins, re-pages): after a restart, nothing waits for the
        # next minute's scheduled sweep.
        worker_started(queue=ALERTS)
        alert_queue().create_consumer(**consumer_options).run()
