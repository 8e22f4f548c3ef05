"""The members' installable app (issue 17): a web app manifest under the neutral name and
icon a member chose, and the page where she chooses them. The service worker, which keeps
only our static files and never a page, is served by ``views/notifications.py``."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from veilleuse.alerts.app_icons import SIZES, app_icon_name
from veilleuse.alerts.models import AppLook, Member
from veilleuse.alerts.services.members import member_app_look_set
from veilleuse.alerts.views.member import member_view

APP_COLOURS = {
    AppLook.NOTES: "#f6c945",
    AppLook.WEATHER: "#3d8ee8",
    AppLook.CALCULATOR: "#4b4f58",
    AppLook.CALENDAR: "#e8e8ec",
}


def app_name(look: str) -> str:
    """The app's name in the active language ("Notes", "Météo"…)."""
    return str(AppLook(look).label if look in AppLook.values else AppLook.NOTES.label)


@require_GET
def manifest(request: HttpRequest, look: str, language: str) -> HttpResponse:
    """Fetched by the browser without cookies: the look and the language are in the address,
    and nothing in it names the network."""
    if look not in AppLook.values or language not in dict(settings.LANGUAGES):
        raise Http404
    with translation.override(language):
        name = app_name(look)
    data = {
        "id": "/alertes/",
        "name": name,
        "short_name": name,
        "start_url": "/alertes/",
        "scope": "/alertes/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": APP_COLOURS[AppLook(look)],
        "icons": [
            {"src": static(f"alerts/app/{look}.svg"), "sizes": "any", "type": "image/svg+xml"},
            *(
                {
                    "src": static(f"alerts/app/{app_icon_name(look=look, size=size)}"),
                    "sizes": f"{size}x{size}",
                    "type": "image/png",
                }
                for size in SIZES
            ),
        ],
    }
    response = JsonResponse(
        data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False}
    )
    response["Cache-Control"] = "no-cache"
    return response


class AppLookForm(forms.Form):
    look = forms.ChoiceField(
        label=gettext_lazy("Name and icon of the app"),
        choices=AppLook.choices,
        widget=forms.RadioSelect,
    )


@member_view
@require_http_methods(["GET", "POST"])
def app_settings(request: HttpRequest, member: Member) -> HttpResponse:
    form = AppLookForm(request.POST or None, initial={"look": member.app_look})
    if request.method == "POST" and form.is_valid():
        member_app_look_set(member=member, look=form.cleaned_data["look"])
        messages.success(
            request,
            _(
                "Your choice is saved. If the app is already on your home screen, remove it "
                "and add it again to see its new name and icon."
            ),
        )
        return redirect("alerts:app_settings")
    looks = [(value, label, static(f"alerts/app/{value}.svg")) for value, label in AppLook.choices]
    context = {"member": member, "form": form, "looks": looks, "page": "my_data"}
    return render(request, "alerts/member/app.html", context, status=400 if form.errors else 200)
