"""Staff pages of the statistics for advocacy: preview, CSV, publish, unpublish."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from veilleuse.accounts.decorators import AuthenticatedHttpRequest, staff_view
from veilleuse.accounts.models import Association
from veilleuse.alerts.access import access_statistics, access_statistics_publication
from veilleuse.alerts.models import StatisticsPublication
from veilleuse.alerts.services.statistics import (
    Preview,
    dimension_titles,
    label_function,
    statistics_preview,
    statistics_publish,
    statistics_unpublish,
)
from veilleuse.alerts.statistics import DIMENSIONS, chart_svg, table_csv
from veilleuse.core.forms import add_service_errors, form_field


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=gettext_lazy("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(label=gettext_lazy("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("start") and cleaned.get("end") and cleaned["start"] > cleaned["end"]:
            raise ValidationError(_("Choose a period whose start comes before its end."))
        return cleaned


class PublishForm(PeriodForm):
    tables = forms.MultipleChoiceField(
        label=gettext_lazy("Tables to publish"),
        choices=[],
        widget=forms.CheckboxSelectMultiple,
    )
    beside = forms.CharField(
        label=gettext_lazy("Show beside the questions (numbers, separated by commas)"),
        required=False,
        initial="7, 8",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "tables", forms.ChoiceField).choices = list(dimension_titles().items())

    def clean_beside(self) -> list[int]:
        parts = [p.strip() for p in self.cleaned_data["beside"].split(",") if p.strip()]
        if not all(p.isdigit() for p in parts):
            raise ValidationError(_("Type question numbers separated by commas, e.g. 7, 8."))
        return [int(p) for p in parts]


def default_period() -> dict[str, date]:
    today = timezone.localdate()
    return {"start": today - timedelta(days=365), "end": today}


def period_of(request: HttpRequest) -> tuple[PeriodForm, date, date]:
    form = PeriodForm(request.GET or None, initial=default_period())
    period = default_period()
    if form.is_bound and form.is_valid():
        period = form.cleaned_data
    return form, period["start"], period["end"]


def charts(association: Association, preview: Preview) -> list[dict[str, object]]:
    label = label_function(association=association)
    titles = dimension_titles()
    fewer = _("fewer than %(count)s") % {"count": preview.min_cell}
    shown: list[dict[str, object]] = []
    for dimension, table in preview.tables.items():
        svg = chart_svg(
            table,
            chart_id=f"chart-{dimension}",
            title=titles[dimension],
            description=_("Bar chart; the table beside it gives the same numbers."),
            label=label,
            suppressed=fewer,
        )
        rows = [{"label": label(dimension, c.key), "count": c.count} for c in table.cells]
        shown.append({"dimension": dimension, "title": titles[dimension], "svg": svg, "rows": rows})
    return shown


@staff_view
@require_http_methods(["GET", "POST"])
def statistics_page(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    association = access_statistics(request.user, slug)
    form, start, end = period_of(request)
    initial = {"start": start, "end": end, "tables": list(DIMENSIONS)}
    publish_form = PublishForm(request.POST or None, initial=initial, prefix="publish")
    if request.method == "POST" and publish_form.is_valid():
        data = publish_form.cleaned_data
        try:
            statistics_publish(
                actor=request.user,
                association=association,
                period_start=data["start"],
                period_end=data["end"],
                dimensions=data["tables"],
                beside_questions=data["beside"],
            )
        except ValidationError as error:
            add_service_errors(publish_form, error)
        else:
            messages.success(
                request, _("The statistics are published; rebuild the site to show them.")
            )
            return HttpResponseRedirect(reverse("alerts:statistics", args=[slug]))
    preview = statistics_preview(
        actor=request.user, association=association, period_start=start, period_end=end
    )
    status = 400 if request.method == "POST" else 200
    context = {
        "association": association,
        "slug": slug,
        "form": form,
        "publish_form": publish_form,
        "preview": preview,
        "charts": charts(association, preview),
        "fewer": _("fewer than %(count)s") % {"count": preview.min_cell},
        "publications": StatisticsPublication.objects.filter(association=association),
    }
    return render(request, "alerts/statistics/page.html", context, status=status)


@staff_view
@require_GET
def statistics_csv(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    association = access_statistics(request.user, slug)
    _form, start, end = period_of(request)
    preview = statistics_preview(
        actor=request.user, association=association, period_start=start, period_end=end
    )
    fewer = _("fewer than %(count)s") % {"count": preview.min_cell}
    body = table_csv(
        preview.tables, label=label_function(association=association), suppressed=fewer
    )
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    name = f"statistics-{slug}-{start.isoformat()}-{end.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@staff_view
@require_POST
def statistics_unpublish_view(
    request: AuthenticatedHttpRequest, slug: str, publication_id: int
) -> HttpResponse:
    publication = access_statistics_publication(request.user, slug, publication_id)
    statistics_unpublish(actor=request.user, publication=publication)
    messages.success(request, _("The statistics are no longer published; rebuild the site."))
    return HttpResponseRedirect(reverse("alerts:statistics", args=[slug]))
