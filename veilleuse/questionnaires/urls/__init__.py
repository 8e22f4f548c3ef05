"""Staff pages for campaigns and reviews, and the candidates' public answer pages."""

from django.urls import include, path

app_name = "questionnaires"

urlpatterns = [
    path("", include("veilleuse.questionnaires.urls.campaigns")),
    path("", include("veilleuse.questionnaires.urls.reviews")),
]
