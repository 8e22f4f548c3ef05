"""A member sees everything stored about them, and can delete all of it."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.test import Client

from veilleuse.alerts.cast import MEMBER_PASSPHRASE
from veilleuse.alerts.identifiers import lookup_hash
from veilleuse.alerts.models import (
    Alert,
    AlertStatus,
    CheckCounter,
    Delivery,
    Identifier,
    LegalCase,
    LinkCode,
    Member,
    PushSubscription,
    Report,
)
from veilleuse.alerts.tests.messaging_world import link
from veilleuse.core.models import AuditEntry

PHONE = "+33612345678"
STORY = "Il a refusé de payer, voiture grise."


@pytest.fixture
def rosa_data(network: Any) -> dict[str, Any]:
    rosa = network.rosa
    Member.objects.filter(pk=rosa.pk).update(contact_phone="+33700000001", notify_sms=True)
    report = Report.objects.create(
        association=network.association,
        author=rosa,
        occurred_on=date(2026, 3, 1),
        kinds=["non_payment"],
        description=STORY,
        language="es",
        consent_legal=True,
    )
    Identifier.objects.create(
        report=report, kind="phone", value=PHONE, lookup_hash=lookup_hash("phone", PHONE)
    )
    alert = Alert.objects.create(
        association=network.association,
        report=report,
        severity=2,
        status=AlertStatus.PUBLISHED,
    )
    Delivery.objects.create(
        alert=alert, member=network.ana, channel="feed", next_attempt_at=alert.created
    )
    Delivery.objects.create(alert=alert, member=rosa, channel="sms", next_attempt_at=alert.created)
    LegalCase.objects.create(association=network.association, report=report)
    CheckCounter.objects.create(member=rosa, day=date(2026, 3, 2), count=3)
    PushSubscription.objects.create(
        member=rosa,
        endpoint="https://push.example/abc",
        endpoint_hash="e" * 64,
        p256dh="k",
        auth="a",
    )
    link(rosa, "telegram", "7700123")
    LinkCode.objects.create(
        member=rosa, service="signal", code_hash="c" * 64, expires_at=alert.created
    )
    return {"member": rosa, "report": report, "alert": alert}


def signed_in(member: Any) -> Client:
    client = Client()
    client.force_login(member.user, backend="veilleuse.alerts.auth.MemberBackend")
    return client


def test_a_member_sees_everything_stored_about_them(rosa_data):
    client = signed_in(rosa_data["member"])
    page = client.get("/alertes/mes-donnees/")
    assert page.status_code == 200
    html = page.content.decode()
    shown_on_page = ("Rosa", "+33700000001", STORY, PHONE, f"#{rosa_data['alert'].pk}", "7700123")
    for shown in shown_on_page:
        assert shown in html
    download = client.get("/alertes/mes-donnees/mes-donnees.json")
    assert download["Content-Disposition"].startswith("attachment")
    data = json.loads(download.content)
    assert data["profile"]["contact_phone"] == "+33700000001"
    assert data["reports"][0]["identifiers"] == [{"kind": "phone", "value": PHONE}]
    assert data["reports"][0]["legal_case"] == {"status": "open"}
    assert data["number_checks"] == [{"day": "2026-03-02", "checks": 3, "refused": 0, "invalid": 0}]
    assert [d["channel"] for d in data["deliveries"]] == ["sms"]  # not Ana's
    assert data["push_subscriptions"] == 1
    assert data["messaging_links"] == [
        {"service": "telegram", "address": "7700123", "alerts": True, "full_text": False}
    ]


def test_another_members_data_is_never_shown(rosa_data, network):
    html = signed_in(network.lin).get("/alertes/mes-donnees/").content.decode()
    assert STORY not in html
    assert PHONE not in html


def test_the_pages_are_for_signed_in_members_only(network, cast):
    assert Client().get("/alertes/mes-donnees/").status_code == 302
    staff = Client()
    staff.force_login(cast.admin)
    assert staff.get("/alertes/mes-donnees/").status_code == 404


def test_a_wrong_passphrase_deletes_nothing(rosa_data):
    client = signed_in(rosa_data["member"])
    response = client.post("/alertes/mes-donnees/supprimer/", {"passphrase": "pas la bonne phrase"})
    assert response.status_code == 400
    assert Member.objects.filter(pk=rosa_data["member"].pk).exists()
    assert Report.objects.filter(pk=rosa_data["report"].pk).exists()


def references(model: type[models.Model], target: type[models.Model], ids: set[int]) -> int:
    """Rows of ``model`` pointing at one of ``ids`` of ``target`` by any foreign key."""
    found = 0
    for field in model._meta.concrete_fields:
        if isinstance(field, models.ForeignKey) and field.related_model is target:
            found += model.objects.filter(**{f"{field.name}__in": ids}).count()
    return found


def test_deleting_everything_leaves_nothing_in_any_table_and_signs_out(rosa_data, network):
    member, report = rosa_data["member"], rosa_data["report"]
    member_id, user_id, report_id = member.pk, member.user_id, report.pk
    client = signed_in(member)

    response = client.post("/alertes/mes-donnees/supprimer/", {"passphrase": MEMBER_PASSPHRASE})

    assert response.status_code == 200
    assert client.get("/alertes/mes-donnees/").status_code == 302  # signed out
    assert not Member.objects.filter(pk=member_id).exists()
    assert not get_user_model().objects.filter(pk=user_id).exists()
    assert not Report.objects.filter(pk=report_id).exists()
    targets = {Member: {member_id}, Report: {report_id}, get_user_model(): {user_id}}
    for model in apps.get_app_config("alerts").get_models():
        for target, ids in targets.items():
            assert references(model, target, ids) == 0, model._meta.label
    assert not Alert.objects.filter(pk=rosa_data["alert"].pk).exists()  # left every feed
    assert not LegalCase.objects.exists()
    entry = AuditEntry.objects.get(action="member.erase")
    assert entry.data == {"member_id": member_id, "alerts_retracted": 1}
    assert "Rosa" not in json.dumps(list(AuditEntry.objects.values("data", "target_id")))
    assert Member.objects.filter(pk=network.ana.pk).exists()
