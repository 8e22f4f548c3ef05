"""One policy from a posted form to the answer: 400 for refused input, 409 for a conflict."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from veilleuse.core.errors import Conflict
from veilleuse.core.forms import button_action, form_page, form_save, form_status


class NameForm(forms.Form):
    name = forms.CharField(max_length=10)
    version = forms.IntegerField(widget=forms.HiddenInput)


def posted(data: dict[str, str] | None = None) -> HttpRequest:
    request = RequestFactory().post("/page/", data or {})
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]  # as the middleware does
    return request


def shown(status: int) -> HttpResponse:
    return HttpResponse("the page", status=status)


def test_a_valid_form_is_saved_and_the_person_goes_on_with_a_message() -> None:
    request = posted({"name": "Rosa", "version": "1"})
    form = NameForm(request.POST)
    response = form_page(request, form, lambda data: f"/done/{data['name']}/", shown, done="Ok.")
    assert (response.status_code, response["Location"]) == (302, "/done/Rosa/")
    assert [str(m) for m in get_messages(request)] == ["Ok."]


def test_invalid_input_is_a_400_and_the_service_is_not_called() -> None:
    calls: list[dict[str, Any]] = []
    form = NameForm({"name": "x" * 11, "version": "1"})
    assert form_save(form, calls.append) is None
    assert calls == []
    assert form_status(form) == 400


def test_a_service_refusal_lands_beside_its_field_and_is_a_400() -> None:
    def refuse(data: dict[str, Any]) -> None:
        raise ValidationError({"name": "Taken.", "other": "Elsewhere."})

    form = NameForm({"name": "Rosa", "version": "1"})
    assert form_save(form, refuse) is None
    assert form.errors["name"] == ["Taken."]
    assert form.non_field_errors() == ["Elsewhere."]
    assert form_status(form) == 400


def test_a_conflict_is_a_409_and_the_form_carries_the_new_version() -> None:
    def conflict(data: dict[str, Any]) -> None:
        raise Conflict("Someone else changed it.", fresh={"version": "2"})

    request = posted({"name": "Rosa", "version": "1"})
    form = NameForm(request.POST)
    response = form_page(request, form, conflict, shown, done="Ok.")
    assert response.status_code == 409
    assert form.non_field_errors() == ["Someone else changed it."]
    assert form.data["version"] == "2"
    assert form.data["name"] == "Rosa", "what the person typed is kept"


def test_a_page_without_errors_is_a_200_even_with_an_unbound_form() -> None:
    assert form_status(NameForm(), NameForm({"name": "Rosa", "version": "1"})) == 200


@pytest.mark.parametrize("refused", [False, True])
def test_a_one_button_action_shows_its_message_or_its_refusal(refused: bool) -> None:
    def act() -> str:
        if refused:
            raise ValidationError("Not now.")
        return "Done."

    request = posted()
    response = button_action(request, act, "/back/")
    assert (response.status_code, response["Location"]) == (302, "/back/")
    assert [str(m) for m in get_messages(request)] == ["Not now." if refused else "Done."]
