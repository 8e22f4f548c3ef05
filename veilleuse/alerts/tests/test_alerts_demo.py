"""The alert network's demo: one fictitious report at each moment of moderation."""

from __future__ import annotations

import pytest
from django.conf import settings

from veilleuse.alerts.cast import MEMBER_PASSPHRASE
from veilleuse.alerts.demo import alerts_demo_load
from veilleuse.alerts.models import Alert, AlertStatus, Outbox, Report, ReportStatus
from veilleuse.demo import CAST_PASSWORD


def test_the_demo_shows_each_moment_of_moderation_and_loads_once(cast):
    network = alerts_demo_load(cast.association, CAST_PASSWORD)
    reports = Report.objects.filter(association=cast.association)
    assert sorted(reports.values_list("language", "status")) == [
        ("es", ReportStatus.SUBMITTED),
        ("es", ReportStatus.SUBMITTED),
        ("fr", ReportStatus.SUBMITTED),
        ("pt", ReportStatus.REJECTED),
        ("zh-hans", ReportStatus.APPROVED),
    ]
    assert reports.get(partner=network.partner_association).filed_by == network.partner_staff
    published = Alert.objects.get(status=AlertStatus.PUBLISHED)
    assert list(published.zones.all()) == [network.zones["belleville"]]
    assert sorted(published.texts.values_list("language", flat=True)) == sorted(
        code for code, _name in settings.LANGUAGES
    )
    assert Outbox.objects.filter(alert=published).exists()
    waiting = Alert.objects.get(status=AlertStatus.AWAITING_SECOND)
    assert waiting.approved_by == network.moderator
    text = waiting.texts.get(language="fr").body
    assert "+33 6 •• •• •• 78" in text
    assert "12 34" not in text
    assert "(Relato ficticio" in reports.get(pk=waiting.report_id).description
    alerts_demo_load(cast.association, CAST_PASSWORD)
    assert reports.count() == 5
    assert Alert.objects.count() == 2


@pytest.mark.slow
def test_veilleuse_demo_prints_the_networks_logins(tmp_path):
    from tests.test_platform import run_cli

    result = run_cli("demo", data_dir=tmp_path, timeout=300)
    assert result.returncode == 0, result.stderr
    for login in ("mona", "marc", "lea", "paul", "Rosa", "Lin", "Ana", MEMBER_PASSPHRASE):
        assert login in result.stdout
