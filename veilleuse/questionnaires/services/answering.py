"""What a candidate does behind their link: save a draft, attach a document, submit.

The candidate has no account: every service takes the ``Invitation`` the link opened
(``selectors.invitations.invitation_for_token``). Writes lock the candidate's row first, so two
submits at the same moment queue up: the second finds the response submitted and changes
nothing (and the one-to-one from Response to Candidate forbids a second response anyway).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from veilleuse import analysis as engine
from veilleuse.analysis.readers import detect_format, refuse_oversized_container
from veilleuse.core.audit import audit
from veilleuse.core.documents import document_read
from veilleuse.core.tasks import enqueue
from veilleuse.questionnaires import tasks
from veilleuse.questionnaires.models import (
    Answer,
    Candidate,
    ContactAttempt,
    ContactKind,
    DocumentStatus,
    Invitation,
    Response,
    ResponseStatus,
)
from veilleuse.questionnaires.services.invitations import candidate_email, email_on_commit

_SAFE_SUFFIX = re.compile(r"\.[a-z0-9]{1,8}")
# What the format is told from (its extension first, else these first bytes).
_SNIFF_BYTES = 64 * 1024


class ResponseClosed(Exception):
    """The campaign's deadline has passed: the link no longer accepts answers."""


class ResponseAlreadySubmitted(Exception):
    """The answers were sent already; they can no longer be changed through the link."""

    def __init__(self, response: Response) -> None:
        super().__init__("already submitted")
        self.response = response


def _locked_response(invitation: Invitation) -> Response:
    """The candidate's response, created as a draft if needed; the caller's transaction
    holds the candidate's row until it ends."""
    campaign = invitation.candidate.campaign
    if not campaign.is_open():
        raise ResponseClosed
    candidate = Candidate.objects.select_for_update().get(pk=invitation.candidate_id)
    response, _created = Response.objects.get_or_create(
        candidate=candidate, defaults={"questionnaire_version": campaign.questionnaire_version}
    )
    if response.status == ResponseStatus.SUBMITTED:
        raise ResponseAlreadySubmitted(response)
    return response


def answers_save(*, invitation: Invitation, answers: Mapping[int, str]) -> Response:
    """Keep the candidate's answers as a draft; ``answers`` maps question ids to texts."""
    with transaction.atomic():
        response = _locked_response(invitation)
        questions = set(
            invitation.candidate.campaign.questions.filter(pk__in=answers).values_list(
                "pk", flat=True
            )
        )
        existing = {a.question_id: a for a in response.answers.filter(question_id__in=questions)}
        changed, created = [], []
        for question_id in questions:
            text = answers[question_id].strip()
            answer = existing.get(question_id)
            if answer is None and text:
                created.append(Answer(response=response, question_id=question_id, text=text))
            elif answer is not None and answer.text != text:
                answer.text, answer.updated = text, timezone.now()
                changed.append(answer)
        Answer.objects.bulk_create(created)
        Answer.objects.bulk_update(changed, ["text", "updated"])
        response.save(update_fields=["updated"])
    return response


def response_submit(*, invitation: Invitation) -> Response:
    """Send the answers: the response is final, staff are told, the analysis starts."""
    candidate = invitation.candidate
    with transaction.atomic():
        response = _locked_response(invitation)
        has_text = response.answers.exclude(text="").exists()
        if not has_text and not response.document:
            raise ValidationError(_("Nothing to send yet: write an answer or attach a document."))
        _require_readable_document(response)
        now = timezone.now()
        response.status, response.submitted_at = ResponseStatus.SUBMITTED, now
        response.questionnaire_version = candidate.campaign.questionnaire_version
        response.save(update_fields=["status", "submitted_at", "questionnaire_version", "updated"])
        ContactAttempt.objects.create(
            candidate=candidate, kind=ContactKind.REPLY, at=now, note=_("Answered on the web form.")
        )
        if candidate.email:
            email_on_commit(messages=[_acknowledgement(invitation, response)])
        enqueue(tasks.response_analyse, response_id=response.pk)
        audit(
            actor=None,
            action="response.submit",
            target=response,
            association_id=candidate.campaign.association_id,
        )
    return response


