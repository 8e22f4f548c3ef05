"""Background work of the questionnaires app (run by ``manage.py run_huey``)."""

from __future__ import annotations

from typing import TypedDict

from veilleuse.core.tasks import periodic, task


class QueuedEmail(TypedDict):
    """An e-mail kept for the worker to send again (JSON in the task's arguments)."""

    subject: str
    body: str
    to: list[str]


@task(retries=2, retry_delay=30)
def response_analyse(*, response_id: int) -> None:
    """Suggest a grade for every answer of a submitted response."""
    from veilleuse.questionnaires.services.analysis import response_grade

    response_grade(response_id=response_id)


@task(retries=2, retry_delay=30)
def response_document_read(*, response_id: int, document: str) -> None:
    """Read a candidate's attached document (never in the request that brought it)."""
    from veilleuse.questionnaires.services.answering import response_document_read as read

    read(response_id=response_id, document=document)


@task(retries=2, retry_delay=30)
def import_analyse(*, import_id: int) -> None:
    """Read an uploaded document, split it into answers and align them to the questions."""
    from veilleuse.questionnaires.services.imports import import_align

    import_align(import_id=import_id)


@task(retries=12, retry_delay=300)
def emails_send(*, emails: list[QueuedEmail]) -> None:
    """Send e-mails the mail server refused when the action happened (retried for an hour)."""
    from django.core.mail import EmailMessage, get_connection

    messages = [EmailMessage(e["subject"], e["body"], to=e["to"]) for e in emails]
    get_connection().send_messages(messages)


@periodic(minute="*/10")
def imports_resume() -> None:
    """Analyse the imports whose task was lost with a worker that died mid-task."""
    from veilleuse.questionnaires.services.imports import imports_resume as resume

    resume()


@periodic(minute="*/10")
def responses_resume() -> None:
    """Grade the submitted responses whose task was lost with a worker that died mid-task."""
    from veilleuse.questionnaires.services.analysis import responses_resume as resume

    resume()
