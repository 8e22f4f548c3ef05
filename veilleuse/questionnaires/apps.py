from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionnairesConfig(AppConfig):
    name = "veilleuse.questionnaires"
    label = "questionnaires"
    verbose_name = _("Questionnaires")

    def ready(self) -> None:
        # Register the background tasks in every process (web and worker), so that services
        # can enqueue them by name.
        from veilleuse.questionnaires import tasks  # noqa: F401
