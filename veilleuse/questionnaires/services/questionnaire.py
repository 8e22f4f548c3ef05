"""Authoring a campaign's questionnaire: themes, questions, import from a file.

Until the first invitation goes out the questionnaire is a draft, edited freely. The first
invitation freezes it (``questionnaire_freeze``: version 1 is saved as a snapshot); after
that every change needs a note saying what changed, bumps ``campaign.questionnaire_version``
and saves a new snapshot, so that anyone can tell which version a candidate answered.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from veilleuse import analysis as engine
from veilleuse.accounts.models import User
from veilleuse.core.audit import audit
from veilleuse.core.documents import document_read
from veilleuse.questionnaires.models import Campaign, Question, QuestionnaireVersion, Theme

STRUCTURED_SUFFIXES = {".yaml": "YAML", ".yml": "YAML", ".json": "JSON"}


def _questionnaire_snapshot(campaign: Campaign) -> dict[str, Any]:
    """The questionnaire as plain data, as saved in a ``QuestionnaireVersion``."""
    themes = list(campaign.themes.order_by("position", "id"))
    questions = campaign.questions.select_related("theme").order_by("number")
    return {
        "title": campaign.title,
        "themes": [{"title": theme.title, "position": theme.position} for theme in themes],
        "questions": [
            {
                "number": q.number,
                "text": q.text,
                "theme": q.theme.title if q.theme else "",
                "demand": q.demand,
                "yes_means": q.yes_means,
                "position_statement": q.position_statement,
            }
            for q in questions
        ],
    }


def questionnaire_freeze(*, campaign: Campaign, actor: User) -> None:
    """Mark the questionnaire as sent and save version 1. Call inside the caller's
    transaction (the first invitation's); does nothing once frozen."""
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if locked.questionnaire_frozen:
        return
    locked.questionnaire_frozen = campaign.questionnaire_frozen = True
    locked.save(update_fields=["questionnaire_frozen", "updated"])
    QuestionnaireVersion.objects.create(
        campaign=locked,
        number=locked.questionnaire_version,
        snapshot=_questionnaire_snapshot(locked),
        note=_("Sent to the candidates."),
        author=actor if getattr(actor, "is_authenticated", False) else None,
    )


def _check_note(campaign: Campaign, note: str) -> None:
    if campaign.questionnaire_frozen and not note.strip():
        raise ValidationError(
            {"note": _("The questionnaire was already sent: say what changed and why.")}
        )


def _record_change(
    *, campaign: Campaign, actor: User, note: str, action: str, target: Model
) -> None:
    """After an edit: a new version and snapshot if the questionnaire was sent; an audit entry."""
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if locked.questionnaire_frozen:
        locked.questionnaire_version += 1
        locked.save(update_fields=["questionnaire_version", "updated"])
        campaign.questionnaire_version = locked.questionnaire_version
        QuestionnaireVersion.objects.create(
            campaign=locked,
            number=locked.questionnaire_version,
            snapshot=_questionnaire_snapshot(locked),
            note=note.strip(),
            author=actor if getattr(actor, "is_authenticated", False) else None,
        )
    audit(
        actor=actor,
        action=action,
        target=target,
        association_id=campaign.association_id,
        version=locked.questionnaire_version,
        note=note.strip(),
    )


def theme_create(
    *, actor: User, campaign: Campaign, title: str, position: int | None = None, note: str = ""
) -> Theme:
    _check_note(campaign, note)
    with transaction.atomic():
        if position is None:
            position = campaign.themes.count()
        theme = Theme(campaign=campaign, title=title.strip(), position=position)
        theme.full_clean()
        theme.save()
        _record_change(
            campaign=campaign, actor=actor, note=note, action="theme.create", target=theme
        )
    return theme


def theme_update(*, actor: User, theme: Theme, title: str, position: int, note: str = "") -> Theme:
    _check_note(theme.campaign, note)
    with transaction.atomic():
        theme.title, theme.position = title.strip(), position
        theme.full_clean()
        theme.save(update_fields=["title", "position"])
        _record_change(
            campaign=theme.campaign, actor=actor, note=note, action="theme.update", target=theme
        )
    return theme


def theme_delete(*, actor: User, theme: Theme, note: str = "") -> None:
    """Delete a theme; its questions stay, without a theme."""
    campaign = theme.campaign
    _check_note(campaign, note)
    with transaction.atomic():
        audit_target = Theme(pk=theme.pk, campaign=campaign, title=theme.title)
        theme.delete()
        _record_change(
            campaign=campaign, actor=actor, note=note, action="theme.delete", target=audit_target
        )


def _validate_question(question: Question) -> None:
    if question.theme is not None and question.theme.campaign_id != question.campaign_id:
        raise ValidationError({"theme": _("This theme belongs to another questionnaire.")})
    taken = Question.objects.filter(campaign_id=question.campaign_id, number=question.number)
    if question.pk:
        taken = taken.exclude(pk=question.pk)
    if taken.exists():
        raise ValidationError(
            {
                "number": _("Question %(number)s already exists: choose another number.")
                % {"number": question.number}
            }
        )
    question.full_clean()


@dataclass(frozen=True)
class QuestionDetails:
    """What staff type about a question (the question form, its note aside)."""

    number: int
    text: str
    theme: Theme | None = None
    demand: str = ""
    yes_means: str = ""
    position_statement: str = ""

    def assign(self, question: Question) -> None:
        """Copy the details onto the question, trimmed."""
        question.number, question.text, question.theme = self.number, self.text.strip(), self.theme
        question.demand, question.yes_means = self.demand.strip(), self.yes_means.strip()
        question.position_statement = self.position_statement.strip()


def question_create(
    *, actor: User, campaign: Campaign, details: QuestionDetails, note: str = ""
) -> Question:
    return _question_save(actor, Question(campaign=campaign), details, note, "question.create")


def question_update(
    *, actor: User, question: Question, details: QuestionDetails, note: str = ""
) -> Question:
    return _question_save(actor, question, details, note, "question.update")


def _question_save(
    actor: User, question: Question, details: QuestionDetails, note: str, action: str
) -> Question:
    _check_note(question.campaign, note)
    details.assign(question)
    with transaction.atomic():
        _validate_question(question)
        question.save()
        _record_change(
            campaign=question.campaign, actor=actor, note=note, action=action, target=question
        )
    return question


def question_delete(*, actor: User, question: Question, note: str = "") -> None:
    """Delete a question that nobody has answered yet (answers are never thrown away)."""
    campaign = question.campaign
    _check_note(campaign, note)
    if question.answers.exists():
        raise ValidationError(
            _("Candidates have answered this question: it cannot be deleted. Edit it instead.")
        )
    with transaction.atomic():
        audit_target = Question(pk=question.pk, campaign=campaign, number=question.number)
        question.delete()
        _record_change(
            campaign=campaign,
            actor=actor,
            note=note,
            action="question.delete",
            target=audit_target,
        )


def questionnaire_parse(*, data: bytes, name: str) -> engine.Questionnaire:
    """Read a questionnaire from a YAML/JSON file or from a document such as the seed.
    Raises ``ValidationError`` with a sentence a person can act on."""
    kind = STRUCTURED_SUFFIXES.get(PurePath(name).suffix.lower())
    try:
        if kind is None:
            document = document_read(data=data, name=name)
            return engine.infer_questionnaire(engine.segment(document))
        return engine.questionnaire_from_dict(_structured(data, kind), name=name)
    except engine.AnalysisError as error:
        raise ValidationError(
            _("This questionnaire could not be read: %(reason)s") % {"reason": error}
        ) from None


def _structured(data: bytes, kind: str) -> Any:
    try:
        text = data.decode("utf-8-sig")
        return json.loads(text) if kind == "JSON" else yaml.safe_load(text)
    except (UnicodeDecodeError, json.JSONDecodeError, yaml.YAMLError):
        raise engine.AnalysisError(f"the file is not valid {kind}.") from None


def questionnaire_import(
    *, actor: User, campaign: Campaign, questionnaire: engine.Questionnaire
) -> list[Question]:
    """Replace every theme and question with those of ``questionnaire``. Only before the
    first invitation: afterwards candidates may have answered the questions it would drop."""
    if campaign.questionnaire_frozen:
        raise ValidationError(
            _(
                "The questionnaire was already sent: it can no longer be replaced by an import. "
                "Edit its questions one by one instead."
            )
        )
    numbers = [question.number for question in questionnaire.questions]
    if not numbers or len(set(numbers)) != len(numbers):
        raise ValidationError(
            _("The file must hold at least one question, each with its own number.")
        )
    with transaction.atomic():
        campaign.questions.all().delete()
        campaign.themes.all().delete()
        questions = _import_questions(campaign, questionnaire)
        _record_change(
            campaign=campaign,
            actor=actor,
            note="",
            action="questionnaire.import",
            target=campaign,
        )
    return questions


def _import_questions(campaign: Campaign, questionnaire: engine.Questionnaire) -> list[Question]:
    titles = list(
        dict.fromkeys([*questionnaire.themes, *(q.theme for q in questionnaire.questions)])
    )
    themes = {
        title: Theme.objects.create(campaign=campaign, title=title[:300], position=position)
        for position, title in enumerate(t for t in titles if t.strip())
    }
    questions = [
        Question(
            campaign=campaign,
            number=item.number,
            text=item.text,
            theme=themes.get(item.theme),
            demand=item.demand,
            yes_means=item.yes_means,
        )
        for item in questionnaire.questions
    ]
    for question in questions:
        question.full_clean(exclude=["campaign", "theme"], validate_constraints=False)
    return Question.objects.bulk_create(questions)
