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
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from django.db import transaction

if TYPE_CHECKING:
    from veilleuse.accounts.models import Association, User
    from veilleuse.commitments.acts import ActRecord
    from veilleuse.commitments.models import TrackedCommitment
    from veilleuse.questionnaires.models import Campaign, Candidate

CAST_PASSWORD = "veilleuse-demo"  # noqa: S105 - the demo's, printed by make demo
SEED = Path(__file__).resolve().parents[1] / "demo" / "questionnaire-tds-paris-2026-gregoire.txt"


@dataclass(frozen=True)
class Cast:
    association: Association
    other_association: Association
    admin: User
    reviewer: User
    viewer: User
    outsider: User
    campaign: Campaign
    list_a: Candidate
    list_b: Candidate


@transaction.atomic
def cast_create() -> Cast:
    from veilleuse.accounts.models import Association
    from veilleuse.questionnaires.models import Candidate

    association, _ = Association.objects.get_or_create(
        slug="demo", defaults={"name": "Collectif démo"}
    )
    other, _ = Association.objects.get_or_create(
        slug="autre", defaults={"name": "Autre association"}
    )
    people = _cast_people(association, other)
    campaign = _cast_campaign(association)
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


def _cast_people(association: Association, other: Association) -> dict[str, User]:
    """alice (admin), bruno (reviewer), chloe (viewer) of the association; oscar, admin of
    the other one."""
    from veilleuse.accounts.models import Membership, Role, User

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
    return people


def _cast_campaign(association: Association) -> Campaign:
    """The paris-2026 campaign, its questionnaire read from the seed document."""
    from veilleuse.analysis import read_document, segment
    from veilleuse.questionnaires.models import Campaign, Election, Question, Theme

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
    return campaign


def demo_load(*, tracking: bool = True) -> Cast:
    """The demo world: the cast, plus what a newcomer should see happen (idempotent).

    - "Liste démo A" and "Liste démo B" were sent the questionnaire and a reminder, and did
      not answer: how non-response is shown;
    - Emmanuel Grégoire's campaign sent back the seed document; it is imported, aligned and
      graded by the engine, and the demo reviewer confirmed each suggestion (marked as a demo
      decision), so that the published comparison has something to show;
    - the alert network: its cast and five fictitious reports at each moment of moderation
      (``veilleuse.alerts.demo``).
    """
    from veilleuse.alerts.demo import alerts_demo_load

    world = cast_create()
    _demo_contacts(world)
    _demo_reply(world)
    _demo_reviews(world)
    if tracking:  # tests of the tracking itself record their own results
        _demo_tracking(world)
    alerts_demo_load(world.association, CAST_PASSWORD)
    return world


def _demo_tracking(world: Cast) -> None:
    """Fictitious results for a demo mandate 2026–2032, so that tracking can be seen.

    Never asserting what a real official did: the results are marked fictitious everywhere,
    every commitment of Emmanuel Grégoire's answers stays "not started", and the example
    status changes with evidence belong to a clearly fictitious commitment of "Liste démo A".
    """
    from veilleuse.commitments.models import CommitmentState, ElectionResult, TrackedCommitment
    from veilleuse.commitments.services.results import result_record
    from veilleuse.commitments.services.triage import commitment_accept, commitment_add

    if ElectionResult.objects.filter(campaign=world.campaign).exists():
        return
    gregoire = world.campaign.candidates.get(name="Emmanuel Grégoire")
    result_record(
        actor=world.admin,
        campaign=world.campaign,
        mandate_start=date(2026, 3, 22),
        mandate_end=date(2032, 3, 21),
        winners=[gregoire, world.list_a],
        majority=gregoire,
        hypothetical=True,
    )
    for proposal in TrackedCommitment.objects.filter(
        campaign=world.campaign, state=CommitmentState.PROPOSED
    ):
        commitment_accept(actor=world.reviewer, commitment=proposal)
    _demo_every_demand(world, gregoire)
    example = commitment_add(
        actor=world.reviewer,
        campaign=world.campaign,
        candidate=world.list_a,
        title="Ouvrir une permanence juridique de nuit (exemple fictif)",
        quote="Nous ouvrirons une permanence juridique de nuit dès 2027. (citation fictive)",
        source_note="Programme de la Liste démo A (fictif)",
        expected_label="2027",
        expected_by=date(2027, 12, 31),
    )
    _demo_status_changes(world, example)
    _demo_public_record(world)


