"""The live preview of the published site and the publish button."""

from django.urls import path

from veilleuse.publishing import views

app_name = "publishing"

urlpatterns = [
    path("c/<slug:slug>/publish/", views.publish, name="publish"),
    path("c/<slug:slug>/publish/site.zip", views.publish_download, name="publish_download"),
    path("c/<slug:slug>/preview/", views.preview, name="preview_root"),
    path("c/<slug:slug>/preview/<path:page>", views.preview, name="preview"),
]
