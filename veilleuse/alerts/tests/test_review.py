"""A published alert withdrawn or corrected after review (issue 20): four eyes, and the
members see it withdrawn with the reason."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from veilleuse.alerts.access import member_alerts
from veilleuse.alerts.models import AlertStatus, Contest
from veilleuse.alerts.models.contest import ReviewAction
from veilleuse.alerts.services import moderation
from veilleuse.alerts.services.review import alert_review_confirm, alert_review_request
from veilleuse.alerts.tests.moderation_helpers import PHONE, draft_alert, file_report
from veilleuse.core.models import AuditEntry

REASON = "Retirée après vérification d'une contestation."


def published(network, **fields):
    report = file_report(network, identifiers=[("phone", PHONE)])
    alert = draft_alert(network, report, **fields)
    alert = moderation.alert_approve(actor=network.moderator, alert=alert)
    if alert.status != AlertStatus.PUBLISHED:
        alert = moderation.alert_approve(actor=network.second_moderator, alert=alert)
    return alert


def test_a_withdrawal_needs_a_second_moderator_and_members_see_it_withdrawn(network):
    alert = published(network)
    assert alert in member_alerts(network.rosa)
    review = alert_review_request(
        actor=network.moderator, alert=alert, action=ReviewAction.WITHDRAW, reason=REASON
    )
    with pytest.raises(ValidationError):
        alert_review_confirm(actor=network.moderator, review=review)
    alert.refresh_from_db()
    assert alert.status == AlertStatus.PUBLISHED
    alert_review_confirm(actor=network.second_moderator, review=review)
    alert.refresh_from_db()
    assert alert.status == AlertStatus.RETRACTED
    assert not alert.texts.exists()
    assert alert in member_alerts(network.rosa)  # still there, marked withdrawn
    entries = AuditEntry.objects.filter(target_type="alerts.alert", target_id=str(alert.pk))
    actions = list(entries.order_by("pk").values_list("action", flat=True))
    assert actions[-2:] == ["alert.review_request", "alert.withdraw"]


def test_a_plain_retraction_still_leaves_the_feeds(network):
    alert = published(network)
    moderation.alert_retract(actor=network.moderator, alert=alert, reason="Erreur")
    assert alert not in member_alerts(network.rosa)


def test_a_correction_hides_the_identifiers_and_rewrites_the_texts(network):
    alert = published(network, show_identifiers=True)
    before = set(alert.texts.values_list("body", flat=True))
    assert any("78" in body for body in before)
    review = alert_review_request(
        actor=network.moderator, alert=alert, action=ReviewAction.CORRECT, reason=REASON
    )
    alert_review_confirm(actor=network.second_moderator, review=review)
    alert.refresh_from_db()
    assert alert.status == AlertStatus.PUBLISHED
    assert not alert.show_identifiers
    assert all(
        "78" not in body and "Soyez" not in body
        for body in alert.texts.values_list("body", flat=True)
    )


def test_one_review_waits_at_a_time_and_a_contest_of_another_network_is_refused(network, cast):
    alert = published(network)
    alert_review_request(actor=network.moderator, alert=alert, action="withdraw", reason=REASON)
    with pytest.raises(moderation.Stale):
        alert_review_request(actor=network.moderator, alert=alert, action="correct", reason=REASON)
    other = Contest.objects.create(
        association=cast.other_association, kind="phone", identifier="+33612345678",
        reach="x", received_on="2026-12-01", due_on="2027-01-01",
    )  # fmt: skip
    with pytest.raises(ValidationError):
        alert_review_request(
            actor=network.second_moderator, alert=published(network), action="withdraw",
            reason=REASON, contest=other,
        )  # fmt: skip


def test_the_members_feed_says_withdrawn_after_review_with_the_reason(client, network):
    alert = published(network)
    review = alert_review_request(
        actor=network.moderator, alert=alert, action=ReviewAction.WITHDRAW, reason=REASON
    )
    alert_review_confirm(actor=network.second_moderator, review=review)
    client.force_login(network.rosa.user)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("alerts:feed")).content.decode()
    assert "Withdrawn after review:" in page
    assert "data-withdrawn" in page
    assert "Retirée après vérification" in page.replace("&#x27;", "'")


def test_moderators_ask_and_confirm_from_the_alert_page(client, network):
    alert = published(network)
    url = reverse("alerts:moderation_alert", kwargs={"slug": "demo", "pk": alert.pk})
    client.force_login(network.moderator)
    ask = reverse("alerts:alert_review_request", kwargs={"slug": "demo", "pk": alert.pk})
    assert client.post(ask, {"action": "withdraw", "reason": REASON}).status_code == 302
    assert "Another moderator must confirm." in client.get(url).content.decode()
    client.force_login(network.second_moderator)
    confirm = reverse("alerts:alert_review_confirm", kwargs={"slug": "demo", "pk": alert.pk})
    assert client.post(confirm).status_code == 302
    alert.refresh_from_db()
    assert alert.status == AlertStatus.RETRACTED
