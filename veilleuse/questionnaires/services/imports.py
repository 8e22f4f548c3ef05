"""Imports: a document a campaign sent back, read by the engine, checked by staff, accepted.

The alignment is ``{"paragraphs": [{"text": ..., "question": 3 | None}], "warnings": [...]}``:
the reply's paragraphs in document order, each assigned to a question number or to none
("not an answer"). Staff fix it paragraph by paragraph (move, split, merge); splitting and
merging never lose or invent a character of the reply (see ``import_paragraph_split``).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from veilleuse import analysis as engine
from veilleuse.accounts.models import User
from veilleuse.analysis.readers import detect_format
from veilleuse.analysis.text import sentences
from veilleuse.core.audit import audit
from veilleuse.core.document_errors import analysis_error_sentence
from veilleuse.core.documents import document_read
from veilleuse.core.tasks import enqueue
from veilleuse.questionnaires import tasks
from veilleuse.questionnaires.models import (
    Answer,
    Candidate,
    ContactAttempt,
    ContactKind,
    Import,
    ImportStatus,
    Question,
    Response,
    ResponseStatus,
)
from veilleuse.questionnaires.services.analysis import (
    Alignment,
    alignment_build,
    answers_grade,
    campaign_questionnaire,
)

_SNIFF_BYTES = 64 * 1024
_MEGABYTE = 1024 * 1024


def import_upload(
    *, candidate: Candidate, document: UploadedFile[bytes], uploaded_by: User
) -> Import:
    """Keep the document a campaign sent back and analyse it in the background."""
    name = document.name or "document"
    _check_upload(document, name)
    with transaction.atomic():
        item = Import(
            candidate=candidate, document=document, original_name=name, uploaded_by=uploaded_by
        )
        item.full_clean()
        item.save()
        enqueue(tasks.import_analyse, import_id=item.pk)
    return item


def _check_upload(document: UploadedFile[bytes], name: str) -> None:
    limit = settings.VEILLEUSE_UPLOAD_MAX_BYTES
    if (document.size or 0) > limit:
        raise ValidationError(
            _("%(name)s is %(size)s MB; documents can be at most %(limit)s MB.")
            % {"name": name, "size": _megabytes(document.size or 0), "limit": _megabytes(limit)},
            code="too_large",
        )
    document.seek(0)
    head = document.read(_SNIFF_BYTES)
    document.seek(0)
    if not head:
        raise ValidationError(_("%(name)s is empty.") % {"name": name}, code="empty")
    try:
        detect_format(head, name)
    except engine.AnalysisError as error:
        raise ValidationError(analysis_error_sentence(error=error), code="format") from None


def _megabytes(size: int) -> str:
    return f"{size / _MEGABYTE:.1f}".removesuffix(".0")


def import_align(*, import_id: int) -> Import | None:
    """Read, segment and align a pending import (the ``import_analyse`` task).

    An engine error marks the import failed with the engine's message; a second run of an
    import that is no longer pending does nothing, so staff corrections are never undone.
    """
    item = Import.objects.select_related("candidate__campaign").filter(pk=import_id).first()
    if item is None or item.status != ImportStatus.PENDING:
        return item
    questionnaire = campaign_questionnaire(campaign=item.candidate.campaign)
    try:
        with item.document.open("rb") as handle:
            data = handle.read(settings.VEILLEUSE_UPLOAD_MAX_BYTES + 1)
        document = document_read(data=data, name=item.original_name)
        alignment: Alignment | None = alignment_build(
            document=document, questionnaire=questionnaire
        )
        error: engine.AnalysisError | None = None
    except engine.AnalysisError as failure:
        alignment, error = None, failure
    except FileNotFoundError:
        alignment, error = (
            None,
            engine.AnalysisError(
                "The uploaded file is missing; please upload it again.", code="missing"
            ),
        )
    with transaction.atomic():
        locked = Import.objects.select_for_update().get(pk=import_id)
        if locked.status != ImportStatus.PENDING:
            return locked
        locked.status = ImportStatus.READY if error is None else ImportStatus.FAILED
        locked.error = "" if error is None else str(error)
        locked.error_code = "" if error is None else error.code
        locked.error_params = {} if error is None else error.params
        locked.alignment = alignment or {}  # a failed import keeps an empty alignment
        locked.save(
            update_fields=["status", "error", "error_code", "error_params", "alignment", "updated"]
        )
    return locked


# Longer than any analysis takes: an import pending for this long lost its task.
RESUME_AFTER = timedelta(minutes=10)


def imports_resume(*, older_than: timedelta = RESUME_AFTER) -> int:
    """Queue the analysis again for imports still pending after ``older_than``: a worker
    killed in the middle of a task loses it (the queue hands each message out once).
    ``import_align`` does nothing for an import no longer pending, so each is analysed once."""
    cutoff = timezone.now() - older_than
    stale = Import.objects.filter(status=ImportStatus.PENDING, created__lt=cutoff)
    ids = list(stale.values_list("pk", flat=True))
    for import_id in ids:
        enqueue(tasks.import_analyse, import_id=import_id)
    return len(ids)


def _locked_ready(item: Import) -> Import:
    locked = (
        Import.objects.select_for_update().select_related("candidate__campaign").get(pk=item.pk)
    )
    if locked.status != ImportStatus.READY:
        raise ValidationError(
            _("This import is %(status)s: it can no longer be changed.")
            % {"status": locked.get_status_display()},
            code="not_ready",
        )
    return locked


def _paragraphs(item: Import, index: int) -> list[dict[str, Any]]:
    paragraphs: list[dict[str, Any]] = list(item.alignment.get("paragraphs", []))
    if not 0 <= index < len(paragraphs):
        raise ValidationError(_("That paragraph no longer exists; reload the page."), code="index")
    return paragraphs


def _save_paragraphs(item: Import, paragraphs: list[dict[str, Any]]) -> Import:
    item.alignment = {**item.alignment, "paragraphs": paragraphs}
    item.save(update_fields=["alignment", "updated"])
    return item


def import_paragraph_move(*, item: Import, index: int, question: int | None) -> Import:
    """Assign a paragraph to another question, or to none ("not an answer")."""
    with transaction.atomic():
        locked = _locked_ready(item)
        paragraphs = _paragraphs(locked, index)
        numbers = set(locked.candidate.campaign.questions.values_list("number", flat=True))
        if question is not None and question not in numbers:
            raise ValidationError(_("There is no question %(n)s.") % {"n": question})
        paragraphs[index] = {**paragraphs[index], "question": question}
        return _save_paragraphs(locked, paragraphs)


def split_points(*, text: str) -> list[tuple[int, str]]:
    """Where a paragraph can be split: the start of each sentence after the first (after a
    space, so that the two parts always join back exactly)."""
    return [(s.start, s.text) for s in sentences(text)[1:] if text[s.start - 1].isspace()]


def import_paragraph_split(*, item: Import, index: int, at: int) -> Import:
    """Split a paragraph in two before the sentence starting at offset ``at``.

    The two parts are ``text[:at]`` and ``text[at:]``: together, exactly the paragraph.
    """
    with transaction.atomic():
        locked = _locked_ready(item)
        paragraphs = _paragraphs(locked, index)
        text = paragraphs[index]["text"]
        if at not in {start for start, _sentence in split_points(text=text)}:
            raise ValidationError(_("A paragraph can only be split where a sentence starts."))
        head = {**paragraphs[index], "text": text[:at]}
        tail = {**paragraphs[index], "text": text[at:]}
        paragraphs[index : index + 1] = [head, tail]
        return _save_paragraphs(locked, paragraphs)


def import_paragraph_merge(*, item: Import, index: int) -> Import:
    """Merge a paragraph with the next one, which takes the first one's question.

    Parts of a split paragraph join back exactly; two paragraphs of the document are joined
    by the paragraph break ("\\n\\n") that separated them.
    """
    with transaction.atomic():
        locked = _locked_ready(item)
        paragraphs = _paragraphs(locked, index)
        if index + 1 >= len(paragraphs):
            raise ValidationError(_("The last paragraph has no next paragraph to merge with."))
        first, second = paragraphs[index]["text"], paragraphs[index + 1]["text"]
        joint = "" if first[-1:].isspace() or second[:1].isspace() else "\n\n"
        paragraphs[index : index + 2] = [{**paragraphs[index], "text": first + joint + second}]
        return _save_paragraphs(locked, paragraphs)


def _import_answers(item: Import) -> dict[int, str]:
    """Question number → the text of the paragraphs assigned to it, joined by a blank line."""
    found: dict[int, list[str]] = {}
    for paragraph in item.alignment.get("paragraphs", []):
        if paragraph.get("question") is not None and paragraph["text"].strip():
            found.setdefault(paragraph["question"], []).append(paragraph["text"].strip())
    return {number: "\n\n".join(texts) for number, texts in found.items()}


def import_accept(*, item: Import, reviewer: User) -> Response:
    """Make the checked import the candidate's response: one answer per question, graded.

    A response whose answers were already reviewed is not replaced: the decisions would
    then grade a text they were not made on.
    """
    with transaction.atomic():
        locked = (
            Import.objects.select_for_update().select_related("candidate__campaign").get(pk=item.pk)
        )
        _check_acceptable(locked)
        response = _response_replace(locked)
        texts = _import_answers(locked)
        questions = list(locked.candidate.campaign.questions.all())
        answers = [_answer_put(response, q, texts.get(q.number, "")) for q in questions]
        answers_grade(answers=answers, question_texts=[q.text for q in questions])
        locked.status = ImportStatus.ACCEPTED
        locked.save(update_fields=["status", "updated"])
        _reply_logged(locked, reviewer)
        audit(
            actor=reviewer,
            action="import.accept",
            target=locked,
            association_id=locked.candidate.campaign.association_id,
            response=response.pk,
        )
    return response


def _check_acceptable(item: Import) -> None:
    if item.status == ImportStatus.ACCEPTED:
        raise ValidationError(_("This import was already accepted."), code="accepted")
    if item.status != ImportStatus.READY:
        raise ValidationError(
            _("Only an import that is ready to check can be accepted (this one is: %(s)s).")
            % {"s": item.get_status_display()},
            code="not_ready",
        )
    reviewed = Answer.objects.filter(
        response__candidate_id=item.candidate_id, decisions__isnull=False
    )
    if reviewed.exists():
        raise ValidationError(
            _("This candidate's answers have already been reviewed; they cannot be replaced."),
            code="reviewed",
        )


def _response_replace(item: Import) -> Response:
    response = Response.objects.filter(candidate_id=item.candidate_id).first()
    response = response or Response(candidate=item.candidate)
    response.status = ResponseStatus.SUBMITTED
    response.source = "import"
    response.submitted_at = response.submitted_at or timezone.now()
    response.document = item.document.name
    response.document_name = item.original_name
    response.questionnaire_version = item.candidate.campaign.questionnaire_version
    response.full_clean()
    response.save()
    return response


def _answer_put(response: Response, question: Question, text: str) -> Answer:
    answer = Answer.objects.filter(response=response, question=question).first()
    answer = answer or Answer(response=response, question=question)
    answer.text = text
    answer.full_clean()
    answer.save()
    return answer


def _reply_logged(item: Import, reviewer: User) -> None:
    if not item.candidate.contacts.filter(kind=ContactKind.REPLY).exists():
        ContactAttempt.objects.create(
            candidate=item.candidate,
            kind=ContactKind.REPLY,
            note=_("Reply imported from %(name)s.") % {"name": item.original_name},
            author=reviewer,
        )
