"""Recording who won, their officials, and the commitments this proposes for tracking.

Proposals come from the winners' reviewed answers: every answer whose final grade is a yes
(or rather yes) becomes one, and so does every concrete commitment the engine found in a
reviewed answer. Proposing is idempotent: a proposal already made — whatever became of it
since (tracked, dropped, merged) — is never made again.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from veilleuse.accounts.models import User
from veilleuse.commitments.models import (
    ElectionResult,
    Official,
    Source,
    TrackedCommitment,
    Winner,
)
from veilleuse.core.audit import audit
from veilleuse.questionnaires.models import Answer, Campaign, Candidate
from veilleuse.questionnaires.selectors.reviews import answers_for_review, final_grade

PROPOSED_GRADES = ("yes", "rather_yes")
# Cues of the analysis that show the candidate saying yes or committing.
DECISIVE_CUES = ("opening_yes", "commit", "support")
QUOTE_FALLBACK_CHARS = 300
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")


def result_record(
    *,
    actor: User,
    campaign: Campaign,
    mandate_start: datetime.date,
    mandate_end: datetime.date,
    winners: Iterable[Candidate],
    majority: Candidate | None,
    four_eyes: bool = False,
    digest_silence_months: int = 6,
    hypothetical: bool = False,
) -> ElectionResult:
    """Record (or re-record) the results of a campaign, then propose commitments."""
    winners = list(winners)
    _check_winners(campaign, winners, majority)
    with transaction.atomic():
        result = ElectionResult.objects.filter(campaign=campaign).first() or ElectionResult(
            campaign=campaign
        )
        result.mandate_start, result.mandate_end = mandate_start, mandate_end
        result.four_eyes, result.hypothetical = four_eyes, hypothetical
        result.digest_silence_months = digest_silence_months
        if mandate_end <= mandate_start:
            raise ValidationError(
                {"mandate_end": _("The mandate must end after it starts.")}, code="dates"
            )
        result.full_clean()
        result.save()
        result.winners.exclude(candidate__in=winners).delete()
        for candidate in winners:
            Winner.objects.update_or_create(
                result=result,
                candidate=candidate,
                defaults={"majority": majority is not None and candidate.pk == majority.pk},
            )
        proposed = _propose(campaign, [c.pk for c in winners])
        _audit(actor, "result.record", result, campaign, proposed=proposed)
    return result


def _check_winners(
    campaign: Campaign, winners: list[Candidate], majority: Candidate | None
) -> None:
    if not winners:
        raise ValidationError({"winners": _("Choose at least one winning list.")})
    if any(c.campaign_id != campaign.pk for c in winners):
        raise ValidationError({"winners": _("Choose lists of this campaign.")})
    if majority is not None and majority.pk not in {c.pk for c in winners}:
        raise ValidationError(
            {"majority": _("The list leading the majority must be one of the winners.")}
        )


def commitments_propose(*, actor: User, campaign: Campaign) -> int:
    """Propose again (after more answers were reviewed): how many proposals were added."""
    with transaction.atomic():
        result = ElectionResult.objects.filter(campaign=campaign).first()
        if result is None:
            raise ValidationError(_("Record the results first."), code="no_result")
        winners = list(result.winners.values_list("candidate_id", flat=True))
        proposed = _propose(campaign, winners)
        _audit(actor, "commitments.propose", result, campaign, proposed=proposed)
    return proposed


def _propose(campaign: Campaign, winner_ids: list[int]) -> int:
    answers = answers_for_review(campaign).filter(response__candidate_id__in=winner_ids)
    known_answers = set(
        TrackedCommitment.objects.filter(campaign=campaign, source=Source.ANSWER).values_list(
            "answer_id", flat=True
        )
    )
    known_engine = set(
        TrackedCommitment.objects.filter(campaign=campaign, source=Source.ENGINE).values_list(
            "answer_id", "title"
        )
    )
    new: list[TrackedCommitment] = []
    for answer in answers:
        grade = final_grade(answer)
        if grade is None:
            continue
        if grade in PROPOSED_GRADES and answer.pk not in known_answers:
            new.append(_from_answer(answer))
        for found in answer.analysis.get("commitments", []):
            title = str(found.get("what") or found.get("text") or "").strip()[:300]
            if title and (answer.pk, title) not in known_engine:
                known_engine.add((answer.pk, title))
                new.append(_from_engine(answer, title, found))
    for commitment in new:
        commitment.full_clean()
    TrackedCommitment.objects.bulk_create(new)
    return len(new)


def _base(answer: Answer, source: str) -> TrackedCommitment:
    return TrackedCommitment(
        campaign=answer.response.candidate.campaign,
        candidate=answer.response.candidate,
        question=answer.question,
        answer=answer,
        source=source,
    )


def _from_answer(answer: Answer) -> TrackedCommitment:
    commitment = _base(answer, Source.ANSWER)
    commitment.title = answer.question.text.strip()[:300]
    commitment.quote = _decisive_quote(answer)
    return commitment


def _from_engine(answer: Answer, title: str, found: dict[str, Any]) -> TrackedCommitment:
    commitment = _base(answer, Source.ENGINE)
    commitment.title = title
    commitment.quote = str(found.get("text") or title)
    commitment.expected_label = str(found.get("deadline") or "")[:100]
    return commitment


def _decisive_quote(answer: Answer) -> str:
    """The sentence where the candidate says yes or commits (the first one with such a cue
    that still matches the text), else the answer's first 300 characters."""
    text = answer.text
    cues = sorted(answer.analysis.get("evidence", []), key=lambda c: c.get("start", 0))
    for cue in cues:
        start, end = cue.get("start"), cue.get("end")
        if cue.get("kind") not in DECISIVE_CUES or not isinstance(start, int):
            continue
        if not isinstance(end, int) or text[start:end] != cue.get("text"):
            continue
        return _sentence_around(text, start)
    return text.strip()[:QUOTE_FALLBACK_CHARS]


def _sentence_around(text: str, position: int) -> str:
    start = 0
    for boundary in SENTENCE_END.finditer(text):
        if boundary.end() > position:
            return text[start : boundary.start()].strip()
        start = boundary.end()
    return text[start:].strip()


def official_add(
    *,
    actor: User,
    result: ElectionResult,
    name: str,
    role: str,
    portfolio: str = "",
    candidate: Candidate | None = None,
) -> Official:
    with transaction.atomic():
        if candidate is not None and candidate.campaign_id != result.campaign_id:
            raise ValidationError({"candidate": _("Choose a list of this campaign.")})
        official = Official(
            result=result,
            name=name.strip(),
            role=role.strip(),
            portfolio=portfolio.strip(),
            candidate=candidate,
        )
        official.full_clean()
        official.save()
        _audit(actor, "official.add", official, result.campaign, name=official.name)
    return official


def official_remove(*, actor: User, official: Official) -> None:
    """Remove an official; their commitments stay, without an official."""
    with transaction.atomic():
        campaign = official.result.campaign
        _audit(actor, "official.remove", official, campaign, name=official.name)
        official.delete()


def _audit(actor: User, action: str, target: models.Model, campaign: Campaign, **data: Any) -> None:
    audit(
        actor=actor,
        action=action,
        target=target,
        association_id=campaign.association_id,
        campaign=campaign.slug,
        **data,
    )
