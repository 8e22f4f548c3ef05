"""Background work of the questionnaires app (run by ``manage.py run_huey``)."""

from __future__ import annotations

from veilleuse.core.tasks import task


@task(retries=2, retry_delay=30)
def response_analyse(*, response_id: int) -> None:
    """Suggest a grade for every answer of a submitted response."""
    from veilleuse.questionnaires.services.analysis import response_grade

    response_grade(response_id=response_id)


@task(retries=2, retry_delay=30)
def import_analyse(*, import_id: int) -> None:
    """Read an uploaded document, split it into answers and align them to the questions."""
    from veilleuse.questionnaires.services.imports import import_align

    import_align(import_id=import_id)
