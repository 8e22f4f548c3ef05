"""Reads for the campaign pages. Counting happens in the database: the dashboard of a
campaign with a thousand lists costs the same handful of queries as one with two."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from veilleuse.accounts.models import Association, Membership, Role, User
from veilleuse.questionnaires.models import (
    Answer,
    Campaign,
    Candidate,
    ContactAttempt,
    Question,
    QuestionnaireVersion,
    Response,
    ResponseStatus,
    Theme,
)

SUBMITTED = Q(response__status=ResponseStatus.SUBMITTED)
DRAFT = Q(response__status=ResponseStatus.DRAFT)
INVITED = Q(invitation__isnull=False, invitation__revoked_at__isnull=True)


def associations_administered(user: User) -> QuerySet[Association]:
    """The associations in which ``user`` may create campaigns."""
    if not getattr(user, "is_authenticated", False):
        return Association.objects.none()
    return Association.objects.filter(
        memberships__user_id=user.pk, memberships__role=Role.ADMIN
    ).order_by("name")


def campaigns_for_user(user: User) -> QuerySet[Campaign]:
    """Every campaign of every association the user belongs to, with a few counts."""
    associations = Membership.objects.filter(user_id=user.pk).values("association_id")
    return (
        Campaign.objects.filter(association_id__in=associations)
        .select_related("association", "election")
        .annotate(
            candidate_count=Count("candidates", distinct=True),
            answered_count=Count(
                "candidates", filter=Q(candidates__response__status="submitted"), distinct=True
            ),
        )
        .order_by("association__name", "-created")
    )


@dataclass(frozen=True)
class Tally:
    """How many lists were invited and how many answered, for a party, a territory or all."""

    label: str
    total: int
    invited: int
    answered: int
    draft: int

    @property
    def not_answered(self) -> int:
        return self.total - self.answered - self.draft

    @property
    def rate(self) -> int | None:
        """The share of lists that answered, in percent (None when there is no list)."""
        return round(100 * self.answered / self.total) if self.total else None


@dataclass(frozen=True)
class CampaignDashboard:
    campaign: Campaign
    overall: Tally
    by_party: list[Tally]
    by_territory: list[Tally]
    question_count: int


_TALLY = {
    "total": Count("id"),
    "invited": Count("id", filter=INVITED),
    "answered": Count("id", filter=SUBMITTED),
    "draft": Count("id", filter=DRAFT),
}


def _tallies(candidates: QuerySet[Candidate], field: str) -> list[Tally]:
    rows = candidates.values(field).annotate(**_TALLY).order_by(field)
    return [
        Tally(
            label=row[field],
            total=row["total"],
            invited=row["invited"],
            answered=row["answered"],
            draft=row["draft"],
        )
        for row in rows
    ]


def campaign_dashboard(campaign: Campaign) -> CampaignDashboard:
    """Four queries, whatever the number of lists."""
    candidates = Candidate.objects.filter(campaign=campaign)
    overall = candidates.aggregate(**_TALLY)
    return CampaignDashboard(
        campaign=campaign,
        overall=Tally(label="", **overall),
        by_party=_tallies(candidates, "party"),
        by_territory=_tallies(candidates, "territory"),
        question_count=Question.objects.filter(campaign=campaign).count(),
    )


@dataclass(frozen=True)
class Section:
    """A theme and its questions, in order; ``theme`` is None for questions without one."""

    theme: Theme | None
    questions: list[Question]


def questionnaire_sections(campaign: Campaign) -> list[Section]:
    """The questionnaire, theme by theme (two queries)."""
    themes = list(campaign.themes.order_by("position", "id"))
    questions = list(Question.objects.filter(campaign=campaign).order_by("number"))
    sections = [
        Section(theme, [q for q in questions if q.theme_id == theme.pk]) for theme in themes
    ]
    loose = [q for q in questions if q.theme_id is None]
    if loose:
        sections.append(Section(None, loose))
    return sections


def questionnaire_versions(campaign: Campaign) -> QuerySet[QuestionnaireVersion]:
    return QuestionnaireVersion.objects.filter(campaign=campaign).select_related("author")


def candidates_overview(campaign: Campaign) -> QuerySet[Candidate]:
    """The lists of a campaign with their invitation and response (one query)."""
    return (
        Candidate.objects.filter(campaign=campaign)
        .select_related("invitation", "response")
        .order_by("name")
    )


def candidate_page(candidate: Candidate) -> Candidate:
    """A list (already through its gate) with everything its page shows: invitation,
    response, answers and contact log."""
    return (
        Candidate.objects.filter(pk=candidate.pk)
        .select_related("invitation", "response")
        .prefetch_related(
            Prefetch("contacts", ContactAttempt.objects.select_related("author")),
            Prefetch("response__answers", Answer.objects.select_related("question")),
        )
        .get()
    )


def response_of(candidate: Candidate) -> Response | None:
    return Response.objects.filter(candidate=candidate).first()


def answer_texts(response: Response | None) -> dict[int, str]:
    """The response's answers by question id."""
    if response is None:
        return {}
    return dict(response.answers.values_list("question_id", "text"))
