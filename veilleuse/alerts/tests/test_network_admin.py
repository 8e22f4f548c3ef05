"""Running the network: members, invitations, zones, roles and partners, by the admins."""

from __future__ import annotations

import pytest
from django.urls import reverse

from veilleuse.alerts.models import (
    Member,
    MemberInvitation,
    MemberStatus,
    NetworkRole,
    Partnership,
    Zone,
)


def url(name, network, **kwargs):
    return reverse(f"alerts:{name}", kwargs={"slug": network.association.slug, **kwargs})


PAGES = (
    "network_members",
    "network_invitations",
    "network_zones",
    "network_roles",
    "network_partners",
)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("admin", 200),
        ("moderator", 404),
        ("reviewer", 404),
        ("outsider", 404),
        ("legal_worker", 404),
        ("member", 302),  # a member's session is sent to their feed
    ],
)
def test_only_the_associations_admins_run_the_network(client, cast, network, who, status):
    user = {
        "admin": cast.admin,
        "reviewer": cast.reviewer,
        "outsider": cast.outsider,
        "member": network.rosa.user,
    }.get(who) or getattr(network, who)
    client.force_login(user)
    for page in PAGES:
        assert client.get(url(page, network)).status_code == status, page
    suspend = url("network_member_action", network, pk=network.lin.pk, action="suspend")
    assert client.post(suspend).status_code == (302 if status in (200, 302) else 404)
    network.lin.refresh_from_db()
    assert network.lin.is_active == (status != 200)


def test_the_network_home_lists_the_pages_each_role_opens(client, cast, network):
    client.force_login(cast.admin)
    page = client.get(url("network_home", network)).content.decode()
    assert url("network_members", network) in page
    assert url("moderation_queue", network) not in page
    client.force_login(network.moderator)
    page = client.get(url("network_home", network)).content.decode()
    assert url("moderation_queue", network) in page
    assert url("network_members", network) not in page
    client.force_login(cast.outsider)
    assert client.get(url("network_home", network)).status_code == 404


def test_members_are_listed_by_pseudonym_without_contact_details(client, cast, network):
    network.rosa.contact_email = "rosa-secret@example.org"
    network.rosa.save()
    client.force_login(cast.admin)
    page = client.get(url("network_members", network)).content.decode()
    assert "Rosa" in page
    assert "Lin" in page
    assert "rosa-secret" not in page


def test_suspending_asks_first_then_suspends_and_reinstates(client, cast, network):
    client.force_login(cast.admin)
    suspend = url("network_member_action", network, pk=network.lin.pk, action="suspend")
    assert "Suspend Lin?" in client.get(suspend).content.decode()
    assert Member.objects.get(pk=network.lin.pk).status == MemberStatus.ACTIVE
    client.post(suspend)
    assert Member.objects.get(pk=network.lin.pk).status == MemberStatus.SUSPENDED
    client.post(url("network_member_action", network, pk=network.lin.pk, action="reinstate"))
    assert Member.objects.get(pk=network.lin.pk).status == MemberStatus.ACTIVE
    client.post(url("network_member_action", network, pk=network.lin.pk, action="remove"))
    assert not Member.objects.filter(pk=network.lin.pk).exists()


def test_another_associations_admin_cannot_reach_a_member(client, cast, network):
    client.force_login(cast.outsider)
    other = reverse(
        "alerts:network_member_action",
        kwargs={"slug": "autre", "pk": network.lin.pk, "action": "remove"},
    )
    assert client.post(other).status_code == 404
    assert Member.objects.filter(pk=network.lin.pk).exists()


def test_an_invitation_code_is_shown_once_then_listed_and_revoked(client, cast, network):
    client.force_login(cast.admin)
    made = client.post(url("network_invitations", network), {"label": "maraude mardi"})
    assert made.status_code == 200
    assert made["Cache-Control"].startswith("max-age=0")
    code = made.context["code"]
    assert code in made.content.decode()
    listing = client.get(url("network_invitations", network)).content.decode()
    assert "maraude mardi" in listing
    assert code not in listing
    invitation = MemberInvitation.objects.get()
    client.post(url("network_invitation_revoke", network, pk=invitation.pk))
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert "revoked" in client.get(url("network_invitations", network)).content.decode()


def test_zones_are_added_renamed_moved_and_deactivated(client, cast, network):
    client.force_login(cast.admin)
    client.post(url("network_zones", network), {"name": "Gare du Nord"})
    zone = Zone.objects.get(name="Gare du Nord")
    assert zone.slug == "gare-du-nord"
    assert zone.position == 7
    duplicate = client.post(url("network_zones", network), {"name": "gare du nord"})
    assert duplicate.status_code == 400
    client.post(
        url("network_zone_update", network, pk=zone.pk),
        {f"zone-{zone.pk}-name": "Gare du Nord et Est", f"zone-{zone.pk}-position": "0"},
    )
    zone.refresh_from_db()
    assert (zone.name, zone.position, zone.active) == ("Gare du Nord et Est", 0, False)
    assert zone.slug == "gare-du-nord"


def test_a_role_given_to_a_reviewer_opens_the_moderation_queue(client, cast, network):
    client.force_login(cast.admin)
    client.post(url("network_roles", network), {"user": cast.reviewer.pk, "role": "moderator"})
    role = NetworkRole.objects.get(user=cast.reviewer)
    client.force_login(cast.reviewer)
    assert client.get(url("moderation_queue", network)).status_code == 200
    client.force_login(cast.admin)
    client.post(url("network_role_revoke", network, pk=role.pk))
    client.force_login(cast.reviewer)
    assert client.get(url("moderation_queue", network)).status_code == 404


def test_partners_are_added_by_their_identifier_and_deactivated(client, cast, network):
    client.force_login(cast.admin)
    assert client.post(url("network_partners", network), {"partner": "nope"}).status_code == 400
    client.post(url("network_partners", network), {"partner": "autre"})
    partnership = Partnership.objects.get(partner=cast.other_association)
    assert partnership.active
    client.post(url("network_partner_deactivate", network, pk=partnership.pk))
    partnership.refresh_from_db()
    assert not partnership.active
