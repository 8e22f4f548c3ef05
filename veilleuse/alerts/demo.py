"""The alert network's part of the demo (called by ``veilleuse.demo.demo_load``).

On top of the network's cast (``veilleuse.alerts.cast``), five fictitious reports, one per
moment of moderation, all filed and moderated through the services:

- Rosa, in Spanish: submitted, waiting in the moderation queue;
- Lin, in Chinese: verified and approved by mona; its alert is published in Belleville in
  the languages of the network;
- Ana, in Portuguese: rejected by marc (so its texts are already purged);
- paul, for the partner association, on someone's behalf: submitted;
- Rosa again, with a (fictitious) phone number: its alert shows the masked number, so mona's
  approval waits for a second moderator (marc can give it in the demo).

And a duty rota and Ana's check-in in progress (``demo_checkins``). Every text says it is
fictitious. Idempotent: once Rosa's first report exists, nothing is
added. Publishing writes the outbox; the worker, when it runs, sends the notifications.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from veilleuse.accounts.models import Association, Membership, Role, User
from veilleuse.alerts.cast import NetworkCast, network_cast_create
from veilleuse.alerts.demo_checkins import checkins_demo_load
from veilleuse.alerts.models import Member, Report, ReportSource
from veilleuse.alerts.services import moderation
from veilleuse.alerts.services.members import alert_languages
from veilleuse.alerts.services.reports import ReportDetails, report_submit

FICTITIOUS_PHONE = "+33 6 12 34 56 78"


def _file(
    network: NetworkCast,
    *,
    days_ago: int,
    zone: str,
    author: Member | None,
    source: str = ReportSource.MEMBER,
    filed_by: User | None = None,
    partner: Association | None = None,
    **details: Any,
) -> Report:
    return report_submit(
        association=network.association,
        author=author,
        source=source,
        filed_by=filed_by,
        partner=partner,
        details=ReportDetails(
            occurred_on=timezone.localdate() - timedelta(days=days_ago),
            zone=network.zones[zone],
            **details,
        ),
    )


@transaction.atomic
def alerts_demo_load(association: Association, password: str) -> NetworkCast:
    network = network_cast_create(association, password)
    admin = Membership.objects.filter(association=association, role=Role.ADMIN).first()
    if admin is not None:
        checkins_demo_load(network, admin.user)
    if Report.objects.filter(association=association).by_author(network.rosa).exists():
        return network
    _file(
        network,
        author=network.rosa,
        days_ago=2,
        zone="belleville",
        time_of_day="night",
        kinds=["physical"],
        language="es",
        description="Me empujó fuera del coche sin pagar. (Relato ficticio de demostración.)",
        aggressor="Hombre de unos 40 años, coche gris. (Ficticio.)",
    )
    _published(network)
    _rejected(network)
    _file(
        network,
        author=None,
        source=ReportSource.PARTNER,
        filed_by=network.partner_staff,
        partner=network.partner_association,
        days_ago=4,
        zone="porte-de-choisy",
        kinds=["theft"],
        language="fr",
        description="Vol de téléphone signalé lors d'une maraude (récit fictif de démo).",
        consent_statistics=True,
    )
    _awaiting_second(network)
    return network


def _published(network: NetworkCast) -> None:
    report = _file(
        network,
        author=network.lin,
        days_ago=6,
        zone="belleville",
        time_of_day="evening",
        kinds=["non_payment", "threats"],
        language="zh-hans",
        description="他拒绝付款并威胁我。(虚构的演示内容。)",
        consent_statistics=True,
    )
    mona = network.moderator
    moderation.report_triage(actor=mona, report=report, severity=2, zone=report.zone)
    moderation.report_verify(actor=mona, report=report)
    alert = moderation.alert_compose(
        actor=mona,
        report=report,
        kinds=report.kinds,
        severity=2,
        zones=[network.zones["belleville"]],
        languages=alert_languages(),
        free_texts={
            "fr": "Exemple fictif pour la démo.",
            "en": "Fictitious example for the demo.",
        },
    )
    moderation.alert_approve(actor=mona, alert=alert)


def _rejected(network: NetworkCast) -> None:
    report = _file(
        network,
        author=network.ana,
        days_ago=9,
        zone="bois-de-boulogne",
        kinds=["other"],
        language="pt",
        description="Mensagem de teste, não aconteceu nada. (Fictício.)",
    )
    moderation.report_reject(
        actor=network.second_moderator, report=report, reason="Message de test (démo)."
    )


def _awaiting_second(network: NetworkCast) -> None:
    report = _file(
        network,
        author=network.rosa,
        days_ago=1,
        zone="belleville",
        kinds=["threats"],
        language="es",
        description="Me amenazó por teléfono. (Relato ficticio; número ficticio.)",
        identifiers=[("phone", FICTITIOUS_PHONE)],
    )
    mona = network.moderator
    alert = moderation.alert_compose(
        actor=mona,
        report=report,
        kinds=["threats"],
        severity=3,
        zones=[network.zones["belleville"]],
        languages=["es", "zh-hans", "fr"],
        show_identifiers=True,
        free_texts={"fr": "Numéro fictif, pour la démo."},
    )
    moderation.alert_approve(actor=mona, alert=alert)
