"""Elections, campaigns, questionnaires, candidates, invitations, answers, imports, reviews.

A *campaign* is one association questioning the candidates of one election with one
questionnaire (``paris-2026``). Everything else hangs off a campaign, so "which association
owns this?" is always ``campaign.association``.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veilleuse.accounts.models import Association
from veilleuse.analysis.model import Grade as EngineGrade
from veilleuse.core.document_errors import error_sentence
from veilleuse.core.models import TimeStampedModel


class Grade(models.TextChoices):
    """The engine's scale (``veilleuse.analysis.model.Grade``, its one definition): the codes
    come from it; the labels are written out so that gettext finds them, and a test checks
    they are the engine's English labels."""

    YES = EngineGrade.YES.value, _("Yes")
    RATHER_YES = EngineGrade.RATHER_YES.value, _("Rather yes")
    NONCOMMITTAL = EngineGrade.NONCOMMITTAL.value, _("Non-committal")
    RATHER_NO = EngineGrade.RATHER_NO.value, _("Rather no")
    NO = EngineGrade.NO.value, _("No")
    NO_ANSWER = EngineGrade.NO_ANSWER.value, _("No answer")


class Election(TimeStampedModel):
    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    territory = models.CharField(_("territory"), max_length=200, blank=True)
    first_round = models.DateField(_("first round"), null=True, blank=True)
    second_round = models.DateField(_("second round"), null=True, blank=True)

    class Meta:
        ordering = ("-first_round", "name")
        verbose_name = _("election")
        verbose_name_plural = _("elections")

    def __str__(self) -> str:
        return self.name


class CampaignQuerySet(models.QuerySet["Campaign"]):
    def for_association(self, association_id: int) -> CampaignQuerySet:
        return self.filter(association_id=association_id)


class Campaign(TimeStampedModel):
    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="+")
    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="campaigns")
    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    title = models.CharField(_("questionnaire title"), max_length=300)
    introduction = models.TextField(_("introduction for candidates"), blank=True)
    deadline = models.DateTimeField(_("deadline for answers"), null=True, blank=True)
    four_eyes = models.BooleanField(
        _("four-eyes review"),
        default=False,
        help_text=_("A second reviewer must agree before a grade can be published."),
    )
    right_of_reply = models.BooleanField(
        _("right of reply"),
        default=False,
        help_text=_("Candidates can see their grades and respond before publication."),
    )
    questionnaire_version = models.PositiveIntegerField(_("questionnaire version"), default=1)
    questionnaire_frozen = models.BooleanField(
        _("questionnaire sent"),
        default=False,
        help_text=_("Set when the first invitation goes out; later edits are versioned."),
    )

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ("-created",)
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self) -> str:
        return self.title

    def is_open(self, now: datetime.datetime | None = None) -> bool:
        return self.deadline is None or (now or timezone.now()) <= self.deadline


class Theme(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="themes")
    title = models.CharField(_("title"), max_length=300)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ("position", "id")
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="questions")
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="questions"
    )
    number = models.PositiveIntegerField(_("number"))
    text = models.TextField(_("question"))
    demand = models.TextField(_("demand"), blank=True)
    yes_means = models.TextField(_("what counts as a yes"), blank=True)
    position_statement = models.TextField(_("the association's position"), blank=True)

    class Meta:
        ordering = ("number",)
        constraints = [
            models.UniqueConstraint(fields=("campaign", "number"), name="one_question_per_number")
        ]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"


