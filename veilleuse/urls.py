"""The project's URLs."""

from django.contrib import admin
from django.urls import include, path

from veilleuse.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("veilleuse.accounts.urls")),
    path("", include("veilleuse.questionnaires.urls")),
]
