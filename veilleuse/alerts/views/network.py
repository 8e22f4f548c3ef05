"""Running the network: its home page, members, invitations, zones, roles and partners.

The association's admins only (``access_network_admin``; the home page is open to all its
staff and lists what their roles open). Members are shown by pseudonym, never with their
contact details. Every change is a POST; removing or suspending a member asks first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from veilleuse.accounts.decorators import staff_view
from veilleuse.accounts.models import Membership
from veilleuse.alerts.access import (
    access_network_admin,
    access_network_home,
    access_network_object,
)
from veilleuse.alerts.forms.staff import (
    InvitationForm,
    PartnershipForm,
    RoleGrantForm,
    ZoneForm,
    ZoneUpdateForm,
)
from veilleuse.alerts.models import Member, MemberInvitation, NetworkRole, Partnership, Zone
from veilleuse.alerts.selectors import staff as selectors
from veilleuse.alerts.services import members as member_services
from veilleuse.alerts.services import network as services
from veilleuse.core.forms import add_service_errors


def _render(
    request: HttpRequest,
    membership: Membership,
    template: str,
    context: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    association = membership.association
    context = {
        "association": association,
        "pages": selectors.network_pages(request.user, association),
        **context,
    }
    return render(request, f"alerts/network/{template}", context, status=status)


def _save(form: forms.Form, action: Callable[[dict[str, Any]], Any]) -> Any:
    """The service's result, or None with the refusal added to the form."""
    if not form.is_valid():
        return None
    try:
        return action(form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return None


def _back(request: HttpRequest, slug: str, page: str, done: str) -> HttpResponse:
    messages.success(request, done)
    return redirect(f"alerts:{page}", slug=slug)


@staff_view
@require_GET
def network_home(request: HttpRequest, slug: str) -> HttpResponse:
    association = access_network_home(request.user, slug)
    pages = selectors.network_pages(request.user, association)
    context = {"association": association, "pages": pages}
    return render(request, "alerts/network/home.html", context)


# Members


@staff_view
@require_GET
def network_members(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access_network_admin(request.user, slug)
    members = selectors.network_members(membership.association)
    return _render(request, membership, "members.html", {"members": members})


MEMBER_ACTIONS = ("suspend", "reinstate", "remove")


@staff_view
@require_http_methods(["GET", "POST"])
def network_member_action(request: HttpRequest, slug: str, pk: int, action: str) -> HttpResponse:
    """GET asks "are you sure?"; POST does it."""
    member = access_network_object(request.user, slug, Member, pk)
    if action not in MEMBER_ACTIONS:
        raise Http404
    if request.method == "GET":
        membership = access_network_admin(request.user, slug)
        context = {"member": member, "action": action}
        return _render(request, membership, "member_confirm.html", context)
    if action == "remove":
        member_services.member_remove(actor=request.user, member=member)
        done = _("The member was removed; their reports stay, without an author.")
    else:
        suspended = action == "suspend"
        member_services.member_suspend(actor=request.user, member=member, suspended=suspended)
        done = _("The member was suspended.") if suspended else _("The member was reinstated.")
    return _back(request, slug, "network_members", done)


# Invitations


@staff_view
@never_cache
@require_http_methods(["GET", "POST"])
def network_invitations(request: HttpRequest, slug: str) -> HttpResponse:
    """The list, and a new code: shown once, on the page answering the POST."""
    membership = access_network_admin(request.user, slug)
    form = InvitationForm(request.POST or None)
    if request.method == "POST":
        made = _save(
            form,
            lambda data: member_services.member_invitation_create(
                actor=request.user, association=membership.association, label=data["label"]
            ),
        )
        if made is not None:
            invitation, code = made
            context = {"invitation": invitation, "code": code}
            return _render(request, membership, "invitation_created.html", context)
    invitations = selectors.network_invitations(membership.association)
    context = {"form": form, "invitations": invitations}
    return _render(request, membership, "invitations.html", context, 400 if form.errors else 200)


@staff_view
@require_POST
def network_invitation_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    invitation = access_network_object(request.user, slug, MemberInvitation, pk)
    try:
        services.member_invitation_revoke(actor=request.user, invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("alerts:network_invitations", slug=slug)
    return _back(request, slug, "network_invitations", _("The invitation was revoked."))


# Zones


def _zone_initial(zone: Zone) -> dict[str, Any]:
    return {"name": zone.name, "position": zone.position, "active": zone.active}


def _zones_page(
    request: HttpRequest, membership: Membership, form: forms.Form, status: int = 200
) -> HttpResponse:
    zones = [
        (zone, ZoneUpdateForm(prefix=f"zone-{zone.pk}", initial=_zone_initial(zone)))
        for zone in selectors.network_zones(membership.association)
    ]
    return _render(request, membership, "zones.html", {"form": form, "zones": zones}, status)


@staff_view
@require_http_methods(["GET", "POST"])
def network_zones(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access_network_admin(request.user, slug)
    form = ZoneForm(request.POST or None)
    if request.method == "POST":
        zone = _save(
            form,
            lambda data: services.zone_create(
                actor=request.user, association=membership.association, name=data["name"]
            ),
        )
        if zone is not None:
            return _back(request, slug, "network_zones", _("The zone was added."))
    return _zones_page(request, membership, form, 400 if form.errors else 200)


@staff_view
@require_POST
def network_zone_update(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    zone = access_network_object(request.user, slug, Zone, pk)
    form = ZoneUpdateForm(request.POST, prefix=f"zone-{zone.pk}")
    if _save(form, lambda data: services.zone_update(actor=request.user, zone=zone, **data)):
        return _back(request, slug, "network_zones", _("The zone was saved."))
    messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    membership = access_network_admin(request.user, slug)
    return _zones_page(request, membership, ZoneForm(), status=400)


# Roles


@staff_view
@require_http_methods(["GET", "POST"])
def network_roles(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access_network_admin(request.user, slug)
    staff = list(selectors.association_staff(membership.association))
    form = RoleGrantForm(request.POST or None, staff=staff)
    if request.method == "POST":
        users = {m.user.pk: m.user for m in staff}
        granted = _save(
            form,
            lambda data: services.network_role_grant(
                actor=request.user,
                association=membership.association,
                user=users[data["user"]],
                role=data["role"],
            ),
        )
        if granted is not None:
            return _back(request, slug, "network_roles", _("The role was given."))
    roles = selectors.network_roles(membership.association)
    context = {"form": form, "roles": roles}
    return _render(request, membership, "roles.html", context, 400 if form.errors else 200)


@staff_view
@require_POST
def network_role_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    role = access_network_object(request.user, slug, NetworkRole, pk)
    services.network_role_revoke(actor=request.user, role=role)
    return _back(request, slug, "network_roles", _("The role was taken back."))


# Partners


@staff_view
@require_http_methods(["GET", "POST"])
def network_partners(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access_network_admin(request.user, slug)
    form = PartnershipForm(request.POST or None)
    if request.method == "POST":
        made = _save(
            form,
            lambda data: services.partnership_create(
                actor=request.user,
                association=membership.association,
                partner_slug=data["partner"],
            ),
        )
        if made is not None:
            return _back(request, slug, "network_partners", _("The partner association was added."))
    partnerships = selectors.network_partnerships(membership.association)
    context = {"form": form, "partnerships": partnerships}
    return _render(request, membership, "partners.html", context, 400 if form.errors else 200)


@staff_view
@require_POST
def network_partner_deactivate(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = access_network_object(request.user, slug, Partnership, pk)
    services.partnership_deactivate(actor=request.user, partnership=partnership)
    done = _("The partner association can no longer report.")
    return _back(request, slug, "network_partners", done)
