"""What the published site shows of the alert network's statistics (through
``veilleuse.core.figures``)."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from veilleuse.alerts.models import StatisticsPublication
from veilleuse.core.figures import Figure


def public_statistics(association_id: int) -> list[Figure]:
    """The newest publication of an association, as a figure for the published site; nothing
    when none is published."""
    publication = StatisticsPublication.objects.filter(association_id=association_id).first()
    if publication is None:
        return []
    title = gettext_noop("Violence reported to the network")
    titles = {}
    for lang in ("fr", "en"):
        with translation.override(lang):
            titles[lang] = _(title)
    figure: Figure = {
        "source": "alerts.statistics",
        "title_fr": titles["fr"],
        "title_en": titles["en"],
        "period_start": publication.period_start.isoformat(),
        "period_end": publication.period_end.isoformat(),
        "min_cell": publication.min_cell,
        "total": publication.total,
        "beside_questions": list(publication.beside_questions),
        "tables": publication.tables,
    }
    return [figure]
