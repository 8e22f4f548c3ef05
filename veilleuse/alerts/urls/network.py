"""Pages of the alert network: its home page and administration (included by
veilleuse/alerts/urls.py, under ``/reseau/<slug>/``)."""

from django.urls import path

from veilleuse.alerts.views import network as views
from veilleuse.alerts.views.translations import network_translations

urlpatterns = [
    path("", views.network_home, name="network_home"),
    path("membres/", views.network_members, name="network_members"),
    path(
        "membres/<int:pk>/<slug:action>/",
        views.network_member_action,
        name="network_member_action",
    ),
    path("invitations/", views.network_invitations, name="network_invitations"),
    path(
        "invitations/<int:pk>/revoquer/",
        views.network_invitation_revoke,
        name="network_invitation_revoke",
    ),
    path("traductions/", network_translations, name="network_translations"),
    path("zones/", views.network_zones, name="network_zones"),
    path("zones/<int:pk>/", views.network_zone_update, name="network_zone_update"),
    path("roles/", views.network_roles, name="network_roles"),
    path("roles/<int:pk>/retirer/", views.network_role_revoke, name="network_role_revoke"),
    path("roles/<int:pk>/approuver/", views.network_role_approve, name="network_role_approve"),
    path("partenaires/", views.network_partners, name="network_partners"),
    path(
        "partenaires/<int:pk>/desactiver/",
        views.network_partner_deactivate,
        name="network_partner_deactivate",
    ),
]
