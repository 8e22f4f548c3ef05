"""What every app's views do with forms."""

from __future__ import annotations

from typing import TypeVar, cast

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's refusal on the form, beside the field it names if the form has it."""
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
