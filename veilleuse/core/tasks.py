"""The one door to background work (docs/decisions/0002-task-queue-huey.md).

Declare a task in the ``tasks.py`` of its app (the worker, ``manage.py run_huey``, imports
every app's ``tasks`` module)::

    from veilleuse.core.tasks import task

    @task(retries=3, retry_delay=60)
    def alert_deliver(*, alert_id: int) -> None:
        ...

Enqueue it from a service, by the function or by its dotted name::

    enqueue(alert_deliver, alert_id=alert.pk)
    enqueue("veilleuse.alerts.tasks.alert_deliver", alert_id=alert.pk)

``enqueue`` waits for the current transaction to commit (convention 4): a worker never sees a
row that might still roll back, and a rolled-back service sends nothing. Outside a transaction
it enqueues at once. Arguments are keyword-only and must be picklable; pass ids, not model
instances, so the task reads fresh data.

In the ``test`` profile huey runs in immediate mode: the task runs in-process when the
transaction commits. Under pytest-django's ``db`` fixture nothing commits, so wrap the call
in ``django_capture_on_commit_callbacks(execute=True)`` to see the task run.

Two queues. Alert delivery has its own (``@task(queue=ALERTS)``), consumed by its own worker
process, ``manage.py run_alert_worker`` (docs/decisions/0009-alert-queue.md): imports, site
builds and e-mails, on the default queue and ``manage.py run_huey``, never wait in front of
an alert's notifications.

Nothing outside this module imports huey, so replacing the queue (for Django 6's tasks
framework, say) means rewriting this module only.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Protocol

from django.conf import settings
from django.db import transaction
from huey import Huey
from huey.contrib.djhuey import HUEY, close_db
from huey.utils import load_class

DEFAULT = "default"
ALERTS = "alerts"


class Task(Protocol):
    """What ``@task`` returns: calling it puts a message on the queue."""

    __module__: str
    __name__: str

    def __call__(self, **kwargs: Any) -> Any: ...

    def schedule(self, *, kwargs: dict[str, Any], delay: float) -> Any:
        """Queue the task to run ``delay`` seconds from now at the earliest."""


_registry: dict[str, Task] = {}
# Tasks each queue's worker puts on its queue as it starts (``at_worker_start``).
_at_start: dict[str, list[Task]] = {}


@functools.cache
def alert_queue() -> Huey:
    """The alert queue, built from ``VEILLEUSE_ALERT_QUEUE`` as djhuey builds ``HUEY``."""
    config = dict(settings.VEILLEUSE_ALERT_QUEUE)
    config.pop("consumer", None)
    name, huey_class = config.pop("name"), load_class(config.pop("huey_class"))
    queue: Huey = huey_class(name, **config)
    return queue


def queue_named(queue: str) -> Huey:
    if queue == DEFAULT:
        return HUEY
    if queue == ALERTS:
        return alert_queue()
    raise LookupError(f"No task queue named {queue!r} (use {DEFAULT!r} or {ALERTS!r}).")


def task(*, queue: str = DEFAULT, **options: Any) -> Callable[[Callable[..., Any]], Task]:
    """Declare a background task on ``queue``. ``options`` go to huey (``retries``,
    ``retry_delay``...).

    Tasks get a fresh database connection around each run (huey's ``close_db``).
    """

    def register(function: Callable[..., Any]) -> Task:
        wrapped: Task = queue_named(queue).task(**options)(close_db(function))
        _registry[task_name(function)] = wrapped
        return wrapped

    return register


def periodic(
    *, day_of_week: str = "*", hour: str = "*", minute: str = "0", queue: str = DEFAULT
) -> Callable[[Callable[..., Any]], Task]:
    """Declare a task the worker of ``queue`` runs on a schedule (cron fields, in the server's
    time zone): ``@periodic(day_of_week="1", hour="8")`` runs every Monday at 8:00."""
    from huey import crontab

    def register(function: Callable[..., Any]) -> Task:
        schedule = crontab(day_of_week=day_of_week, hour=hour, minute=minute)
        wrapped: Task = queue_named(queue).periodic_task(schedule)(close_db(function))
        _registry[task_name(function)] = wrapped
        return wrapped

    return register


def at_worker_start(*, queue: str) -> Callable[[Task], Task]:
    """Mark a task that the worker of ``queue`` queues once as it starts: a sweep that must not
    wait for its next scheduled run after a restart. It must be safe to repeat."""

    def register(wrapped: Task) -> Task:
        _at_start.setdefault(queue, []).append(wrapped)
        return wrapped

    return register


def worker_started(*, queue: str) -> int:
    """Queue the ``at_worker_start`` tasks of ``queue``; called by its worker's command before
    the consumer runs. Returns how many were queued."""
    for wrapped in _at_start.get(queue, []):
        enqueue(wrapped)
    return len(_at_start.get(queue, []))


def task_name(function: Callable[..., Any]) -> str:
    return f"{function.__module__}.{function.__qualname__}"


def task_lookup(name: str) -> Task:
    try:
        return _registry[name]
    except KeyError:
        known = ", ".join(sorted(_registry)) or "none"
        raise LookupError(f"No background task named {name!r} (known: {known}).") from None


def enqueue(task_or_name: Task | str, /, **kwargs: Any) -> None:
    """Run a task in the background once the current transaction has committed."""
    # Resolve now, not after commit: a typo must fail inside the service, not silently later.
    queued = task_lookup(task_or_name) if isinstance(task_or_name, str) else task_or_name
    # In immediate mode the task itself runs in the callback, and its errors must reach the
    # caller (and the tests). Otherwise only putting the message on the queue can fail, after
    # the data is safely committed: log it rather than show the user an error for a write
    # that succeeded.
    transaction.on_commit(lambda: queued(**kwargs), robust=not _immediate(queued))


def enqueue_later(task_or_name: Task | str, /, seconds: float, **kwargs: Any) -> None:
    """Like ``enqueue``, but the worker runs the task ``seconds`` from now at the earliest
    (a retry that comes due soon, for instance). Not run in the test profile's immediate mode:
    tests call what they need."""
    queued = task_lookup(task_or_name) if isinstance(task_or_name, str) else task_or_name
    transaction.on_commit(
        lambda: queued.schedule(kwargs=kwargs, delay=seconds),
        robust=not _immediate(queued),
    )


def _immediate(queued: Task) -> bool:
    return bool(getattr(queued, "huey", HUEY).immediate)
