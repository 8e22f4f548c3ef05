"""Pages of the alert network: member (included by veilleuse/alerts/urls.py under
``/alertes/``), and reporting on someone's behalf (``/alertes/pour/<association>/``)."""

from django.urls import URLPattern, path

from veilleuse.alerts.views import app, member, safety

urlpatterns: list[URLPattern] = [
    path("", member.feed, name="feed"),
    path("rejoindre/", member.join, name="join"),
    path("connexion/", member.member_login, name="login"),
    path("deconnexion/", member.member_logout, name="logout"),
    path("sortie/", safety.quick_exit, name="quick_exit"),
    path("connexion/confirmer/", safety.passphrase_confirm, name="passphrase_confirm"),
    path("deconnexion-partout/", safety.sign_out_everywhere, name="sign_out_everywhere"),
    path("phrase-de-secours/", safety.duress_passphrase, name="duress"),
    path("application/", app.app_settings, name="app_settings"),
    path("application/<slug:look>/<str:language>.webmanifest", app.manifest, name="manifest"),
    path("alerte/<int:alert_id>/", member.alert_detail, name="alert"),
    path("signaler/", member.report_new, name="report_new"),
    path("signaler/merci/", member.report_sent, name="report_sent"),
    path("mes-signalements/", member.my_reports, name="my_reports"),
    path("mes-signalements/<int:report_id>/", member.my_report, name="my_report"),
    path(
        "mes-signalements/<int:report_id>/retirer/",
        member.my_report_withdraw,
        name="my_report_withdraw",
    ),
    path("pour/<slug:slug>/", member.report_on_behalf, name="report_on_behalf"),
]
