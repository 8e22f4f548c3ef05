"""Reviews: a person confirms or overrides the engine's suggestion, with a note.

Decisions are never edited; a new decision supersedes the last, and the list of decisions
is the history. With four-eyes review, a second reviewer confirms the latest decision (a
decision whose ``confirms`` points to it) before it counts as final (``final_grade``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from veilleuse.accounts.models import User
from veilleuse.core.audit import audit
from veilleuse.core.errors import Conflict
from veilleuse.questionnaires.models import Answer, CandidateReply, Decision
from veilleuse.questionnaires.services.learning import campaign_suggestions_revise


class DecisionConflict(Conflict):
    """Another reviewer decided after the page was loaded; ``decision`` is theirs."""

    def __init__(self, decision: Decision) -> None:
        super().__init__(
            _("Someone else decided meanwhile; here is their decision: %(grade)s by %(who)s.")
            % {"grade": decision.get_grade_display(), "who": decision.reviewer},
            fresh={"seen": str(decision.pk)},
        )
        self.decision = decision


def _locked_answer(answer: Answer) -> Answer:
    return (
        Answer.objects.select_for_update()
        .select_related("response__candidate__campaign")
        .get(pk=answer.pk)
    )


def _check_seen(answer: Answer, seen_decision_id: int | None) -> None:
    latest = answer.decisions.select_related("reviewer").order_by("-created", "-id").first()
    if latest is not None and latest.pk != seen_decision_id:
        raise DecisionConflict(latest)


def decision_record(
    *, reviewer: User, answer: Answer, grade: str, note: str, seen_decision_id: int | None
) -> Decision:
    """Grade an answer. ``seen_decision_id`` is the latest decision the reviewer saw (None
    if none): if another was recorded since, nothing is written (``DecisionConflict``)."""
    with transaction.atomic():
        locked = _locked_answer(answer)
        _check_seen(locked, seen_decision_id)
        agrees = grade == locked.suggested_grade
        if locked.suggested_grade and not agrees and not note.strip():
            raise ValidationError(
                {"note": _("Say why you grade differently from the suggestion.")},
                code="note_required",
            )
        decision = Decision(
            answer=locked,
            reviewer=reviewer,
            grade=grade,
            note=note.strip(),
            agrees_with_suggestion=agrees,
        )
        decision.full_clean()
        decision.save()
        _audit(reviewer, "decision.record", decision, locked, grade=grade)
        campaign_suggestions_revise(campaign=locked.response.candidate.campaign)
    return decision


def decision_confirm(
    *, reviewer: User, decision: Decision, note: str = "", seen_decision_id: int | None = None
) -> Decision:
    """Four-eyes: a second, different reviewer agrees with the latest decision."""
    with transaction.atomic():
        locked = _locked_answer(decision.answer)
        _check_seen(locked, decision.pk if seen_decision_id is None else seen_decision_id)
        if not locked.response.candidate.campaign.four_eyes:
            raise ValidationError(_("This campaign does not ask for a second reviewer."))
        latest = locked.decisions.filter(confirms__isnull=True).order_by("-created", "-id")
        if decision.confirms_id is not None or latest.first() != decision:
            raise ValidationError(_("Only the latest decision can be confirmed."))
        if decision.confirmations.exists():
            raise ValidationError(_("This decision is already confirmed."), code="confirmed")
        if decision.reviewer_id == reviewer.pk:
            raise ValidationError(
                _("You cannot confirm your own decision: another reviewer must do it."),
                code="own_decision",
            )
        confirmation = Decision(
            answer=locked,
            reviewer=reviewer,
            grade=decision.grade,
            note=note.strip(),
            agrees_with_suggestion=decision.agrees_with_suggestion,
            confirms=decision,
        )
        confirmation.full_clean()
        confirmation.save()
        _audit(reviewer, "decision.confirm", confirmation, locked, grade=decision.grade)
    return confirmation


def _audit(reviewer: User, action: str, decision: Decision, answer: Answer, **data: Any) -> None:
    audit(
        actor=reviewer,
        action=action,
        target=decision,
        association_id=answer.response.candidate.campaign.association_id,
        answer=answer.pk,
        **data,
    )


def candidate_reply_add(*, answer: Answer, text: str) -> CandidateReply:
    """A candidate's reply to the grade of one of their answers (right of reply)."""
    with transaction.atomic():
        locked = _locked_answer(answer)
        if not locked.response.candidate.campaign.right_of_reply:
            raise ValidationError(_("This campaign does not offer a right of reply."))
        if not locked.decisions.exists():
            raise ValidationError(_("This answer has not been graded yet."))
        reply = CandidateReply(answer=locked, text=text.strip())
        reply.full_clean()
        reply.save()
    return reply
