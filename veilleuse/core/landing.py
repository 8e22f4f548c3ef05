"""Where a staff member lands after signing in, when no page was asked for.

Apps register a finder here (``landing_register``), as the alert network does for its
moderators (their queue, issue 14): the sign-in, in ``accounts``, asks this neutral registry
without importing the apps above it. The first finder with an answer wins; none: the default.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_FINDERS: dict[str, Callable[[Any], str | None]] = {}


def landing_register(name: str, finder: Callable[[Any], str | None]) -> None:
    _FINDERS[name] = finder


def landing_url(user: Any) -> str | None:
    for finder in _FINDERS.values():
        found = finder(user)
        if found:
            return found
    return None
