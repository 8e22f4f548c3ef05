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

Nothing outside this module imports huey, so replacing the queue (for Django 6's tasks
framework, say) means rewriting this module only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from django.db import transaction
from huey.contrib.djhuey import HUEY, db_task


class Task(Protocol):
    """What ``@task`` returns: calling it puts a message on the queue."""

    __module__: str
    __name__: str

    def __call__(self, **kwargs: Any) -> Any: ...


_registry: dict[str, Task] = {}


def task(**options: Any) -> Callable[[Callable[..., Any]], Task]:
    """Declare a background task. ``options`` go to huey (``retries``, ``retry_delay``...).

    Tasks get a fresh database connection around each run (huey's ``db_task``).
    """

    def register(function: Callable[..., Any]) -> Task:
        wrapped: Task = db_task(**options)(function)
        _registry[task_name(function)] = wrapped
        return wrapped

    return register


def periodic(
    *, day_of_week: str = "*", hour: str = "*", minute: str = "0"
) -> Callable[[Callable[..., Any]], Task]:
    """Declare a task the worker runs on a schedule (cron fields, in the server's time zone):
    ``@periodic(day_of_week="1", hour="8")`` runs every Monday at 8:00."""
    from huey import crontab
    from huey.contrib.djhuey import db_periodic_task

    def register(function: Callable[..., Any]) -> Task:
        schedule = crontab(day_of_week=day_of_week, hour=hour, minute=minute)
        wrapped: Task = db_periodic_task(schedule)(function)
        _registry[task_name(function)] = wrapped
        return wrapped

    return register


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
    transaction.on_commit(lambda: queued(**kwargs), robust=not HUEY.immediate)


def enqueue_later(task_or_name: Task | str, /, seconds: float, **kwargs: Any) -> None:
    """Like ``enqueue``, but the worker runs the task ``seconds`` from now at the earliest
    (a retry that comes due soon, for instance). Not run in the test profile's immediate mode:
    tests call what they need."""
    queued = task_lookup(task_or_name) if isinstance(task_or_name, str) else task_or_name
    transaction.on_commit(
        lambda: queued.schedule(kwargs=kwargs, delay=seconds),  # type: ignore[attr-defined]
        robust=not HUEY.immediate,
    )
