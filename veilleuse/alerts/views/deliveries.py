"""Staff: how an association's alerts were delivered, and the dead letters to try again
(``/reseau/<slug>/envois/``, moderators)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from veilleuse.accounts.decorators import AuthenticatedHttpRequest, staff_view
from veilleuse.alerts.access import access_delivery, access_moderation
from veilleuse.alerts.models import DeliveryState
from veilleuse.alerts.selectors.delivery import (
    dead_deliveries,
    dead_escalation_messages,
    delivery_counts,
)
from veilleuse.alerts.services.delivery import delivery_requeue


@require_GET
@never_cache
@staff_view
def delivery_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    association = access_moderation(request.user, slug)
    context = {
        "association": association,
        "counts": delivery_counts(association.pk),
        "states": DeliveryState.choices,
        "dead": dead_deliveries(association.pk),
        "dead_checkin_messages": dead_escalation_messages(association.pk),
    }
    return render(request, "alerts/deliveries/list.html", context)


@require_POST
@staff_view
def delivery_retry(request: AuthenticatedHttpRequest, slug: str, delivery_id: int) -> HttpResponse:
    delivery = access_delivery(request.user, slug, delivery_id)
    delivery_requeue(delivery=delivery, actor=request.user)
    messages.success(request, _("The notification will be sent again."))
    return HttpResponseRedirect(reverse("alerts:deliveries", kwargs={"slug": slug}))
