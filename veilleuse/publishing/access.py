"""Who may publish and preview a campaign's site (convention 5): admins publish and download
the build; every member of the association (viewers and up) previews it. Missing and
forbidden are the same 404."""

from __future__ import annotations

from veilleuse.accounts.models import Role, User
from veilleuse.questionnaires.access import access_campaign
from veilleuse.questionnaires.models import Campaign


def access_publication(user: User, slug: str) -> Campaign:
    """The campaign whose site ``user`` may build and download (admins)."""
    return access_campaign(user, slug, Role.ADMIN)


def access_preview(user: User, slug: str) -> Campaign:
    """The campaign whose site ``user`` may preview (viewers and up)."""
    return access_campaign(user, slug, Role.VIEWER)
