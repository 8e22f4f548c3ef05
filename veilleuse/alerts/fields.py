"""A model field that keeps its text encrypted in the database (veilleuse/alerts/crypto.py)."""

from __future__ import annotations

import json
from typing import Any, TypeVar

from django.core.exceptions import FieldError
from django.db import models

from veilleuse.alerts.crypto import (
    CryptoError,
    b64decode,
    b64encode,
    decrypt,
    decrypt_bytes,
    encrypt,
    encrypt_bytes,
    keyring,
    split_token,
)
from veilleuse.core.as_stored import StoredValueError, as_stored

# The only lookup that makes sense on a ciphertext: whether there is one.
ALLOWED_LOOKUPS = frozenset({"isnull"})


def purpose_for(model_label: str, field_name: str) -> str:
    """The associated data binding a ciphertext to its column: ``"alerts.Report.text"``."""
    return f"{model_label}.{field_name}"


def stored_token(value: str) -> str:
    """``value`` unchanged, once it is a token under one of ``VEILLEUSE_FIELD_KEYS``: a backup
    restored without its keys is refused, not written as unreadable rows."""
    try:
        key = split_token(value)[0]
    except CryptoError as error:
        raise StoredValueError(f"An encrypted field holds no ciphertext: {error}") from None
    if key not in keyring().ciphers:
        raise StoredValueError(
            f"The encrypted fields were written under field key {key!r}, which is not in "
            "VEILLEUSE_FIELD_KEYS: set the field keys of the installation they come from."
        )
    return value


# Generic like Django's own fields, so that the type checker gives a nullable column
# ``str | None`` and a required one ``str`` (django-stubs' convention for custom fields).
_ST = TypeVar("_ST", contravariant=True)
_GT = TypeVar("_GT", covariant=True)


class EncryptedTextField(models.TextField[_ST, _GT]):
    """Text stored as an AES-GCM token, decrypted when read.

    The database holds ``v1:<key id>:<nonce + ciphertext>``, never the text. The column
    cannot be searched by content: each write draws a new nonce, so equal texts give
    different tokens; every lookup other than ``__isnull`` raises ``FieldError`` (use
    ``field__isnull=True``, not ``field=None``). Ordering by it orders ciphertexts, which
    is meaningless. To find a row by an identifier, store a keyed hash beside it
    (``veilleuse.alerts.identifiers.lookup_hash``). ``dumpdata`` writes the decrypted text,
    as sensitive as the keys, except inside ``veilleuse.core.as_stored.fields_as_stored()``
    (backups), where the token travels as stored.
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
        value = self.before_sealing(value)
        if value is None:
            return None
        if as_stored():
            return stored_token(value)
        return self.seal(value)

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        if value is None or as_stored():
            return value
        return self.unseal(value)

    # The three steps a subclass changes to keep another kind of value (JSON, bytes).
    def before_sealing(self, value: Any) -> Any:
        return super().get_prep_value(value)

    def seal(self, value: Any) -> str:
        return encrypt(value, purpose=self.require_purpose())

    def unseal(self, token: str) -> Any:
        return decrypt(token, purpose=self.require_purpose())

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


class EncryptedJSONField(EncryptedTextField[Any, Any]):
    """A JSON value (a list of zone ids, of language codes) kept as an encrypted token.

    For what must stay next to a member but tells where or how they live: the database sees
    one opaque token whatever the list holds. Filtering happens in Python, after decryption.
    Inside ``fields_as_stored()`` (backups) the token travels as stored, as for text.
    """

    description = "JSON encrypted at rest"
    # What django-stubs' plugin reads as the Python type of the column: any JSON value.
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def before_sealing(self, value: Any) -> Any:
        return value

    def seal(self, value: Any) -> str:
        return super().seal(json.dumps(value, separators=(",", ":")))

    def unseal(self, token: str) -> Any:
        return json.loads(super().unseal(token))

    def to_python(self, value: Any) -> Any:
        # A fixture holds the JSON text (value_to_string); full_clean() passes the list.
        if isinstance(value, str) and not as_stored():
            return json.loads(value)
        return value

    def value_to_string(self, obj: Any) -> str:
        value = self.value_from_object(obj)
        return value if isinstance(value, str) else json.dumps(value)


class EncryptedBytesField(EncryptedTextField[Any, Any]):
    """Raw bytes (a recording) kept as an encrypted token, decrypted when read.

    The column holds the same kind of token as ``EncryptedTextField`` (so key rotation and
    backups treat it alike); serialised outside backups, the bytes are URL-safe base64.
    """

    description = "Bytes encrypted at rest"
    # What django-stubs' plugin reads as the Python type of the column (bytes, as TextField's
    # subclass it is typed through Any).
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def before_sealing(self, value: Any) -> Any:
        return value

    def seal(self, value: Any) -> str:
        return encrypt_bytes(bytes(value), purpose=self.require_purpose())

    def unseal(self, token: str) -> Any:
        return decrypt_bytes(token, purpose=self.require_purpose())

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and not as_stored():
            return b64decode(value)
        return value

    def value_to_string(self, obj: Any) -> str:
        value = self.value_from_object(obj)
        return value if isinstance(value, str) else b64encode(value)
