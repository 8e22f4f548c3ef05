"""URLs of the load benchmark's server only: the product's URLs plus a plain Django "hello"
view, the baseline each scenario is compared with (never in veilleuse/urls.py)."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"hello", content_type="text/plain")


urlpatterns = [
    path("bench/hello/", hello),
    path("", include("veilleuse.urls")),
]
