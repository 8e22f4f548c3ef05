"""The Django admin of the alert network, for repair work by superusers only.

Only the network's structure is here — zones, staff roles, partnerships. Reports, members,
alerts and their texts are deliberately absent: reading them goes through the moderation
pages, whose gates write every access to the audit log (threat model, 4).
"""

from __future__ import annotations

from django.contrib import admin

from veilleuse.alerts.models import NetworkRole, Partnership, Zone


@admin.register(Zone)
class ZoneAdmin(admin.ModelAdmin[Zone]):
    list_display = ("name", "association", "slug", "position", "active")
    list_filter = ("association", "active")
    search_fields = ("name", "slug")


@admin.register(NetworkRole)
class NetworkRoleAdmin(admin.ModelAdmin[NetworkRole]):
    list_display = ("user", "role", "association", "created")
    list_filter = ("association", "role")
    raw_id_fields = ("user",)


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin[Partnership]):
    list_display = ("association", "partner", "active", "created")
    list_filter = ("active",)
