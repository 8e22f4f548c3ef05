"""While a backup is written or restored, encrypted fields travel as the database stores them.

``dumpdata`` then writes their ciphertext and ``loaddata`` writes it back untouched, so an
archive opened with its passphrase alone still shows none of them: restoring needs the field
keys too (docs/backup.md). The fields that encrypt (``veilleuse.alerts.fields``) ask
``as_stored()``; this module knows nothing of them, so that ``core`` depends on no app.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_as_stored: ContextVar[bool] = ContextVar("veilleuse_fields_as_stored", default=False)


class StoredValueError(ValueError):
    """A stored value that cannot be written back as it is (wrong shape, unknown key).

    ``sentence`` is kept apart from ``args``, which ``loaddata`` rewrites."""

    def __init__(self, sentence: str) -> None:
        super().__init__(sentence)
        self.sentence = sentence


def as_stored() -> bool:
    """Encrypted fields are read and written as their stored ciphertext, not decrypted."""
    return _as_stored.get()


@contextmanager
def fields_as_stored() -> Iterator[None]:
    token = _as_stored.set(True)
    try:
        yield
    finally:
        _as_stored.reset(token)
