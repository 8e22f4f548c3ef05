from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "veilleuse.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # Registers the periodic heartbeat and nightly backup with the queue (core/jobs.py).
        from veilleuse.core import jobs  # noqa: F401
