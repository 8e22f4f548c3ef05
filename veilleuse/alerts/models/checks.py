"""Number checks: counters only. No table here holds a number, a plate or its hash.

- ``CheckCounter``: how many checks one member made on one day (the quota), how many were
  refused and how many inputs were not a number or a plate;
- ``CheckTally``: how many checks an association's members made on one day (statistics);
- ``LookupAlarm``: a member reached the alarm threshold on a day; staff are told once.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from veilleuse.accounts.models import Association
from veilleuse.alerts.models.network import Member


class CheckCounter(models.Model):
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="check_counters")
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("checks made"), default=0)
    refused = models.PositiveIntegerField(_("checks refused (quota)"), default=0)
    invalid = models.PositiveIntegerField(_("inputs that were not a number or plate"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("member", "day"), name="one_check_counter_per_day")
        ]
        verbose_name = _("number check counter")
        verbose_name_plural = _("number check counters")

    def __str__(self) -> str:
        return f"{self.member} · {self.day} · {self.count}"


class CheckTally(models.Model):
    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="check_tallies"
    )
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("checks made"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("association", "day"), name="one_check_tally_per_day")
        ]
        verbose_name = _("daily number checks")
        verbose_name_plural = _("daily number checks")

    def __str__(self) -> str:
        return f"{self.association} · {self.day} · {self.count}"


class LookupAlarm(models.Model):
    """A member checked many numbers in one day: moderators see it and got one e-mail."""

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="lookup_alarms"
    )
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="lookup_alarms")
    day = models.DateField(_("day"))
    # Every attempt of the day, refused ones included: it shows a script still trying.
    count = models.PositiveIntegerField(_("attempts that day"), default=0)
    created = models.DateTimeField(_("raised at"), auto_now_add=True)

    class Meta:
        ordering = ("-day", "-created")
        constraints = [
            models.UniqueConstraint(fields=("member", "day"), name="one_lookup_alarm_per_day")
        ]
        verbose_name = _("number check alarm")
        verbose_name_plural = _("number check alarms")

    def __str__(self) -> str:
        return f"{self.member} · {self.day} · {self.count}"
