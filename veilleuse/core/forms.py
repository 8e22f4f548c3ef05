"""What every app's views do with forms: one policy from a posted form to the answer.

A view builds its form, then hands ``form_save`` the service to call: the form is checked,
the service called with the cleaned data, and a refusal (``ValidationError``) lands on the
form, beside the field it names. The page is then shown again with ``form_status``: 400 for
input that was refused, 409 when someone else changed the object meanwhile (the service
raised a ``Conflict``), so that nothing was saved and the person sees why. ``form_page``
puts the two together for the usual page (redirect with a message once saved);
``button_action`` is the same policy for a one-button POST that has no form of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect

from veilleuse.core.errors import Conflict

T = TypeVar("T")
BAD_REQUEST, CONFLICT = 400, 409


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's refusal on the form, beside the field it names if the form has it."""
    if isinstance(error, Conflict):
        for name, value in error.fresh.items():
            posted_value_set(form, name, value)
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def posted_value_set(form: forms.BaseForm, name: str, value: str) -> None:
    """Change one posted value of a bound form, e.g. the version it carries after a conflict,
    so that sending it again (once checked) goes through. Bound on a POST, the data is a
    QueryDict, copied because request.POST is read-only."""
    data = cast(QueryDict, form.data).copy()
    data[name] = value
    form.data = data


FieldT = TypeVar("FieldT", bound=forms.Field)


def form_field(form: forms.BaseForm, name: str, kind: type[FieldT]) -> FieldT:
    """A bound form's field as the kind it was declared, to set its choices or queryset at
    run time (``form.fields`` is typed as plain ``Field``). A wrong kind is a programming
    error, raised rather than let through."""
    field = form.fields[name]
    if not isinstance(field, kind):
        raise TypeError(f"{type(form).__name__}.{name} is not a {kind.__name__}")
    return field


def form_save(form: forms.BaseForm, save: Callable[[dict[str, Any]], T]) -> T | None:
    """``save(cleaned_data)``'s result, or None when the form or the service refused (the
    reasons are then on the form)."""
    if not form.is_valid():
        return None
    try:
        return save(form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return None


def form_status(*shown: forms.BaseForm) -> int:
    """The status of a page that shows these forms: 409 after a conflict, 400 when one of them
    holds errors, else 200."""
    errors = [e for form in shown if form.is_bound for e in form.errors.as_data().values()]
    codes = {error.code for found in errors for error in found}
    if "conflict" in codes:
        return CONFLICT
    return BAD_REQUEST if errors else 200


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[dict[str, Any]], str],
    page: Callable[[int], HttpResponse],
    *,
    done: str,
) -> HttpResponse:
    """A posted form saved by ``save``, which returns where to go next: there, with ``done``
    as a message. Otherwise (a GET, or a refusal) ``page(status)`` shows the form."""
    if request.method == "POST":
        target = form_save(form, save)
        if target is not None:
            messages.success(request, done)
            return redirect(target)
    return page(form_status(form))


def button_action(request: HttpRequest, act: Callable[[], str], target: str) -> HttpResponse:
    """A one-button POST: ``act`` returns the message to show, or refuses; either way the
    person goes back to ``target``, where the message or the refusal is shown."""
    try:
        messages.success(request, act())
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(target)
