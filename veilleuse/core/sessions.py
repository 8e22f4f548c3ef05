"""The session store (``SESSION_ENGINE``): Django's database store, keyed by a hash.

Django's own store writes the cookie's value as the row's primary key, so anyone who reads
the database (a stolen copy, a backup, a curious administrator of the server) can replay
every live session, TOTP-confirmed ones included. This store writes only
``HMAC-SHA256(key derived from SECRET_KEY, cookie value)``: the database alone cannot produce
a cookie, and the cookie cannot be recovered from the hash even with the key.

Each row also carries a keyed hash of the signed-in account's id (``account_key``), so that
every session of one account can be ended at once (``sessions_end``: a remote sign-out, a
suspension) without the table saying whose session it is.

Rotating ``SECRET_KEY`` ends every session (their hashes no longer match): that is the point
of rotating it.
"""

from __future__ import annotations

from typing import Any

from asgiref.sync import sync_to_async
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils import timezone
from django.utils.crypto import salted_hmac

from veilleuse.core.models import HashedSession

SESSION_SALT = "veilleuse.core.sessions.session_key"
ACCOUNT_SALT = "veilleuse.core.sessions.account"


def session_key_hash(session_key: str) -> str:
    """What the database holds in place of the cookie's value."""
    return salted_hmac(SESSION_SALT, session_key, algorithm="sha256").hexdigest()


def account_key_hash(user_id: object) -> str:
    """What the database holds in place of the signed-in account's id ("" if nobody)."""
    if user_id in (None, ""):
        return ""
    return salted_hmac(ACCOUNT_SALT, str(user_id), algorithm="sha256").hexdigest()


def sessions_end(*, user: AbstractBaseUser) -> int:
    """End every session of ``user`` (all their devices); return how many were open."""
    deleted, _by_model = HashedSession.objects.filter(
        account_key=account_key_hash(user.pk)
    ).delete()
    return deleted


class SessionStore(DatabaseSessionStore):
    """Django's database store, with every lookup and write going through the hash."""

    @classmethod
    def get_model_class(cls) -> type[HashedSession]:
        return HashedSession

    def _get_session_from_db(self) -> HashedSession | None:
        key = self.session_key
        row = (
            HashedSession.objects.filter(
                session_key=session_key_hash(key), expire_date__gt=timezone.now()
            ).first()
            if key
            else None
        )
        if row is None:
            self._session_key = None
        return row

    async def _aget_session_from_db(self) -> HashedSession | None:
        return await sync_to_async(self._get_session_from_db)()

    def exists(self, session_key: str) -> bool:
        return HashedSession.objects.filter(session_key=session_key_hash(session_key)).exists()

    async def aexists(self, session_key: str) -> bool:
        return await sync_to_async(self.exists)(session_key)

    def create_model_instance(self, data: dict[str, Any]) -> HashedSession:
        key = self.session_key
        if key is None:
            key = self._get_new_session_key()  # type: ignore[attr-defined]  # not in the stubs
            self._session_key = key
        return HashedSession(
            session_key=session_key_hash(key),
            account_key=account_key_hash(data.get(SESSION_KEY)),
            session_data=self.encode(data),
            expire_date=self.get_expiry_date(),
        )

    async def acreate_model_instance(self, data: dict[str, Any]) -> HashedSession:
        return await sync_to_async(self.create_model_instance)(data)

    def delete(self, session_key: str | None = None) -> None:
        key = session_key if session_key is not None else self.session_key
        if key is not None:
            HashedSession.objects.filter(session_key=session_key_hash(key)).delete()

    async def adelete(self, session_key: str | None = None) -> None:
        await sync_to_async(self.delete)(session_key)
