"""The world the authorization matrix runs in: the demo world (the cast, the network's cast,
a reply, reviews, tracking, five reports) plus one object of every kind a URL can name.

``world_build()`` returns a ``World``: its attributes are the values that ``rules.PARAMS``
names (``"report"``, ``"case"``...) and its ``users`` the people of ``rules.ROLES``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

# An id that names nothing: for a URL whose object the world cannot make, every role must
# then get "not found" (or be sent to sign in), never a page.
NOTHING = 999_999


@dataclass
class World:
    users: dict[str, Any] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)

    def value(self, name: str) -> Any:
        if name not in self.values:
            raise LookupError(f"The authorization world has no value named {name!r}.")
        return self.values[name]


def world_build() -> World:
    from veilleuse.alerts.cast import network_cast_create
    from veilleuse.demo import CAST_PASSWORD, demo_load

    cast = demo_load()
    network = network_cast_create(cast.association, CAST_PASSWORD)
    world = World()
    world.users = {
        "anon": None,
        "rosa": network.rosa.user,
        "sam": network.sam.user,
        "paul": network.partner_staff,
        "mona": network.moderator,
        "lea": network.legal_worker,
        "alice": cast.admin,
        "bruno": cast.reviewer,
        "chloe": cast.viewer,
        "oscar": cast.outsider,
    }
    world.values.update(_questionnaire_values(cast))
    world.values.update(_tracking_values(cast))
    world.values.update(_network_values(cast, network))
    world.values["voice_report"] = _voice_report(network).pk
    world.values.update(_checkin_values(cast, network))
    world.values.update({"app_look": "weather", "app_language": "fr"})
    world.values.update(_law_values(cast))
    return world


def _questionnaire_values(cast: Any) -> dict[str, Any]:
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from veilleuse.accounts.models import Membership
    from veilleuse.questionnaires.models import Answer, Import
    from veilleuse.questionnaires.selectors.invitations import invitation_token
    from veilleuse.questionnaires.services.invitations import invitation_create

    invitation = invitation_create(actor=cast.admin, candidate=cast.list_a)
    imported = Import.objects.filter(candidate__campaign=cast.campaign).first()
    return {
        "campaign": cast.campaign.slug,
        "association": cast.association.slug,
        "membership": Membership.objects.get(user=cast.viewer, association=cast.association).pk,
        "theme": cast.campaign.themes.first().pk,
        "question": cast.campaign.questions.first().pk,
        "candidate": cast.list_a.pk,
        "token": invitation_token(invitation),
        "import": imported.pk if imported else NOTHING,
        "answer": _pk(Answer.objects.filter(response__candidate__campaign=cast.campaign)),
        "uidb64": urlsafe_base64_encode(force_bytes(cast.admin.pk)),
        "reset_token": default_token_generator.make_token(cast.admin),
        "page": "fr/index.html",
    }


def _tracking_values(cast: Any) -> dict[str, Any]:
    from veilleuse.commitments.models import (
        ActProposal,
        Evidence,
        Official,
        StatusChange,
        TrackedCommitment,
        WatchedSource,
    )

    evidence = Evidence.objects.first()
    official = Official.objects.first() or Official.objects.create(
        result=cast.campaign.result, name="Camille Exemple", role="Maire"
    )
    return {
        "commitment": _pk(TrackedCommitment.objects.all()),
        "change": _pk(StatusChange.objects.all()),
        "official": official.pk,
        "evidence": evidence.pk if evidence else NOTHING,
        "evidence_change": evidence.change_id if evidence else NOTHING,
        "act_proposal": _pk(ActProposal.objects.all()),
        "watched_source": _pk(WatchedSource.objects.all()),
    }


# The action part of the network's action routes, one each (any valid one opens the same gate).
NETWORK_ACTIONS = {
    "report_action": "verify",
    "alert_action": "approve",
    "member_action": "suspend",
    "case_action": "assign",
}


def _statistics_publication(association: Any) -> Any:
    from veilleuse.alerts.models import StatisticsPublication

    return StatisticsPublication.objects.create(
        association=association,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 6, 30),
        min_cell=5,
    )


def _network_values(cast: Any, network: Any) -> dict[str, Any]:
    from django.utils.timezone import now

    from veilleuse.alerts.models import (
        Alert,
        AlertStatus,
        Delivery,
        NetworkRole,
        Partnership,
        Report,
    )
    from veilleuse.alerts.services.legal import case_open
    from veilleuse.alerts.services.members import member_invitation_create

    demo = cast.association
    rosas = Report.objects.by_author(network.rosa).order_by("pk")
    published = Alert.objects.filter(association=demo, status=AlertStatus.PUBLISHED).first()
    legal_report = _legal_report(network)
    case = case_open(actor=network.legal_worker, report=legal_report)
    delivery, _created = Delivery.objects.get_or_create(
        alert=published, member=network.lin, channel="email", defaults={"next_attempt_at": now()}
    )
    invitation, _code = member_invitation_create(actor=cast.admin, association=demo)
    publication = _statistics_publication(demo)
    return {
        "report": rosas.first().pk,
        "alert": published.pk,
        "pending_alert": _pk(Alert.objects.filter(association=demo).exclude(pk=published.pk)),
        "case": case.pk,
        "legal_report": legal_report.pk,
        "delivery": delivery.pk,
        "publication": publication.pk,
        "member": network.rosa.pk,
        "member_invitation": invitation.pk,
        "zone": network.zones["belleville"].pk,
        "network_role": NetworkRole.objects.filter(user=network.moderator).first().pk,
        "partnership": Partnership.objects.filter(association=demo).first().pk,
        "service": "telegram",
        **NETWORK_ACTIONS,
    }


def _checkin_values(cast: Any, network: Any) -> dict[str, Any]:
    """Rosa's check-in waiting; Ana's, raised with her duress code (an acknowledgement link
    to her e-mail contact, a duty page); a slot of the rota."""
    from datetime import timedelta

    from django.utils.timezone import now

    from veilleuse.alerts.models import DutyPage
    from veilleuse.alerts.services.checkins import checkin_create
    from veilleuse.alerts.services.escalation import ack_token

    rosas = checkin_create(member=network.rosa, due_at=now() + timedelta(hours=2), place="Hôtel")
    message = _duress_message(network)
    return {
        "checkin": rosas.checkin.pk,
        "message": message.pk,
        "ack_token": ack_token(message=message),
        "duty_page": DutyPage.objects.get(checkin=message.checkin).pk,
        "duty_slot": _duty_slot(cast, network).pk,
    }


def _duress_message(network: Any) -> Any:
    from datetime import timedelta

    from django.utils.timezone import now

    from veilleuse.alerts.models import EscalationMessage
    from veilleuse.alerts.services.checkins import (
        checkin_create,
        checkin_duress,
        safety_plan_update,
    )

    safety_plan_update(
        member=network.ana,
        remind_first=True,
        grace_minutes=10,
        notify_duty=True,
        contacts=[("email", "amie@example.org")],
    )
    anas = checkin_create(member=network.ana, due_at=now() + timedelta(hours=2)).checkin
    checkin_duress(checkin=anas)
    return EscalationMessage.objects.filter(checkin=anas, recipient="contact").get()


def _duty_slot(cast: Any, network: Any) -> Any:
    from datetime import time

    from veilleuse.alerts.services.duty import duty_slot_add

    return duty_slot_add(
        actor=cast.admin,
        association=cast.association,
        weekday=5,
        starts=time(22, 0),
        ends=time(6, 0),
        person=network.moderator,
        backup=network.second_moderator,
    )


def _law_values(cast: Any) -> dict[str, Any]:
    """A contest of the demo network (issue 20) and a compliance document's name."""
    from veilleuse.alerts.models import Contest
    from veilleuse.alerts.services.contest import contest_submit

    contest_submit(association=cast.association, kind="phone", raw="0611223344", reach="x@y.fr")
    return {"contest": _pk(Contest.objects.all()), "compliance_document": "dpia"}


def _legal_report(network: Any) -> Any:
    from veilleuse.alerts.tests.reporting import member_report

    return member_report(network.ana, consent_legal=True, identifiers=())


def _voice_report(network: Any) -> Any:
    from pathlib import Path

    from veilleuse.alerts.tests.reporting import member_report

    recording = Path(__file__).resolve().parents[1] / "fixtures" / "voice" / "chromium-opus.webm"
    return member_report(network.rosa, voice=recording.read_bytes(), identifiers=())


def _pk(queryset: Any) -> int:
    found = queryset.order_by("pk").first()
    return found.pk if found is not None else NOTHING
