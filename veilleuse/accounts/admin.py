"""The Django admin, for repair work by superusers only.

Day-to-day team management happens on the team page, through the services (and their
audit entries); nobody is given admin permissions, so only superusers get in here.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from veilleuse.accounts.decorators import second_factor_missing
from veilleuse.accounts.models import Association, Membership, User
from veilleuse.core.models import AuditEntry


class SecondFactorAdminSite(admin.AdminSite):
    """The admin, which asks for the code of a confirmed authenticator like every staff page.

    Its own sign-in form only checks the password, so the admin's pages check the second
    factor themselves (issue 12, finding 11); with ``VEILLEUSE_REQUIRE_2FA`` the project uses
    django-otp's ``OTPAdminSite`` instead, which asks everyone.
    """

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and not second_factor_missing(request)


class MembershipInline(admin.TabularInline[Membership, User]):
    model = Membership
    extra = 0
    raw_id_fields = ("user",)


@admin.register(User)
class VeilleuseUserAdmin(UserAdmin[User]):
    inlines = (MembershipInline,)


@admin.register(Association)
class AssociationAdmin(admin.ModelAdmin[Association]):
    list_display = ("name", "slug", "require_two_factor", "created")
    list_filter = ("require_two_factor",)
    prepopulated_fields = {"slug": ("name",)}  # noqa: RUF012 - Django's documented form
    search_fields = ("name", "slug")
    inlines = (MembershipInline,)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ("user", "association", "role", "created")
    list_filter = ("role", "association")
    list_select_related = ("user", "association")
    search_fields = ("user__username", "user__email", "association__name")
    raw_id_fields = ("user",)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    """Read-only: the log is evidence, so nobody edits or deletes it, superusers included."""

    list_display = ("at", "actor", "action", "target_type", "target_id", "association_id")
    list_filter = ("action",)
    list_select_related = ("actor",)
    search_fields = ("action", "actor__username", "target_id")
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False
