"""The refusals that services share across the apps."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError


class Conflict(ValidationError):
    """Someone changed the object after the page was shown; nothing was saved (HTTP 409).

    ``fresh`` holds the hidden fields of the form that say what the page saw (a version, the
    latest decision), at their new values: the form is shown again with them, so that sending
    it once more, after checking, goes through."""

    def __init__(self, message: str, *, fresh: Mapping[str, str] | None = None) -> None:
        super().__init__(message, code="conflict")
        self.fresh = dict(fresh or {})
