"""The Django admin, for superusers only: a place to repair data, not to work.

Staff work through the campaign pages, whose services validate, audit and version; the admin
bypasses all that, hence its restriction to superusers.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from veilleuse.questionnaires import models

M = TypeVar("M", bound=Model)


class SuperuserOnly(admin.ModelAdmin[M]):
    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: M | None = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: M | None = None) -> bool:
        return self.has_module_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: M | None = None) -> bool:
        return self.has_module_permission(request)


@admin.register(models.Election)
class ElectionAdmin(SuperuserOnly[models.Election]):
    list_display = ("name", "territory", "first_round", "association")
    list_filter = ("association",)
    search_fields = ("name", "territory")


@admin.register(models.Campaign)
class CampaignAdmin(SuperuserOnly[models.Campaign]):
    list_display = ("slug", "title", "association", "deadline", "questionnaire_version")
    list_filter = ("association", "questionnaire_frozen")
    search_fields = ("slug", "title")
    raw_id_fields = ("election",)


@admin.register(models.Theme)
class ThemeAdmin(SuperuserOnly[models.Theme]):
    list_display = ("title", "campaign", "position")
    list_filter = ("campaign",)


@admin.register(models.Question)
class QuestionAdmin(SuperuserOnly[models.Question]):
    list_display = ("number", "text", "campaign", "theme")
    list_filter = ("campaign",)
    search_fields = ("text",)
    raw_id_fields = ("theme",)


@admin.register(models.QuestionnaireVersion)
class QuestionnaireVersionAdmin(SuperuserOnly[models.QuestionnaireVersion]):
    list_display = ("campaign", "number", "created", "author")
    readonly_fields = ("created",)


@admin.register(models.Candidate)
class CandidateAdmin(SuperuserOnly[models.Candidate]):
    list_display = ("name", "party", "territory", "campaign")
    list_filter = ("campaign",)
    search_fields = ("name", "party", "head_of_list")


@admin.register(models.Invitation)
class InvitationAdmin(SuperuserOnly[models.Invitation]):
    list_display = ("candidate", "first_sent_at", "reminders", "revoked_at", "expires_at")
    # The nonce is half of the link's secret: never shown, never typed by hand.
    exclude = ("nonce",)
    raw_id_fields = ("candidate",)


@admin.register(models.ContactAttempt)
class ContactAttemptAdmin(SuperuserOnly[models.ContactAttempt]):
    list_display = ("candidate", "kind", "at", "author")
    list_filter = ("kind",)
    raw_id_fields = ("candidate",)


class AnswerInline(admin.TabularInline[models.Answer, models.Response]):
    model = models.Answer
    extra = 0
    fields = ("question", "text", "suggested_grade", "confidence")
    raw_id_fields = ("question",)


@admin.register(models.Response)
class ResponseAdmin(SuperuserOnly[models.Response]):
    list_display = ("candidate", "status", "source", "submitted_at")
    list_filter = ("status", "source")
    raw_id_fields = ("candidate",)
    inlines = (AnswerInline,)


@admin.register(models.Answer)
class AnswerAdmin(SuperuserOnly[models.Answer]):
    list_display = ("response", "question", "suggested_grade")
    raw_id_fields = ("response", "question")


@admin.register(models.Import)
class ImportAdmin(SuperuserOnly[models.Import]):
    list_display = ("candidate", "original_name", "status", "created")
    list_filter = ("status",)
    raw_id_fields = ("candidate",)


@admin.register(models.Decision)
class DecisionAdmin(SuperuserOnly[models.Decision]):
    list_display = ("answer", "grade", "reviewer", "created")
    raw_id_fields = ("answer", "confirms")


@admin.register(models.CandidateReply)
class CandidateReplyAdmin(SuperuserOnly[models.CandidateReply]):
    list_display = ("answer", "created")
    raw_id_fields = ("answer",)
