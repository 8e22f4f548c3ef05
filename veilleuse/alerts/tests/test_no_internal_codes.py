"""No internal code ever reaches a person (issue 14, item 7): "Mis datos" showed `physical`,
`non_payment, threats`, `submitted`, `awaiting_second` and `es` inside a translated page.

The data page is rendered with every choice set — every kind, every report status, every alert
status, every delivery channel and state, every messaging service, every language — and its
visible text must hold none of the codes. The same for the staff pages that list deliveries
and the moderation queue.
"""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from veilleuse.alerts.channels import CHANNEL_LABELS
from veilleuse.alerts.models import (
    Alert,
    AlertStatus,
    CheckCounter,
    Delivery,
    DeliveryState,
    Member,
    MessagingService,
    Report,
    ReportKind,
    ReportStatus,
)
from veilleuse.alerts.tests.messaging_world import link
from veilleuse.alerts.tests.reporting import alert_from, member_report

CHOICES = (ReportKind, ReportStatus, AlertStatus, DeliveryState, MessagingService)
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
CODES = sorted(
    {
        *ReportKind.values,
        *ReportStatus.values,
        *AlertStatus.values,
        *DeliveryState.values,
        *MessagingService.values,
        *CHANNEL_LABELS,
        *LANGUAGE_CODES,
    }
)


class VisibleText(HTMLParser):
    """The text a person reads: what is between the tags, not attributes, styles or scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.hidden += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


def codes_in(text: str, codes: list[str]) -> list[str]:
    """The codes that appear as words of ``text`` (case-sensitive, as the code is written)."""
    return [code for code in codes if re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text)]


@pytest.fixture
def rosa_with_everything(network: Any) -> Member:
    """Rosa's data with every choice set at least once."""
    rosa = network.rosa
    Member.objects.filter(pk=rosa.pk).update(languages=LANGUAGE_CODES)
    rosa.refresh_from_db()
    alerts = []
    for index, status in enumerate(ReportStatus.values):
        report = Report.objects.create(
            association=network.association,
            author=rosa,
            occurred_on=date(2026, 3, 1 + index),
            kinds=ReportKind.values,
            description="—",
            language="es",
            status=status,
        )
        alerts += [
            Alert.objects.create(
                association=network.association, report=report, severity=2, status=alert_status
            )
            for alert_status in AlertStatus.values
        ]
    for channel in CHANNEL_LABELS:
        for alert, state in zip(alerts, DeliveryState.values, strict=False):
            Delivery.objects.create(
                alert=alert,
                member=rosa,
                channel=channel,
                state=state,
                next_attempt_at=alert.created,
            )
    for service in MessagingService.values:
        link(rosa, service, f"addr-{service}")
    CheckCounter.objects.create(member=rosa, day=date(2026, 3, 2), count=3)
    return rosa


@pytest.mark.parametrize("code", ["zh-hans", "es", "ar", "fr"])
def test_the_data_page_shows_labels_never_codes(rosa_with_everything: Member, code: str) -> None:
    client = Client()
    client.force_login(rosa_with_everything.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = code
    html = client.get(reverse("alerts:my_data")).content.decode()
    text = visible_text(html)
    assert "addr-telegram" in text  # guards the test: Rosa's data is on the page
    # Two-letter language codes are also words of some languages (Spanish "es"): they are
    # looked for where a language can be shown, the rest everywhere.
    words = [c for c in CODES if c not in LANGUAGE_CODES and c not in label_words(code)]
    assert not codes_in(text, words), codes_in(text, words)
    languages = text[text.index(gettext_in(code, "Languages")) :][:400]
    assert not codes_in(languages, LANGUAGE_CODES), languages
    assert "2026-03-01" not in text  # dates are written out, not in ISO form


def label_words(code: str) -> set[str]:
    """Words of the labels themselves, in language ``code`` (Spanish "violencia sexual")."""
    with translation.override(code):
        labels = [str(label) for choices in CHOICES for label in choices.labels]
    return {word for label in labels for word in re.findall(r"[\w-]+", label)}


def gettext_in(code: str, message: str) -> str:
    with translation.override(code):
        return translation.gettext(message)


def test_the_staff_lists_name_channels_and_languages(network: Any) -> None:
    alert = alert_from(member_report(network.rosa, language="zh-hans"))
    Delivery.objects.create(
        alert=alert,
        member=network.rosa,
        channel="email",
        state=DeliveryState.DEAD,
        next_attempt_at=alert.created,
    )
    client = Client()
    client.force_login(network.moderator)
    queue = visible_text(client.get("/reseau/demo/moderation/").content.decode())
    deliveries = visible_text(client.get("/reseau/demo/envois/").content.decode())
    assert "Rosa" in deliveries  # guards the test: the delivery is listed
    assert "zh-hans" not in queue
    assert not codes_in(deliveries, ["email"]), deliveries
    assert "e-mail" in deliveries
