"""Pages of the alert network: the notices and the contest form (included by
veilleuse/alerts/urls/__init__.py under /alertes/). The notice's address is stable: the
association links to it from its own site."""

from django.urls import path

from veilleuse.alerts.views import notice

urlpatterns = [
    path("avis/<slug:slug>/", notice.reported_notice, name="reported_notice"),
    path("avis/<slug:slug>/contester/", notice.contest, name="contest"),
    path("avis/<slug:slug>/contester/recu/", notice.contest_received, name="contest_received"),
    path("mes-donnees/avis/", notice.member_notice, name="member_notice"),
]
