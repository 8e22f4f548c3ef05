"""The demo's duty rota and a check-in in progress (issue 17), through the services.

- the rota: mona on duty on weeknights (20:00–08:00) with marc as backup, marc on weekend
  days (08:00–20:00) with mona as backup, and Wednesday night left empty, so that the duty
  and rota pages show a gap;
- Ana (Portuguese) has a check-in waiting, due in two hours, with a fictitious place and a
  fictitious e-mail contact; her plan pages the person on duty.
"""

from __future__ import annotations

from datetime import time, timedelta

from django.utils import timezone

from veilleuse.accounts.models import User
from veilleuse.alerts.cast import NetworkCast
from veilleuse.alerts.models import Checkin, DutySlot
from veilleuse.alerts.services.checkins import checkin_create, safety_plan_update
from veilleuse.alerts.services.duty import duty_slot_add

NIGHT = (time(20, 0), time(8, 0))
DAY = (time(8, 0), time(20, 0))


def checkins_demo_load(network: NetworkCast, admin: User) -> None:
    """Idempotent: nothing is added once the network has a duty slot."""
    if DutySlot.objects.filter(association=network.association).exists():
        return
    mona, marc = network.moderator, network.second_moderator
    for weekday in range(5):
        person, backup = (None, None) if weekday == 2 else (mona, marc)
        _slot(network, admin, weekday, NIGHT, person, backup)
    for weekday in (5, 6):
        _slot(network, admin, weekday, DAY, marc, mona)
        _slot(network, admin, weekday, NIGHT, mona, marc)
    safety_plan_update(
        member=network.ana,
        remind_first=True,
        grace_minutes=10,
        notify_duty=True,
        contacts=[("email", "amie-de-ana@example.org")],
    )
    if not Checkin.objects.filter(member=network.ana).exists():
        checkin_create(
            member=network.ana,
            due_at=timezone.now() + timedelta(hours=2),
            place="Hotel fictício, rua de demonstração (demo)",
        )


def _slot(
    network: NetworkCast,
    admin: User,
    weekday: int,
    hours: tuple[time, time],
    person: User | None,
    backup: User | None,
) -> None:
    duty_slot_add(
        actor=admin,
        association=network.association,
        weekday=weekday,
        starts=hours[0],
        ends=hours[1],
        person=person,
        backup=backup,
    )
