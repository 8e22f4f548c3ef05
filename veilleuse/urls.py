"""The project's URLs."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django_otp.admin import OTPAdminSite

from veilleuse.accounts.admin import SecondFactorAdminSite
from veilleuse.health import healthz

# The repair console must not be a way around two-factor sign-in: with the requirement on,
# everyone types a code; without it, whoever has a confirmed authenticator does.
admin.site.__class__ = OTPAdminSite if settings.VEILLEUSE_REQUIRE_2FA else SecondFactorAdminSite

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("veilleuse.accounts.urls")),
    path("", include("veilleuse.alerts.urls")),
    path("", include("veilleuse.publishing.urls")),
    path("", include("veilleuse.commitments.urls")),
    path("", include("veilleuse.questionnaires.urls")),
]
