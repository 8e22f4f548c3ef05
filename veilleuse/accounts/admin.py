from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from veilleuse.accounts.models import Association, User

admin.site.register(User, UserAdmin)


@admin.register(Association)
class AssociationAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "created")
    prepopulated_fields = {"slug": ("name",)}  # noqa: RUF012 - Django's documented form
    search_fields = ("name", "slug")
