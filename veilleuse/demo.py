"""The demo world, and the small named cast that every test shares (convention 7).

``cast_create()`` builds, in the current database:

- the association "Collectif démo" (slug ``demo``) and its staff: ``alice`` (admin),
  ``bruno`` (reviewer), ``chloe`` (viewer); a second association "Autre association" with its
  admin ``oscar`` — who must never see the first one's data;
- the election "Municipales Paris 2026" and the campaign ``paris-2026`` with the seed's
  questionnaire (10 questions in 4 themes, read by the analysis engine from demo/);
- two placeholder lists, "Liste démo A" and "Liste démo B" (never real people).

Idempotent: calling it twice returns the same objects. Passwords are ``CAST_PASSWORD``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

CAST_PASSWORD = "veilleuse-demo"
SEED = Path(__file__).resolve().parents[1] / "demo" / "questionnaire-tds-paris-2026-gregoire.txt"


@dataclass(frozen=True)
class Cast:
    association: object
    other_association: object
    admin: object
    reviewer: object
    viewer: object
    outsider: object
    campaign: object
    list_a: object
    list_b: object


@transaction.atomic
def cast_create() -> Cast:
    from veilleuse.accounts.models import Association, Membership, Role, User
    from veilleuse.analysis import read_document, segment
    from veilleuse.questionnaires.models import Campaign, Candidate, Election, Question, Theme

    association, _ = Association.objects.get_or_create(
        slug="demo", defaults={"name": "Collectif démo"}
    )
    other, _ = Association.objects.get_or_create(
        slug="autre", defaults={"name": "Autre association"}
    )
    people = {}
    for username, home, role in (
        ("alice", association, Role.ADMIN),
        ("bruno", association, Role.REVIEWER),
        ("chloe", association, Role.VIEWER),
        ("oscar", other, Role.ADMIN),
    ):
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(username, f"{username}@example.org", CAST_PASSWORD)
        Membership.objects.get_or_create(user=user, association=home, defaults={"role": role})
        people[username] = user
    election, _ = Election.objects.get_or_create(
        association=association, name="Municipales Paris 2026", defaults={"territory": "Paris"}
    )
    seed = segment(read_document(SEED))
    campaign, created = Campaign.objects.get_or_create(
        slug="paris-2026",
        defaults={"association": association, "election": election, "title": seed.title},
    )
    if created:
        themes = {
            title: Theme.objects.create(campaign=campaign, title=title, position=i)
            for i, title in enumerate(seed.themes)
        }
        for item in seed.segments:
            Question.objects.create(
                campaign=campaign,
                number=item.number or 0,
                text=item.question,
                theme=themes.get(item.theme),
            )
    list_a, _ = Candidate.objects.get_or_create(
        campaign=campaign, name="Liste démo A", defaults={"party": "Parti démo A"}
    )
    list_b, _ = Candidate.objects.get_or_create(
        campaign=campaign, name="Liste démo B", defaults={"party": "Parti démo B"}
    )
    return Cast(
        association,
        other,
        people["alice"],
        people["bruno"],
        people["chloe"],
        people["oscar"],
        campaign,
        list_a,
        list_b,
    )


def demo_load() -> Cast:
    """The demo world: the cast, plus what a newcomer should see happen (idempotent)."""
    return cast_create()
