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
from datetime import datetime
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
    """The demo world: the cast, plus what a newcomer should see happen (idempotent).

    - "Liste démo A" and "Liste démo B" were sent the questionnaire and a reminder, and did
      not answer: how non-response is shown;
    - Emmanuel Grégoire's campaign sent back the seed document; it is imported, aligned and
      graded by the engine, and the demo reviewer confirmed each suggestion (marked as a demo
      decision), so that the published comparison has something to show.
    """
    world = cast_create()
    _demo_contacts(world)
    _demo_reply(world)
    _demo_reviews(world)
    return world


def _demo_reviews(world: Cast) -> None:
    from veilleuse.questionnaires.models import Answer
    from veilleuse.questionnaires.services.reviews import decision_record

    answers = Answer.objects.filter(
        response__candidate__campaign=world.campaign, decisions__isnull=True
    ).exclude(suggested_grade="")
    for answer in answers:
        decision_record(
            reviewer=world.reviewer,
            answer=answer,
            grade=answer.suggested_grade,
            note="Suggestion confirmée (démo).",
            seen_decision_id=None,
        )


def _demo_contacts(world: Cast) -> None:
    from veilleuse.questionnaires.models import ContactKind, Invitation
    from veilleuse.questionnaires.services.invitations import contact_log_add, invitation_create

    for candidate in (world.list_a, world.list_b):
        if Invitation.objects.filter(candidate=candidate).exists():
            continue
        invitation_create(actor=world.admin, candidate=candidate)
        for kind, when, note in (
            (ContactKind.EMAIL, "2026-01-15T10:00:00+01:00", "Questionnaire envoyé (démo)."),
            (ContactKind.REMINDER, "2026-02-02T10:00:00+01:00", "Relance (démo)."),
        ):
            contact_log_add(
                actor=world.admin,
                candidate=candidate,
                kind=kind,
                note=note,
                at=datetime.fromisoformat(when),
            )


def _demo_reply(world: Cast) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from veilleuse.questionnaires.models import Candidate
    from veilleuse.questionnaires.services.imports import import_accept, import_align, import_upload

    candidate, _ = Candidate.objects.get_or_create(
        campaign=world.campaign, name="Emmanuel Grégoire", defaults={"territory": "Paris"}
    )
    if candidate.imports.exists():
        return
    upload = SimpleUploadedFile(SEED.name, SEED.read_bytes(), content_type="text/plain")
    item = import_upload(candidate=candidate, document=upload, uploaded_by=world.reviewer)
    # Analysed here rather than by the worker, so that the demo is complete when it returns.
    item = import_align(import_id=item.pk) or item
    import_accept(item=item, reviewer=world.reviewer)