def _demo_public_record(world: Cast) -> None:
    """A small fictitious public record, so that the watch has proposals waiting: a funding
    commitment of "Liste démo A", a deliberation and a subsidy about it, and an act about
    nothing tracked. Every reference says DÉMO; no act concerns a real person's commitment."""
    from decimal import Decimal

    from veilleuse.commitments.models import WatchedSource
    from veilleuse.commitments.services.triage import commitment_add
    from veilleuse.commitments.services.watch import acts_add

    funding = commitment_add(
        actor=world.reviewer,
        campaign=world.campaign,
        candidate=world.list_a,
        title="Financer l’association Démo Nuit Solidaire (exemple fictif)",
        quote="Nous financerons l’association Démo Nuit Solidaire à hauteur de 40 000 euros "
        "pour ses maraudes de nuit. (citation fictive)",
        source_note="Programme de la Liste démo A (fictif)",
    )
    funding.beneficiary_name = "Démo Nuit Solidaire"
    funding.beneficiary_siret = "00000000000017"
    funding.amount = Decimal(40000)
    funding.save(update_fields=["beneficiary_name", "beneficiary_siret", "amount"])
    source = WatchedSource.objects.create(
        campaign=world.campaign,
        importer="scdl-deliberations",
        name="Délibérations (démo, fictives)",
        address="https://example.org/demo/deliberations.csv",
        active=False,  # a demonstration: never read for real
    )
    acts_add(campaign=world.campaign, records=_demo_acts(), source=source)


def _demo_acts() -> list[ActRecord]:
    from decimal import Decimal

    from veilleuse.commitments.acts import ActRecord

    mark = " (acte fictif de démonstration)"
    return [
        ActRecord(
            kind="deliberation",
            reference="2026 DÉMO-DASES 101",
            title="Subvention (40.000 euros) à l’association Démo Nuit Solidaire (19e) pour "
            "ses maraudes de nuit" + mark,
            text="Le Conseil délibère : une subvention de 40 000 euros est attribuée à "
            "l’association Démo Nuit Solidaire pour ses maraudes de nuit." + mark,
            decided_on=date(2026, 11, 17),
            url="https://example.org/demo/deliberations/2026-demo-dases-101",
            authority="Ville Démo (fictive)",
            beneficiary_name="Démo Nuit Solidaire",
            amount=Decimal(40000),
        ),
        ActRecord(
            kind="subsidy",
            reference="2026 DÉMO-DASES 101",
            title="Maraudes de nuit" + mark,
            text="Démo Nuit Solidaire — Maraudes de nuit" + mark,
            decided_on=date(2026, 11, 20),
            authority="Ville Démo (fictive)",
            beneficiary_name="Démo Nuit Solidaire",
            beneficiary_siret="00000000000017",
            amount=Decimal(40000),
        ),
        ActRecord(
            kind="deliberation",
            reference="2026 DÉMO-DVD 7",
            title="Réfection des trottoirs de la rue de l’Exemple" + mark,
            text="Réfection des trottoirs de la rue de l’Exemple (11e)." + mark,
            decided_on=date(2026, 11, 17),
            authority="Ville Démo (fictive)",
        ),
    ]


def _demo_every_demand(world: Cast, candidate: Candidate) -> None:
    """Each of the ten demands is followed for the mandate, whatever the answer promised: the
    ones the reviewed answers did not turn into a commitment are added by hand, not started."""
    from veilleuse.commitments.models import TrackedCommitment
    from veilleuse.commitments.services.triage import commitment_add

    followed = set(
        TrackedCommitment.objects.filter(campaign=world.campaign, candidate=candidate)
        .exclude(question=None)
        .values_list("question__number", flat=True)
    )
    for question in world.campaign.questions.order_by("number"):
        if question.number in followed:
            continue
        answer = question.answers.filter(response__candidate=candidate).first()
        commitment_add(
            actor=world.reviewer,
            campaign=world.campaign,
            candidate=candidate,
            question=question,
            title=f"Demande {question.number} : {question.text[:120]}",
            quote=(answer.text.split("\n")[0][:300] if answer else ""),
            source_note="Demande du questionnaire, suivie pour la démonstration",
        )


def _demo_status_changes(world: Cast, commitment: TrackedCommitment) -> None:
    from veilleuse.commitments.services.statuses import (
        EvidenceItem,
        Fact,
        commitment_status_change,
    )

    steps = (
        Fact(
            status="in_progress",
            happened_on=date(2026, 9, 15),
            evidence=[
                EvidenceItem(
                    kind="note",
                    title="Réunion avec l’adjointe (fictive)",
                    dated=date(2026, 9, 15),
                    note="Un local est cherché dans le 19e arrondissement (démo).",
                )
            ],
        ),
        Fact(
            status="stalled",
            happened_on=date(2026, 11, 2),
            reason="no_budget",
            reason_note="La ligne n’a pas été inscrite au budget supplémentaire (démo).",
            evidence=[
                EvidenceItem(
                    kind="link",
                    title="Budget supplémentaire (exemple)",
                    url="https://example.org/budget-demo",
                )
            ],
        ),
    )
    for fact in steps:
        commitment.refresh_from_db()
        commitment_status_change(
            actor=world.reviewer, commitment=commitment, fact=fact, seen_version=commitment.version
        )


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