class QuestionnaireVersion(models.Model):
    """A snapshot of the questionnaire, saved each time it changes after it was sent."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField(_("questionnaire"))
    note = models.TextField(_("what changed"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("campaign", "number")
        constraints = [
            models.UniqueConstraint(fields=("campaign", "number"), name="one_snapshot_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.campaign} v{self.number}"


class Candidate(TimeStampedModel):
    """A candidate or a list: who is questioned."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="candidates")
    name = models.CharField(_("list or candidate"), max_length=200)
    party = models.CharField(_("party"), max_length=200, blank=True)
    head_of_list = models.CharField(_("head of list"), max_length=200, blank=True)
    territory = models.CharField(_("territory"), max_length=200, blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_notes = models.TextField(_("contact notes"), blank=True)

    class Meta:
        ordering = ("name",)
        verbose_name = _("candidate or list")
        verbose_name_plural = _("candidates and lists")

    def __str__(self) -> str:
        return self.name


class Invitation(TimeStampedModel):
    """A candidate's personal link. The secret is never stored: the link carries the id and
    an HMAC of (id, nonce); a new nonce revokes every earlier link (``invitations.py``)."""

    candidate = models.OneToOneField(Candidate, on_delete=models.CASCADE, related_name="invitation")
    nonce = models.CharField(max_length=32)
    expires_at = models.DateTimeField(_("link expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    first_sent_at = models.DateTimeField(_("first sent"), null=True, blank=True)
    last_sent_at = models.DateTimeField(_("last sent"), null=True, blank=True)
    reminders = models.PositiveIntegerField(_("reminders sent"), default=0)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")


class ContactKind(models.TextChoices):
    EMAIL = "email", _("E-mail sent")
    REMINDER = "reminder", _("Reminder")
    PHONE = "phone", _("Phone call")
    LETTER = "letter", _("Letter")
    REPLY = "reply", _("Reply received")
    OTHER = "other", _("Other")


class ContactAttempt(models.Model):
    """A dated contact with a candidate: the public proof of who was asked, and when."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(_("kind"), max_length=16, choices=ContactKind.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ("at", "id")
        verbose_name = _("contact")
        verbose_name_plural = _("contact log")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.get_kind_display()}"


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class DocumentStatus(models.TextChoices):
    """Where a candidate's attached document stands: it is read by a task, never in the
    request that brought it (docs/hostile-input.md, "Dense documents")."""

    NONE = "", _("no document")
    CHECKING = "checking", _("being read")
    READABLE = "readable", _("readable")
    UNREADABLE = "unreadable", _("could not be read")


class Response(TimeStampedModel):
    """A candidate's answers to the questionnaire, typed in the form or imported."""

    candidate = models.OneToOneField(Candidate, on_delete=models.CASCADE, related_name="response")
    status = models.CharField(
        max_length=16, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT
    )
    source = models.CharField(max_length=16, default="web")  # web | import
    submitted_at = models.DateTimeField(null=True, blank=True)
    document = models.FileField(upload_to="responses/%Y/", blank=True)
    document_name = models.CharField(max_length=255, blank=True)
    document_status = models.CharField(
        max_length=16, choices=DocumentStatus.choices, default=DocumentStatus.NONE, blank=True
    )
    document_error = models.TextField(blank=True)
    questionnaire_version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")


class Answer(TimeStampedModel):
    """One answer, with the engine's suggestion (``analysis`` holds the engine's JSON for the
    answer: evidence, hedges, deflections, commitments, rationale)."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(_("answer"), blank=True)
    suggested_grade = models.CharField(max_length=16, choices=Grade.choices, blank=True)
    confidence = models.FloatField(null=True, blank=True)
    analysis = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ("question__number",)
        constraints = [
            models.UniqueConstraint(fields=("response", "question"), name="one_answer_per_question")
        ]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for analysis")
    READY = "ready", _("Ready to check")
    FAILED = "failed", _("Failed")
    ACCEPTED = "accepted", _("Accepted")


class Import(TimeStampedModel):
    """A document a campaign sent back, analysed in the background, checked by staff."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="imports")
    document = models.FileField(upload_to="imports/%Y/")
    original_name = models.CharField(max_length=255)
    status = models.CharField(
        max_length=16, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    error = models.TextField(blank=True)  # the engine's English message, for an uncoded error
    # The engine's error code and its parameters (veilleuse.core.document_errors), so that the
    # sentence is shown in the reader's language, not the background task's.
    error_code = models.CharField(max_length=32, blank=True)
    error_params = models.JSONField(default=dict, blank=True)
    # The reply's paragraphs and, for each, the question number it is assigned to (or null):
    # {"paragraphs": [{"text": ..., "question": 3}, ...], "warnings": [...]}
    alignment = models.JSONField(default=dict, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("-created",)
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    @property
    def error_message(self) -> str:
        """Why the document could not be read, in the active language."""
        return error_sentence(code=self.error_code, params=self.error_params, fallback=self.error)


class Decision(models.Model):
    """A reviewer's grade for an answer. Never edited: a new decision supersedes the last, so
    the history is the list of decisions."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="decisions")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    grade = models.CharField(_("grade"), max_length=16, choices=Grade.choices)
    note = models.TextField(_("note"), blank=True)
    agrees_with_suggestion = models.BooleanField(default=True)
    # Four-eyes: a second reviewer's agreement with the decision it confirms.
    confirms = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="confirmations"
    )
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ("answer", "created", "id")
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.grade} by {self.reviewer}"


class CandidateReply(models.Model):
    """A candidate's response to their grade during the right-of-reply window."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="replies")
    text = models.TextField(_("reply"))
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("created",)

    def __str__(self) -> str:
        return self.text[:60]
