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

The first ``VEILLEUSE_LOGIN_FAILURES`` - 1 failures cost nothing; from the
``VEILLEUSE_LOGIN_FAILURES``-th, each failure makes the next attempt wait, one minute then
twice as long at each new failure, at most ``VEILLEUSE_LOGIN_LOCKOUT_MINUTES``; attempts
refused while waiting are not counted. Counts are forgotten after that many minutes without
a failure.

**The owner's device is counted apart** (issue 12): a successful sign-in leaves a signed
cookie (``device_remember``), and ``device_key`` gives the attempts of that browser a key of
their own, so that a stranger who knows a username or a pseudonym and fails on purpose slows
himself down, never the owner's phone.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest, HttpResponseBase

PREFIX = "throttle:"
FIRST_DELAY_SECONDS = 60
DEVICE_COOKIE = "veilleuse_device"
DEVICE_SALT = "veilleuse.core.throttle.device"
DEVICE_DAYS = 180


def _now() -> float:
    return time.time()


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


def _delay(count: int) -> int:
    """Seconds to wait after ``count`` failures: 0, then doubling, capped at the window."""
    over = count - int(settings.VEILLEUSE_LOGIN_FAILURES)
    if over < 0:
        return 0
    return int(min(FIRST_DELAY_SECONDS * 2 ** min(over, 20), _window()))


def throttle_wait(key: str) -> int:
    """Seconds before ``key`` may try again (0: now)."""
    delay = _delay(int(cache.get(key, 0)))
    last = cache.get(f"{key}:at")
    if not delay or last is None:
        return 0
    return max(0, math.ceil(float(last) + delay - _now()))


def throttle_wait_minutes(key: str) -> int:
    """``throttle_wait`` in whole minutes, rounded up (at least 1): what a person is told."""
    return max(1, math.ceil(throttle_wait(key) / 60))


def throttle_check(key: str) -> bool:
    """True when ``key`` must wait: the caller refuses without checking the password."""
    return throttle_wait(key) > 0


def throttle_fail(key: str) -> int:
    """Count one failure; return how many are counted in the current window."""
    # add() is atomic and does nothing if the key exists; incr() is atomic on Redis and in
    # local memory. Each failure restarts the window, so a lock lasts the full period.
    cache.set(f"{key}:at", _now(), _window())
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
    cache.delete_many([key, f"{key}:at"])


def _device_mark(key: str) -> str:
    # The cookie names the throttle key by a digest of it, which says nothing without the
    # server's secret key (the throttle key is already an HMAC of the name).
    return hashlib.sha256(key.encode("ascii")).hexdigest()[:32]


def _device_id(request: HttpRequest, key: str) -> str:
    """The device id of the request's cookie if it was left by a sign-in as ``key``."""
    try:
        value = signing.loads(
            request.COOKIES.get(DEVICE_COOKIE, ""), salt=DEVICE_SALT, max_age=DEVICE_DAYS * 86400
        )
    except signing.BadSignature:
        return ""
    if not isinstance(value, dict) or value.get("k") != _device_mark(key):
        return ""
    return str(value.get("d", ""))


def device_key(key: str, request: HttpRequest) -> str:
    """``key``, or a key of its own for a browser that signed in as this name before."""
    device = _device_id(request, key)
    return f"{key}:device:{device}" if device else key


def device_remember(response: HttpResponseBase, request: HttpRequest, key: str) -> None:
    """After a successful sign-in: the signed cookie that makes this browser a known
    device of ``key`` (``DEVICE_DAYS``; HttpOnly, Secure in production)."""
    device = _device_id(request, key) or secrets.token_urlsafe(16)
    response.set_cookie(
        DEVICE_COOKIE,
        signing.dumps({"k": _device_mark(key), "d": device}, salt=DEVICE_SALT),
        max_age=DEVICE_DAYS * 86400,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )
