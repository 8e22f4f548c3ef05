"""The platform's own periodic work, run by the worker that runs the periodic tasks
(deploy/systemd/veilleuse-worker.service): the heartbeat every minute, the nightly backup;
and the alert worker's own heartbeat, on the alert queue (docs/decisions/0009).

Imported by ``CoreConfig.ready`` (huey's discovery imports only the apps' ``tasks`` modules,
and ``core/tasks.py`` is the door to the queue itself)."""

from __future__ import annotations

import logging

from django.conf import settings

from veilleuse.core.tasks import ALERTS, periodic

logger = logging.getLogger(__name__)


@periodic(minute="*")
def worker_heartbeat() -> None:
    """Every minute: proves that the scheduler enqueues and a consumer runs the queue."""
    from veilleuse.core.heartbeat import heartbeat_record

    heartbeat_record()


@periodic(minute="*", queue=ALERTS)
def alert_worker_heartbeat() -> None:
    """Every minute, on the alert queue: the alert worker (run_alert_worker) is alive."""
    from veilleuse.core.heartbeat import ALERT_WORKER, heartbeat_record

    heartbeat_record(name=ALERT_WORKER)


@periodic(hour="2", minute="30")
def backup_nightly_run() -> None:
    """Every night: an encrypted backup in VEILLEUSE_BACKUP_DIR, the oldest beyond
    VEILLEUSE_BACKUP_KEEP removed (docs/backup.md)."""
    from veilleuse.core.backup import backup_nightly

    if not settings.VEILLEUSE_BACKUP_PASSPHRASE:
        logger.warning("No nightly backup: VEILLEUSE_BACKUP_PASSPHRASE is not set.")
        return
    summary = backup_nightly(
        folder=settings.VEILLEUSE_BACKUP_DIR,
        passphrase=settings.VEILLEUSE_BACKUP_PASSPHRASE,
        keep=settings.VEILLEUSE_BACKUP_KEEP,
    )
    logger.info("Nightly backup written: %s (%d rows).", summary.path.name, summary.rows)
