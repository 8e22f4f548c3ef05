"""Moderation: what moderators do to reports and alerts, and who may do it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from veilleuse.alerts.models import (
    Alert,
    AlertStatus,
    AlertText,
    Identifier,
    Outbox,
    ReportStatus,
)
from veilleuse.alerts.selectors.staff import moderation_queue
from veilleuse.alerts.services import moderation
from veilleuse.alerts.tests.moderation_helpers import PHONE, draft_alert, file_report
from veilleuse.core.models import AuditEntry


def actions(target):
    return list(
        AuditEntry.objects.filter(target_id=str(target.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


# Reports


def test_verifying_and_triaging_are_audited_without_the_reports_content(network):
    report = file_report(network)
    moderation.report_verify(actor=network.moderator, report=report)
    moderation.report_triage(
        actor=network.moderator, report=report, severity=3, zone=network.zones["en-ligne"]
    )
    report.refresh_from_db()
    assert report.verified
    assert report.severity == 3
    assert report.zone == network.zones["en-ligne"]
    assert report.moderated_by == network.moderator
    assert actions(report)[-2:] == ["report.verify", "report.triage"]
    for entry in AuditEntry.objects.filter(action__startswith="report."):
        assert "payer" not in str(entry.data)


def test_triage_refuses_another_associations_zone(network, cast):
    from veilleuse.alerts.models import Zone

    elsewhere = Zone.objects.create(association=cast.other_association, name="Ailleurs", slug="x")
    with pytest.raises(ValidationError, match="zone from the list"):
        moderation.report_triage(
            actor=network.moderator, report=file_report(network), severity=2, zone=elsewhere
        )


def test_redacting_edits_the_texts_and_keeps_an_identifier_out_of_alerts(network):
    report = file_report(network, identifiers=[("phone", PHONE)])
    phone = report.identifiers.get()
    moderation.report_redact(
        actor=network.moderator,
        report=report,
        description="Parti sans payer.",
        aggressor="",
        place="",
        redacted_identifier_ids=[phone.pk],
    )
    report.refresh_from_db()
    phone.refresh_from_db()
    assert report.description == "Parti sans payer."
    assert report.aggressor == ""
    assert phone.redacted
    entry = AuditEntry.objects.get(action="report.redact")
    assert entry.data == {"fields": ["description", "aggressor"], "redacted_identifiers": 1}


def test_a_rejected_report_leaves_no_alert_no_text_and_no_identifier(network):
    report = file_report(network, identifiers=[("phone", PHONE)], place="Rue fictive")
    alert = draft_alert(network, report)
    moderation.report_reject(actor=network.moderator, report=report, reason="Faux signalement")
    report.refresh_from_db()
    assert report.status == ReportStatus.REJECTED
    assert (report.description, report.aggressor, report.place) == ("", "", "")
    assert not Identifier.objects.filter(report=report).exists()
    assert Alert.objects.get(pk=alert.pk).status == AlertStatus.REJECTED
    assert not AlertText.objects.filter(alert__report=report).exists()
    with pytest.raises(ValidationError, match="already dealt with"):
        moderation.alert_approve(actor=network.second_moderator, alert=alert)
    assert not Alert.objects.filter(status=AlertStatus.PUBLISHED).exists()


def test_rejecting_needs_a_reason_and_a_rejected_report_cannot_be_rejected_again(network):
    report = file_report(network)
    with pytest.raises(ValidationError, match="Say why"):
        moderation.report_reject(actor=network.moderator, report=report, reason="  ")
    moderation.report_reject(actor=network.moderator, report=report, reason="Doublon")
    with pytest.raises(moderation.Stale):
        moderation.report_reject(actor=network.second_moderator, report=report, reason="Encore")


def test_a_reason_longer_than_kept_is_refused_not_cut(network):
    report = file_report(network)
    draft = draft_alert(network, report)
    too_long = "x" * (moderation.REASON_LENGTH + 1)
    with pytest.raises(ValidationError, match="at most 300 characters") as refusal:
        moderation.report_reject(actor=network.moderator, report=report, reason=too_long)
    assert "reason" in refusal.value.error_dict
    with pytest.raises(ValidationError, match="at most 300 characters"):
        moderation.alert_reject(actor=network.moderator, alert=draft, reason=too_long)
    report.refresh_from_db()
    draft.refresh_from_db()
    assert report.status != ReportStatus.REJECTED
    assert draft.status == AlertStatus.DRAFT
    kept = "y" * moderation.REASON_LENGTH
    moderation.alert_reject(actor=network.moderator, alert=draft, reason=kept)
    draft.refresh_from_db()
    assert draft.rejection_reason == kept


def test_merged_duplicates_count_in_the_alerts_provenance(network):
    primary = file_report(network, author="rosa")
    duplicate = file_report(network, author="lin")
    again_by_rosa = file_report(network, author="rosa")
    moderation.reports_merge(actor=network.moderator, primary=primary, duplicate=duplicate)
    moderation.reports_merge(actor=network.moderator, primary=primary, duplicate=again_by_rosa)
    duplicate.refresh_from_db()
    assert duplicate.status == ReportStatus.MERGED
    assert duplicate.duplicate_of == primary
    alert = moderation.alert_approve(actor=network.moderator, alert=draft_alert(network, primary))
    # Rosa twice and Lin once: two people told it.
    assert alert.independent_reports == 2


def test_reports_naming_the_same_number_count_by_distinct_author(network):
    report = file_report(network, author="rosa", identifiers=[("phone", PHONE)])
    file_report(network, author="lin", identifiers=[("phone", "06 12 34 56 78")])
    file_report(network, author=None, filed_by=network.moderator, source="staff")
    alert = moderation.alert_approve(actor=network.moderator, alert=draft_alert(network, report))
    assert alert.independent_reports == 2


def test_merging_refuses_itself_another_association_and_closed_reports(network, cast):
    report, other = file_report(network), file_report(network, author="lin")
    with pytest.raises(ValidationError, match="itself"):
        moderation.reports_merge(actor=network.moderator, primary=report, duplicate=report)
    moderation.report_reject(actor=network.moderator, report=other, reason="Faux")
    with pytest.raises(moderation.Stale):
        moderation.reports_merge(actor=network.moderator, primary=report, duplicate=other)


# Alerts


def test_an_alert_is_composed_in_each_of_its_languages(network):
    report = file_report(network)
    alert = draft_alert(network, report, languages=["es", "fr", "zh-hans"])
    assert alert.status == AlertStatus.DRAFT
    assert sorted(alert.texts.values_list("language", flat=True)) == ["es", "fr", "zh-hans"]
    assert "Soyez prudentes." in alert.texts.get(language="fr").body


def test_composing_needs_the_persons_consent_to_an_alert(network):
    report = file_report(network, consent_alert=False, consent_statistics=False)
    with pytest.raises(ValidationError, match="did not agree"):
        draft_alert(network, report)
    assert not Alert.objects.exists()


def test_composing_again_replaces_the_unpublished_draft_and_its_approval(network):
    report = file_report(network, identifiers=[("phone", PHONE)])
    first = draft_alert(network, report, show_identifiers=True)
    moderation.alert_approve(actor=network.moderator, alert=first)
    second = draft_alert(network, report, severity=3)
    assert not Alert.objects.filter(pk=first.pk).exists()
    assert second.status == AlertStatus.DRAFT
    assert second.approved_by is None


def test_an_alert_without_identifiers_is_published_by_one_moderator_with_its_outbox(
    network, django_capture_on_commit_callbacks
):
    report = file_report(network)
    moderation.report_verify(actor=network.moderator, report=report)
    alert = draft_alert(network, report)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        alert = moderation.alert_approve(actor=network.moderator, alert=alert)
    assert alert.status == AlertStatus.PUBLISHED
    assert alert.verified
    assert alert.independent_reports == 1
    assert alert.expires_at - alert.published_at == timedelta(days=365)
    assert Outbox.objects.filter(alert=alert, processed_at__isnull=True).count() == 1
    assert len(callbacks) == 1  # the worker is told once the approval commits
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED


def test_an_alert_showing_a_number_needs_two_different_moderators(network):
    report = file_report(network, identifiers=[("phone", PHONE)])
    alert = draft_alert(network, report, show_identifiers=True)
    alert = moderation.alert_approve(actor=network.moderator, alert=alert)
    assert alert.status == AlertStatus.AWAITING_SECOND
    assert not Outbox.objects.exists()
    with pytest.raises(ValidationError, match="another moderator must approve"):
        moderation.alert_approve(actor=network.moderator, alert=alert)
    alert = moderation.alert_approve(actor=network.second_moderator, alert=alert)
    assert alert.status == AlertStatus.PUBLISHED
    assert (alert.approved_by, alert.second_by) == (network.moderator, network.second_moderator)
    assert Outbox.objects.filter(alert=alert).count() == 1


def test_one_moderator_suffices_when_the_identifiers_are_redacted(network):
    report = file_report(network, identifiers=[("phone", PHONE)])
    report.identifiers.update(redacted=True)
    alert = draft_alert(network, report, show_identifiers=True)
    alert = moderation.alert_approve(actor=network.moderator, alert=alert)
    assert alert.status == AlertStatus.PUBLISHED
    assert "••" not in alert.texts.get(language="fr").body


def test_two_moderators_approving_at_once_publish_once(network):
    report = file_report(network)
    seen_by_mona = draft_alert(network, report)
    seen_by_marc = Alert.objects.get(pk=seen_by_mona.pk)
    moderation.alert_approve(actor=network.moderator, alert=seen_by_mona)
    with pytest.raises(moderation.Stale, match="already dealt with"):
        moderation.alert_approve(actor=network.second_moderator, alert=seen_by_marc)
    assert Outbox.objects.count() == 1
    assert AuditEntry.objects.filter(action="alert.approve").count() == 1


def test_a_draft_is_rejected_and_a_published_alert_retracted(network):
    report = file_report(network)
    draft = draft_alert(network, report)
    moderation.alert_reject(actor=network.moderator, alert=draft, reason="Trop vague")
    draft.refresh_from_db()
    assert draft.status == AlertStatus.REJECTED
    assert not draft.texts.exists()
    published = moderation.alert_approve(
        actor=network.moderator, alert=draft_alert(network, report)
    )
    with pytest.raises(moderation.Stale):
        moderation.alert_reject(actor=network.moderator, alert=published, reason="Trop tard")
    moderation.alert_retract(actor=network.second_moderator, alert=published, reason="Contesté")
    published.refresh_from_db()
    assert published.status == AlertStatus.RETRACTED
    assert actions(published) == ["alert.compose", "alert.approve", "alert.retract"]


# The queue


def test_the_queue_lists_submitted_reports_oldest_first_and_the_alerts_to_approve(network):
    older, newer = file_report(network), file_report(network, author="lin")
    older.created = timezone.now() - timedelta(days=1)
    older.save(update_fields=["created"])
    shown = draft_alert(
        network, file_report(network, identifiers=[("phone", PHONE)]), show_identifiers=True
    )
    moderation.alert_approve(actor=network.moderator, alert=shown)
    for_marc = moderation_queue(network.association, network.second_moderator)
    assert for_marc.reports[:2] == [older, newer]
    assert for_marc.awaiting_second == [Alert.objects.get(pk=shown.pk)]
    for_the_approver = moderation_queue(network.association, network.moderator)
    assert for_the_approver.awaiting_second == []
    # Not "None": the approver sees their own approval waiting for someone else (issue 14).
    assert for_the_approver.approved_by_viewer == [Alert.objects.get(pk=shown.pk)]
    assert for_marc.approved_by_viewer == []
    assert ("submitted", 3) in [(status, n) for status, _label, n in for_marc.counts]


def test_the_queue_takes_the_same_few_queries_however_long(network, django_assert_max_num_queries):
    for author in ("rosa", "lin", "ana", "rosa"):
        report = file_report(network, author=author, identifiers=[("phone", PHONE)])
        moderation.alert_approve(
            actor=network.moderator, alert=draft_alert(network, report, show_identifiers=True)
        )
    file_report(
        network,
        author=None,
        source="partner",
        filed_by=network.partner_staff,
        partner=network.partner_association,
    )
    with django_assert_max_num_queries(5):
        queue = moderation_queue(network.association, network.second_moderator)
        [(r.zone, r.author, r.filed_by, r.partner) for r in queue.reports]
        [(list(a.zones.all()), a.approved_by) for a in queue.awaiting_second]


# Pages


def url(name, network, **kwargs):
    return reverse(f"alerts:{name}", kwargs={"slug": network.association.slug, **kwargs})


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("moderator", 200),
        ("second_moderator", 200),
        ("admin", 404),  # alice: administrator without the moderator role
        ("reviewer", 404),
        ("outsider", 404),  # oscar, of another association
        ("legal_worker", 404),
        ("partner_staff", 404),
        ("member", 302),  # a member's session is sent to their feed from staff pages
    ],
)
def test_only_moderators_open_the_queue_a_report_and_an_alert(client, cast, network, who, status):
    user = {
        "admin": cast.admin,
        "reviewer": cast.reviewer,
        "outsider": cast.outsider,
        "member": network.rosa.user,
    }.get(who) or getattr(network, who)
    report = file_report(network)
    alert = draft_alert(network, report)
    client.force_login(user)
    assert client.get(url("moderation_queue", network)).status_code == status
    assert client.get(url("moderation_report", network, pk=report.pk)).status_code == status
    assert client.get(url("moderation_alert", network, pk=alert.pk)).status_code == status
    approve = url("moderation_alert_action", network, pk=alert.pk, action="approve")
    response = client.post(approve)
    assert response.status_code == (302 if status in (200, 302) else 404)
    if status == 302:
        assert response["Location"] == reverse("alerts:feed")


def test_a_visitor_is_sent_to_sign_in(client, network):
    response = client.get(url("moderation_queue", network))
    assert response.status_code == 302
    assert "next=" in response["Location"]


def test_a_report_of_another_network_is_missing_under_this_networks_address(client, network, cast):
    report = file_report(network)
    client.force_login(network.moderator)
    other = reverse("alerts:moderation_report", kwargs={"slug": "autre", "pk": report.pk})
    assert client.get(other).status_code == 404


def test_the_report_page_shows_the_text_and_writes_each_opening_to_the_audit_log(client, network):
    report = file_report(
        network,
        author=None,
        source="partner",
        filed_by=network.partner_staff,
        partner=network.partner_association,
    )
    client.force_login(network.moderator)
    page = client.get(url("moderation_report", network, pk=report.pk))
    assert "Il est parti sans payer" in page.content.decode()
    assert "paul for Association partenaire" in page.content.decode()
    client.get(url("moderation_report", network, pk=report.pk))
    views = AuditEntry.objects.filter(action="report.view", target_id=str(report.pk))
    assert views.count() == 2
    assert all(entry.data == {} for entry in views)
    queue = client.get(url("moderation_queue", network)).content.decode()
    assert "Il est parti sans payer" not in queue  # lists never show the text


def compose_data(network, **overrides):
    data = {
        "compose-kinds": ["non_payment"],
        "compose-severity": "2",
        "compose-zones": [str(network.zones["belleville"].pk)],
        "compose-languages": ["fr", "en"],
        "compose-free_text_en": "Call us.",
    }
    return {**data, **overrides}


def test_the_preview_shows_the_texts_and_saves_nothing_then_saving_makes_a_draft(client, network):
    report = file_report(network)
    client.force_login(network.moderator)
    action = url("moderation_report_action", network, pk=report.pk, action="compose")
    preview = client.post(action, {**compose_data(network), "preview": "1"})
    assert preview.status_code == 200
    assert "Note from the association: Call us." in preview.content.decode()
    assert not Alert.objects.exists()
    saved = client.post(action, compose_data(network))
    alert = Alert.objects.get()
    assert saved["Location"] == url("moderation_alert", network, pk=alert.pk)
    assert alert.languages == ["fr", "en"]


def test_bad_input_on_a_report_is_refused_with_a_sentence(client, network):
    report = file_report(network)
    client.force_login(network.moderator)
    compose = url("moderation_report_action", network, pk=report.pk, action="compose")
    response = client.post(compose, compose_data(network, **{"compose-kinds": []}))
    assert response.status_code == 400
    assert not Alert.objects.exists()
    reject = url("moderation_report_action", network, pk=report.pk, action="reject")
    assert client.post(reject, {"reject-reason": ""}).status_code == 400
    unknown = url("moderation_report_action", network, pk=report.pk, action="delete")
    assert client.post(unknown).status_code == 404


def test_the_same_moderator_approving_twice_is_told_why_not(client, network):
    report = file_report(network, identifiers=[("phone", PHONE)])
    alert = draft_alert(network, report, show_identifiers=True)
    client.force_login(network.moderator)
    approve = url("moderation_alert_action", network, pk=alert.pk, action="approve")
    assert client.post(approve).status_code == 302
    again = client.post(approve)
    assert again.status_code == 400
    assert "another moderator must approve" in again.content.decode()
    client.force_login(network.second_moderator)
    queue = client.get(url("moderation_queue", network)).content.decode()
    assert url("moderation_alert", network, pk=alert.pk) in queue
    assert client.post(approve).status_code == 302
    assert Alert.objects.get().status == AlertStatus.PUBLISHED


def test_a_stale_action_gets_a_conflict(client, network):
    report = file_report(network)
    client.force_login(network.moderator)
    moderation.report_reject(actor=network.second_moderator, report=report, reason="Faux")
    verify = url("moderation_report_action", network, pk=report.pk, action="verify")
    response = client.post(verify, {"verified": "on"})
    assert response.status_code == 409
    assert "already dealt with" in response.content.decode()


def test_a_moderator_signs_in_to_her_queue_and_an_administrator_to_the_campaigns(
    client, network, cast
):
    from veilleuse.demo import CAST_PASSWORD

    def lands(user, next_page=None):
        data = {"username": user.get_username(), "password": CAST_PASSWORD}
        url = "/accounts/login/" + (f"?next={next_page}" if next_page else "")
        answer = client.post(url, data)
        client.logout()
        return answer["Location"]

    queue = f"/reseau/{network.association.slug}/moderation/"
    assert lands(network.moderator) == queue
    assert lands(network.moderator, next_page="/") == queue  # "/" is no page of her choice
    assert lands(network.moderator, next_page="/accounts/") == "/accounts/"
    assert lands(cast.admin) == "/"
