"""Statistics that staff chose to publish (veilleuse/alerts/statistics.py counts them)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from veilleuse.accounts.models import Association
from veilleuse.core.models import TimeStampedModel


def default_beside_questions() -> list[int]:
    # The demands about safety and violence in the seed questionnaire.
    return [7, 8]


class StatisticsPublication(TimeStampedModel):
    """A published set of tables for a period: only already-suppressed figures (small cells
    hidden), never a report or a row; the published site shows the newest one."""

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="statistics_publications"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    min_cell = models.PositiveSmallIntegerField(_("smallest count shown"))
    total = models.PositiveIntegerField(_("reports counted"), null=True, blank=True)
    tables = models.JSONField(_("tables"), default=list)
    beside_questions = models.JSONField(
        _("shown beside the questions"), default=default_beside_questions, blank=True
    )

    class Meta:
        ordering = ("-created", "-id")
        verbose_name = _("published statistics")
        verbose_name_plural = _("published statistics")

    def __str__(self) -> str:
        return f"{self.period_start} – {self.period_end}"
