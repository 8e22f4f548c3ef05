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
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from veilleuse.accounts.decorators import AuthenticatedHttpRequest, staff_view
from veilleuse.accounts.models import Association, Membership
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
from veilleuse.core.forms import BAD_REQUEST, button_action, form_page, form_save, form_status


def _render(
    request: AuthenticatedHttpRequest,
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


def _list_page(
    request: AuthenticatedHttpRequest,
    membership: Membership,
    form: forms.Form,
    save: Callable[[dict[str, Any]], object],
    *,
    page: str,
    listing: Callable[[Association], dict[str, Any]],
    done: str,
) -> HttpResponse:
    """One of the network's list pages (template ``<page>.html``, what it lists from
    ``listing``) with its form (``core.forms.form_page``): once saved, back to the list."""
    target = reverse(f"alerts:network_{page}", kwargs={"slug": membership.association.slug})

    def saved(data: dict[str, Any]) -> str:
        save(data)
        return target

    def shown(status: int) -> HttpResponse:
        context = {"form": form, **listing(membership.association)}
        return _render(request, membership, f"{page}.html", context, status)

    return form_page(request, form, saved, shown, done=done)


def _back(request: AuthenticatedHttpRequest, slug: str, page: str, done: str) -> HttpResponse:
    messages.success(request, done)
    return redirect(f"alerts:{page}", slug=slug)


@staff_view
@require_GET
def network_home(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    association = access_network_home(request.user, slug)
    pages = selectors.network_pages(request.user, association)
    context = {"association": association, "pages": pages}
    return render(request, "alerts/network/home.html", context)


# Members


@staff_view
@require_GET
def network_members(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    membership = access_network_admin(request.user, slug)
    members = selectors.network_members(membership.association)
    return _render(request, membership, "members.html", {"members": members})


MEMBER_ACTIONS = ("suspend", "reinstate", "remove")


@staff_view
@require_http_methods(["GET", "POST"])
def network_member_action(
    request: AuthenticatedHttpRequest, slug: str, pk: int, action: str
) -> HttpResponse:
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
def network_invitations(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The list, and a new code: shown once, on the page answering the POST."""
    membership = access_network_admin(request.user, slug)
    form = InvitationForm(request.POST or None)
    if request.method == "POST":
        made = form_save(
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
    return _render(request, membership, "invitations.html", context, form_status(form))


@staff_view
@require_POST
def network_invitation_revoke(
    request: AuthenticatedHttpRequest, slug: str, pk: int
) -> HttpResponse:
    invitation = access_network_object(request.user, slug, MemberInvitation, pk)

    def revoke() -> str:
        services.member_invitation_revoke(actor=request.user, invitation=invitation)
        return _("The invitation was revoked.")

    return button_action(request, revoke, reverse("alerts:network_invitations", args=[slug]))


# Zones


def _zone_initial(zone: Zone) -> dict[str, Any]:
    return {"name": zone.name, "position": zone.position, "active": zone.active}


def _zones(association: Association) -> dict[str, Any]:
    """The zones, each with its own small form."""
    zones = [
        (zone, ZoneUpdateForm(prefix=f"zone-{zone.pk}", initial=_zone_initial(zone)))
        for zone in selectors.network_zones(association)
    ]
    return {"zones": zones}


@staff_view
@require_http_methods(["GET", "POST"])
def network_zones(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    membership = access_network_admin(request.user, slug)
    form = ZoneForm(request.POST or None)

    def save(data: dict[str, Any]) -> object:
        association = membership.association
        return services.zone_create(actor=request.user, association=association, name=data["name"])

    return _list_page(
        request, membership, form, save, page="zones", listing=_zones, done=_("The zone was added.")
    )


@staff_view
@require_POST
def network_zone_update(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    zone = access_network_object(request.user, slug, Zone, pk)
    form = ZoneUpdateForm(request.POST, prefix=f"zone-{zone.pk}")
    if form_save(form, lambda data: services.zone_update(actor=request.user, zone=zone, **data)):
        return _back(request, slug, "network_zones", _("The zone was saved."))
    messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    membership = access_network_admin(request.user, slug)
    context = {"form": ZoneForm(), **_zones(membership.association)}
    return _render(request, membership, "zones.html", context, BAD_REQUEST)


# Roles


@staff_view
@require_http_methods(["GET", "POST"])
def network_roles(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    membership = access_network_admin(request.user, slug)
    staff = list(selectors.association_staff(membership.association))
    form = RoleGrantForm(request.POST or None, staff=staff)
    users = {m.user.pk: m.user for m in staff}

    def save(data: dict[str, Any]) -> object:
        return services.network_role_grant(
            actor=request.user,
            association=membership.association,
            user=users[data["user"]],
            role=data["role"],
        )

    return _list_page(
        request,
        membership,
        form,
        save,
        page="roles",
        listing=_roles,
        done=_("The role was given; if another administrator must approve it, it waits."),
    )


def _roles(association: Association) -> dict[str, Any]:
    return {"roles": selectors.network_roles(association)}


@staff_view
@require_POST
def network_role_revoke(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    role = access_network_object(request.user, slug, NetworkRole, pk)
    services.network_role_revoke(actor=request.user, role=role)
    return _back(request, slug, "network_roles", _("The role was taken back."))


@staff_view
@require_POST
def network_role_approve(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """A second administrator puts a requested role in force (issue 12, finding 10)."""
    role = access_network_object(request.user, slug, NetworkRole, pk)
    try:
        services.network_role_approve(actor=request.user, role=role)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("alerts:network_roles", slug=slug)
    return _back(request, slug, "network_roles", _("The role is in force."))


# Partners


@staff_view
@require_http_methods(["GET", "POST"])
def network_partners(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    membership = access_network_admin(request.user, slug)
    form = PartnershipForm(request.POST or None)

    def save(data: dict[str, Any]) -> object:
        association = membership.association
        partner = data["partner"]
        return services.partnership_create(
            actor=request.user, association=association, partner_slug=partner
        )

    done = _("The partner association was added.")
    return _list_page(
        request, membership, form, save, page="partners", listing=_partners, done=done
    )


def _partners(association: Association) -> dict[str, Any]:
    return {"partnerships": selectors.network_partnerships(association)}


@staff_view
@require_POST
def network_partner_deactivate(
    request: AuthenticatedHttpRequest, slug: str, pk: int
) -> HttpResponse:
    partnership = access_network_object(request.user, slug, Partnership, pk)
    services.partnership_deactivate(actor=request.user, partnership=partnership)
    done = _("The partner association can no longer report.")
    return _back(request, slug, "network_partners", done)
