"""Sign-in throttling: after too many failures for one name, refuse it for a while.

Keyed by an HMAC of the lower-cased name (a staff username, a member pseudonym, an e-mail
address for password resets), never by an IP address: the people we protect share
connections and must not be tracked by address, and a guesser who spreads attempts over many
addresses is still stopped. The counts live in Django's cache, which several web processes
must share (``VEILLEUSE_CACHE_URL``, docs/deploy.md).

Usage, for any sign-in form::

    key = throttle_key("staff", username)
    if throttle_check(key):  # locked: answer 429 without trying the password
        ...
    if signed_in: throttle_reset(key) else: throttle_fail(key)

Failures are counted until ``VEILLEUSE_LOGIN_LOCKOUT_MINUTES`` pass without one (each
failure restarts that window, which is stricter than a sliding window); at
``VEILLEUSE_LOGIN_FAILURES`` the name is locked for ``VEILLEUSE_LOGIN_LOCKOUT_MINUTES`` from
the failure that locked it, since locked attempts are refused without being counted.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache

PREFIX = "throttle:"


def throttle_key(scope: str, name: str) -> str:
    """The cache key for ``name`` in ``scope`` ("staff", "member", "reset"...)."""
    digest = hmac.new(
        settings.SECRET_KEY.encode("utf-8"),
        f"{scope}\0{name.strip().lower()}".encode(),
        hashlib.sha256,
    ).hexdigest()
    return f"{PREFIX}{scope}:{digest}"


def _window() -> int:
    return int(settings.VEILLEUSE_LOGIN_LOCKOUT_MINUTES) * 60


def throttle_check(key: str) -> bool:
    """True when ``key`` is locked: the caller refuses without checking the password."""
    return int(cache.get(key, 0)) >= int(settings.VEILLEUSE_LOGIN_FAILURES)


def throttle_fail(key: str) -> int:
    """Count one failure; return how many are counted in the current window."""
    # add() is atomic and does nothing if the key exists; incr() is atomic on Redis and in
    # local memory. Each failure restarts the window, so a lock lasts the full period.
    if cache.add(key, 1, _window()):
        return 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, _window())
        return 1
    cache.touch(key, _window())
    return int(count)


def throttle_reset(key: str) -> None:
    """Forget the failures of ``key`` (after a successful sign-in)."""
    cache.delete(key)
