"""``/healthz``: for load balancers, uptime checks and the operator's probes.

200 when the database answers (503 otherwise), with both workers' heartbeats and the alert
outbox's age in seconds, so that a probe can also alarm on a dead worker or stuck delivery
(``null``: no heartbeat yet, nothing waiting). Numbers only: nothing about any person.
A project module, not a view of core: it reads the alert network's outbox."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from veilleuse.core.selectors import database_is_reachable


def _seconds(age: dt.timedelta | None) -> float | None:
    return None if age is None else round(age.total_seconds(), 1)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    if not database_is_reachable():
        return JsonResponse({"status": "database unavailable"}, status=503)
    from veilleuse.alerts.selectors.delivery import delivery_health
    from veilleuse.core.heartbeat import ALERT_WORKER, heartbeat_age

    return JsonResponse(
        {
            "status": "ok",
            "worker_heartbeat_age_s": _seconds(heartbeat_age()),
            "alert_worker_heartbeat_age_s": _seconds(heartbeat_age(ALERT_WORKER)),
            "outbox_oldest_age_s": _seconds(delivery_health().outbox_oldest_age),
        }
    )
