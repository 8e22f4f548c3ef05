"""The task interface: tasks run after commit, never for a rolled-back write."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction

from veilleuse.core.tasks import enqueue, task

calls: list[int] = []


@task()
def note_call(*, number: int) -> None:
    calls.append(number)


@pytest.fixture(autouse=True)
def _forget_calls() -> None:
    calls.clear()


CaptureOnCommit = Callable[..., Any]


@pytest.mark.django_db
def test_a_task_runs_once_the_transaction_commits(
    django_capture_on_commit_callbacks: CaptureOnCommit,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        enqueue(note_call, number=1)
        assert calls == [], "the task ran before the transaction committed"

    assert calls == [1]


@pytest.mark.django_db
def test_a_task_can_be_enqueued_by_its_dotted_name(
    django_capture_on_commit_callbacks: CaptureOnCommit,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        enqueue("veilleuse.core.tests.test_tasks.note_call", number=2)

    assert calls == [2]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_enqueues_nothing() -> None:
    def failing_service() -> None:
        with transaction.atomic():
            enqueue(note_call, number=3)
            raise RuntimeError("the service failed")

    with pytest.raises(RuntimeError):
        failing_service()

    assert calls == []


def test_an_unknown_task_name_fails_at_once_with_the_known_names() -> None:
    with pytest.raises(LookupError, match=r"No background task named 'nothing\.here'"):
        enqueue("nothing.here", number=4)
