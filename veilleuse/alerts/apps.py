from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "veilleuse.alerts"
    label = "alerts"
    verbose_name = _("Alerts")

    def ready(self) -> None:
        # The published site shows the statistics staff chose to publish, through the
        # neutral registry in core (publishing may not import this app).
        from veilleuse.alerts.selectors.statistics import public_statistics
        from veilleuse.core.figures import figures_provider_register

        figures_provider_register("alerts.statistics", public_statistics)
        # A moderator signs in to their queue, not to the campaigns (issue 14).
        from veilleuse.alerts.selectors.staff import moderator_landing
        from veilleuse.core.landing import landing_register

        landing_register("alerts.moderation_queue", moderator_landing)
        # Register the background tasks in every process (web and worker), so that services
        # can enqueue them by name (services.outbox enqueues "...tasks.outbox_process").
        # A missed check-in may be answered by a reply on Signal, Telegram or WhatsApp.
        from veilleuse.alerts import (
            checkin_replies,  # noqa: F401
            tasks,  # noqa: F401
        )

        # Members' last sign-in is not kept (issue 12, finding 9).
        from veilleuse.alerts.auth import last_login_for_staff_only

        last_login_for_staff_only()
        # Staff authenticators' secrets are sealed at rest (issue 12, finding 9).
        from veilleuse.alerts.totp_sealing import totp_secrets_sealed

        totp_secrets_sealed()
