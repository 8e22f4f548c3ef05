"""The repair console. Status changes and evidence are read-only here: the log is never
edited, a correction is a new change (made on the tracking pages, audited)."""

from __future__ import annotations

from typing import TypeVar

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from veilleuse.commitments.models import (
    ElectionResult,
    Evidence,
    Official,
    StatusChange,
    TrackedCommitment,
    Winner,
)

M = TypeVar("M", bound=Model)


class WinnerInline(admin.TabularInline[Winner, ElectionResult]):
    model = Winner
    extra = 0


@admin.register(ElectionResult)
class ElectionResultAdmin(admin.ModelAdmin[ElectionResult]):
    list_display = ("campaign", "mandate_start", "mandate_end", "four_eyes", "hypothetical")
    inlines = (WinnerInline,)


@admin.register(Official)
class OfficialAdmin(admin.ModelAdmin[Official]):
    list_display = ("name", "role", "portfolio", "result")
    search_fields = ("name", "role", "portfolio")


@admin.register(TrackedCommitment)
class TrackedCommitmentAdmin(admin.ModelAdmin[TrackedCommitment]):
    list_display = ("title", "candidate", "state", "status", "source", "expected_by")
    list_filter = ("state", "status", "source")
    search_fields = ("title", "quote")
    readonly_fields = ("status", "version")


class ReadOnlyAdmin(admin.ModelAdmin[M]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: M | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: M | None = None) -> bool:
        return False


@admin.register(StatusChange)
class StatusChangeAdmin(ReadOnlyAdmin[StatusChange]):
    list_display = ("commitment", "status", "happened_on", "state", "author", "corrects")
    list_filter = ("state", "status")


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin[Evidence]):
    list_display = ("title", "kind", "change", "dated")
