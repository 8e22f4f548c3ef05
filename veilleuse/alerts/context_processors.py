"""``network_links``: the alert networks a staff member works in, for the staff header.

The staff pages (``core/templates/base.html``) belong to apps that may not import alerts;
this context processor hands them the links instead. Members and visitors get none.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from veilleuse.accounts.models import Association, Membership, Role
from veilleuse.alerts.models import NetworkRole


def network_links(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"network_links": []}
    # Lazy: only pages that show the header pay for the query.
    user_id = user.pk
    return {"network_links": SimpleLazyObject(lambda: network_links_for(user_id))}


def network_links_for(user_id: int) -> list[dict[str, str]]:
    """Associations where the person administers the network or holds a network role."""
    administered = Membership.objects.filter(user_id=user_id, role=Role.ADMIN).values(
        "association_id"
    )
    with_role = NetworkRole.objects.in_force().filter(user_id=user_id).values("association_id")
    associations = Association.objects.filter(
        Q(pk__in=administered) | Q(pk__in=with_role)
    ).order_by("name")
    return [
        {"name": a.name, "url": reverse("alerts:network_home", kwargs={"slug": a.slug})}
        for a in associations
    ]
