"""Reads shared by every app."""

from __future__ import annotations

from django.db import DatabaseError, connection


def database_is_reachable() -> bool:
    """Whether the default database answers a trivial query."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False
    return True
