"""A model field that keeps its text encrypted in the database (veilleuse/alerts/crypto.py)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldError
from django.db import models

from veilleuse.alerts.crypto import decrypt, encrypt

# The only lookup that makes sense on a ciphertext: whether there is one.
ALLOWED_LOOKUPS = frozenset({"isnull"})


def purpose_for(model_label: str, field_name: str) -> str:
    """The associated data binding a ciphertext to its column: ``"alerts.Report.text"``."""
    return f"{model_label}.{field_name}"


class EncryptedTextField(models.TextField):
    """Text stored as an AES-GCM token, decrypted when read.

    The database holds ``v1:<key id>:<nonce + ciphertext>``, never the text. The column
    cannot be searched by content: each write draws a new nonce, so equal texts give
    different tokens; every lookup other than ``__isnull`` raises ``FieldError`` (use
    ``field__isnull=True``, not ``field=None``). Ordering by it orders ciphertexts, which
    is meaningless. To find a row by an identifier, store a keyed hash beside it
    (``veilleuse.alerts.identifiers.lookup_hash``). ``dumpdata`` writes the decrypted text:
    such an export is as sensitive as the keys.
    """

    # Plain text: only admindocs shows it, not worth a catalogue entry.
    description = "Text encrypted at rest"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        for option in ("primary_key", "unique", "db_index"):
            if kwargs.get(option):
                raise ValueError(f"EncryptedTextField cannot be {option}: tokens are random.")
        super().__init__(*args, **kwargs)
        self.purpose = ""

    def contribute_to_class(self, cls: Any, name: str, private_only: bool = False) -> None:
        super().contribute_to_class(cls, name, private_only=private_only)
        self.purpose = purpose_for(cls._meta.label, name)

    def require_purpose(self) -> str:
        if not self.purpose:
            raise FieldError("EncryptedTextField is used before being attached to a model.")
        return self.purpose

    def get_prep_value(self, value: Any) -> str | None:
        value = super().get_prep_value(value)
        if value is None:
            return None
        return encrypt(value, purpose=self.require_purpose())

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None:
            return None
        return decrypt(value, purpose=self.require_purpose())

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name not in ALLOWED_LOOKUPS:
            raise FieldError(
                f"{self.purpose or 'An encrypted field'} is encrypted and cannot be searched "
                f"by content ('{lookup_name}'); only '__isnull' is allowed."
            )
        return super().get_lookup(lookup_name)

    def get_transform(self, lookup_name: str) -> Any:
        raise FieldError(
            f"{self.purpose or 'An encrypted field'} is encrypted: no '{lookup_name}' on it."
        )
