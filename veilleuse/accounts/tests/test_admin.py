"""The Django admin is for superusers' repair work; the audit log there is read-only."""

from __future__ import annotations

import pytest
from django.test import Client

from veilleuse.accounts.models import User
from veilleuse.core.audit import audit

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(db: None) -> User:
    return User.objects.create_superuser("root", "root@example.org", "root-password-long")


def test_a_team_administrator_is_not_let_into_the_django_admin(client: Client, cast) -> None:
    client.force_login(cast.admin)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


@pytest.mark.parametrize(
    "page",
    [
        "/admin/accounts/user/",
        "/admin/accounts/association/",
        "/admin/accounts/membership/",
        "/admin/core/auditentry/",
    ],
)
def test_a_superuser_reaches_the_repair_pages(client: Client, cast, root: User, page: str) -> None:
    client.force_login(root)

    assert client.get(page).status_code == 200


def test_the_audit_log_can_be_read_but_not_changed_or_deleted(
    client: Client, cast, root: User
) -> None:
    entry = audit(actor=cast.admin, action="membership.add", association_id=1)
    client.force_login(root)

    assert client.get(f"/admin/core/auditentry/{entry.pk}/change/").status_code == 200
    assert client.get("/admin/core/auditentry/add/").status_code == 403
    assert client.post(f"/admin/core/auditentry/{entry.pk}/delete/").status_code == 403
    assert (
        client.post(f"/admin/core/auditentry/{entry.pk}/change/", {"action": "forged"}).status_code
        == 403
    )