def _require_readable_document(response: Response) -> None:
    if response.document_status == DocumentStatus.CHECKING:
        raise ValidationError(
            _("Your document is still being read: the questionnaire page says when it is done.")
        )
    if response.document_status == DocumentStatus.UNREADABLE:
        raise ValidationError(
            _("Your document could not be read: attach another file, or type your answers.")
        )


def _acknowledgement(invitation: Invitation, response: Response) -> EmailMessage:
    candidate = invitation.candidate
    return candidate_email(
        to=candidate.email,
        template="questionnaires/email/acknowledgement",
        context={
            "candidate": candidate,
            "campaign": candidate.campaign,
            "association": candidate.campaign.association,
            "response": response,
        },
    )


def document_check(*, data: bytes, name: str) -> None:
    """Refuse, in the request, a file too large (itself, or unpacked, from its ZIP directory)
    or of a kind the engine cannot read. Reading it is left to a task
    (``response_document_read``): a dense document can cost a minute."""
    limit = settings.VEILLEUSE_UPLOAD_MAX_BYTES
    if len(data) > limit:
        raise ValidationError(
            _("This file is too large: the limit is %(megabytes)s MB.")
            % {"megabytes": limit // (1024 * 1024)}
        )
    if not data:
        raise ValidationError(_("This file is empty."))
    try:
        detect_format(data[:_SNIFF_BYTES], name)
    except engine.AnalysisError:
        raise ValidationError(
            _(
                "This kind of file cannot be read. Send a Word (.docx), OpenDocument (.odt), "
                "PDF, text (.txt, .md), web page (.html) or e-mail (.eml) file."
            )
        ) from None
    try:
        refuse_oversized_container(data, name)
    except engine.AnalysisError as error:
        raise ValidationError(
            _("This file could not be read (%(reason)s). Copy your answers into the form.")
            % {"reason": error}
        ) from None


def response_document_read(*, response_id: int, document: str) -> Response | None:
    """Read the candidate's attached document (the ``response_document_read`` task), in a
    child process under limits, and say on their page whether it could be read. A document
    replaced meanwhile is left to its own task."""
    response = Response.objects.filter(pk=response_id, document=document).first()
    if response is None or response.document_status != DocumentStatus.CHECKING:
        return response
    try:
        with response.document.open("rb") as handle:
            data = handle.read(settings.VEILLEUSE_UPLOAD_MAX_BYTES + 1)
        document_read(data=data, name=response.document_name)
        status, error = DocumentStatus.READABLE, ""
    except engine.AnalysisError as failure:
        status, error = DocumentStatus.UNREADABLE, str(failure)
    except FileNotFoundError:
        status, error = DocumentStatus.UNREADABLE, _("The file is missing; attach it again.")
    with transaction.atomic():
        locked = Response.objects.select_for_update().filter(pk=response_id).first()
        if locked is None or locked.document.name != document:
            return locked
        locked.document_status, locked.document_error = status, error
        locked.save(update_fields=["document_status", "document_error", "updated"])
    return locked


def response_document_attach(*, invitation: Invitation, data: bytes, name: str) -> Response:
    """Keep a document holding the candidate's answers, if the engine can read it."""
    document_check(data=data, name=name)
    display_name = PurePath(name).name[-255:] or "document"
    suffix = PurePath(display_name).suffix.lower()
    stored_name = uuid.uuid4().hex + (suffix if _SAFE_SUFFIX.fullmatch(suffix) else "")
    with transaction.atomic():
        response = _locked_response(invitation)
        previous = response.document.name
        response.document.save(stored_name, ContentFile(data), save=False)
        response.document_name = display_name
        response.document_status, response.document_error = DocumentStatus.CHECKING, ""
        fields = ["document", "document_name", "document_status", "document_error", "updated"]
        try:
            response.save(update_fields=fields)
        except Exception:
            if response.document.name:
                response.document.storage.delete(response.document.name)
            raise
        if previous:
            storage = response.document.storage
            transaction.on_commit(lambda: storage.delete(previous))
        enqueue(
            tasks.response_document_read, response_id=response.pk, document=response.document.name
        )
    return response
