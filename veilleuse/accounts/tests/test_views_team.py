"""The team page: who may see it, and what its administrators can do there."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from veilleuse.accounts.models import Membership, Role
from veilleuse.accounts.tests.conftest import confirmed_device, sign_in
from veilleuse.core.models import AuditEntry

pytestmark = pytest.mark.django_db

TEAM = reverse("accounts:team", kwargs={"slug": "demo"})


def member_url(name: str, membership: Membership) -> str:
    return reverse(f"accounts:{name}", kwargs={"slug": "demo", "membership_id": membership.pk})


def membership_of(cast, person: str) -> Membership:
    return Membership.objects.get(user=getattr(cast, person), association=cast.association)


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        (None, 302),
        ("viewer", 404),
        ("reviewer", 404),
        ("admin", 200),
        ("outsider", 404),
    ],
)
def test_only_the_associations_administrators_see_its_team_page(
    client: Client, cast, person: str | None, expected: int
) -> None:
    if person:
        client.force_login(getattr(cast, person))

    assert client.get(TEAM).status_code == expected


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("team_member_add", {"username": "dora", "email": "d@example.org", "role": "admin"}),
        ("team_two_factor", {"required": "on"}),
        ("team_member_role", {"role": "admin"}),
        ("team_member_remove", {}),
        ("team_member_two_factor_reset", {}),
    ],
)
@pytest.mark.parametrize("person", ["viewer", "reviewer", "outsider"])
def test_no_one_but_an_administrator_may_act_on_the_team(
    client: Client, cast, person: str, action: str, data: dict[str, str]
) -> None:
    client.force_login(getattr(cast, person))
    if action.startswith("team_member_") and action != "team_member_add":
        url = member_url(action, membership_of(cast, "viewer"))
    else:
        url = reverse(f"accounts:{action}", kwargs={"slug": "demo"})

    response = client.post(url, data)

    assert response.status_code == 404
    assert not AuditEntry.objects.exists()


def test_a_missing_association_looks_like_a_forbidden_one(client: Client, cast) -> None:
    client.force_login(cast.admin)

    response = client.get(reverse("accounts:team", kwargs={"slug": "no-such-thing"}))

    assert response.status_code == 404


def test_the_team_page_lists_every_member_with_their_role(client: Client, cast) -> None:
    client.force_login(cast.admin)

    response = client.get(TEAM)

    members = [(m.user.username, m.role) for m in response.context["members"]]
    assert members == [("alice", "admin"), ("bruno", "reviewer"), ("chloe", "viewer")]
    assert "oscar" not in response.content.decode()


def test_the_team_page_costs_a_fixed_number_of_queries(
    client: Client, cast, django_assert_max_num_queries
) -> None:
    sign_in(client, cast.admin)
    client.get(TEAM)  # warm up the session and the content types

    # Session, user, association, the admin's membership, the members with their devices.
    with django_assert_max_num_queries(7):  # +2: the header's network links; a session
        # force_login opened is checked for an authenticator (issue 12, finding 11)
        response = client.get(TEAM)

    assert response.status_code == 200


def test_the_query_count_does_not_grow_with_the_team(
    client: Client, cast, django_assert_max_num_queries
) -> None:
    from veilleuse.accounts.models import User

    for number in range(10):
        user = User.objects.create_user(f"extra{number}", f"extra{number}@example.org")
        Membership.objects.create(user=user, association=cast.association, role=Role.VIEWER)
    sign_in(client, cast.admin)
    client.get(TEAM)

    with django_assert_max_num_queries(7):  # +2: the header's network links; a session
        # force_login opened is checked for an authenticator (issue 12, finding 11)
        client.get(TEAM)


def test_an_administrator_adds_a_member_who_gets_a_link_by_e_mail(
    client: Client, cast, django_capture_on_commit_callbacks
) -> None:
    client.force_login(cast.admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:team_member_add", kwargs={"slug": "demo"}),
            {"username": "dora", "email": "dora@example.org", "role": "reviewer"},
            follow=True,
        )

    assert response.redirect_chain == [(TEAM, 302)]
    assert "dora joined the team and will receive an e-mail" in response.content.decode()
    assert Membership.objects.get(user__username="dora").role == Role.REVIEWER
    assert mail.outbox[0].to == ["dora@example.org"]


def test_a_mistake_in_the_form_is_shown_and_nothing_is_added(client: Client, cast) -> None:
    client.force_login(cast.admin)

    response = client.post(
        reverse("accounts:team_member_add", kwargs={"slug": "demo"}),
        {"username": "bruno", "email": "not-bruno@example.org", "role": "viewer"},
    )

    assert response.status_code == 400
    assert response.context["add_form"].errors["username"] == [
        "This username is taken. Choose another one."
    ]
    assert Membership.objects.filter(association=cast.association).count() == 3


def test_an_administrator_changes_a_role(client: Client, cast) -> None:
    client.force_login(cast.admin)

    response = client.post(
        member_url("team_member_role", membership_of(cast, "viewer")), {"role": "reviewer"}
    )

    assert response.url == TEAM
    assert membership_of(cast, "viewer").role == Role.REVIEWER


def test_removing_the_last_administrator_is_refused_with_a_clear_message(
    client: Client, cast
) -> None:
    client.force_login(cast.admin)

    response = client.post(
        member_url("team_member_remove", membership_of(cast, "admin")), follow=True
    )

    assert "An association needs at least one administrator" in response.content.decode()
    assert membership_of(cast, "admin").role == Role.ADMIN
    assert not AuditEntry.objects.exists()


def test_an_administrator_removes_a_member(client: Client, cast) -> None:
    client.force_login(cast.admin)

    response = client.post(member_url("team_member_remove", membership_of(cast, "viewer")))

    assert response.url == TEAM
    assert not Membership.objects.filter(user=cast.viewer).exists()


def test_a_membership_of_another_association_cannot_be_reached_through_this_one(
    client: Client, cast
) -> None:
    client.force_login(cast.admin)
    oscar = Membership.objects.get(user=cast.outsider)

    response = client.post(member_url("team_member_remove", oscar))

    assert response.status_code == 404
    assert Membership.objects.filter(pk=oscar.pk).exists()


def test_an_administrator_turns_on_two_factor_for_the_team(client: Client, cast) -> None:
    client.force_login(cast.admin)

    response = client.post(
        reverse("accounts:team_two_factor", kwargs={"slug": "demo"}), {"required": "on"}
    )

    cast.association.refresh_from_db()
    assert cast.association.require_two_factor is True
    # Her own next visit now asks her to set up an authenticator first.
    assert client.get(response.url).url.startswith(reverse("accounts:two_factor_setup"))


def test_a_verified_administrator_resets_a_members_authenticator(client: Client, cast) -> None:
    cast.association.require_two_factor = True
    cast.association.save()
    sign_in(client, cast.admin, verified_with=confirmed_device(cast.admin))
    confirmed_device(cast.reviewer)

    response = client.post(
        member_url("team_member_two_factor_reset", membership_of(cast, "reviewer")), follow=True
    )

    assert "bruno will set up a new authenticator" in response.content.decode()
    assert AuditEntry.objects.filter(action="two_factor.reset").count() == 1
