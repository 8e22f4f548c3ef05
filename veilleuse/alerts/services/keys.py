"""Key rotation: re-encrypting every encrypted field, and recomputing lookup hashes.

Field keys (``VEILLEUSE_FIELD_KEYS``, newest first): put the new key first, keep the old one
after it, deploy, run ``veilleuse rotate-keys`` (``reencrypt_all``), then remove the old key.
Until the run ends, rows under the old key still decrypt (``crypto.decrypt`` accepts every
listed key); the run is idempotent and resumable (a row already under the newest key is left
as it is), in batches of one transaction each.

The lookup key (``VEILLEUSE_LOOKUP_KEY``) has one value: change it, deploy, and run
``veilleuse rotate-keys --rehash`` (``rehash_identifiers``) at once: until then the number
check and the same-identifier matching miss the identifiers hashed under the old key.
Procedure: docs/alerts-retention.md, "Key rotation".
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import connection, transaction

from veilleuse.alerts.crypto import keyring, rotate, split_token
from veilleuse.alerts.fields import EncryptedTextField
from veilleuse.alerts.identifiers import lookup_hash
from veilleuse.alerts.models import Identifier, IdentifierMatch
from veilleuse.alerts.totp_sealing import is_sealed, seal, unseal


def encrypted_fields() -> dict[Any, list[EncryptedTextField[Any, Any]]]:
    """Every model (of every app) with its encrypted fields, found through ``_meta``."""
    found = {}
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if fields and model._meta.managed and not model._meta.proxy:
            found[model] = fields
    return found


def reencrypt_all(*, batch_size: int = 500) -> dict[str, int]:
    """Re-encrypt every encrypted value that is not under the newest key; rows changed by
    model label (models with nothing to change are listed with 0)."""
    counts = {
        model._meta.label: _reencrypt_model(model, fields, batch_size)
        for model, fields in encrypted_fields().items()
    }
    counts["otp_totp.TOTPDevice"] = _reencrypt_totp_secrets()
    return counts


def _reencrypt_totp_secrets() -> int:
    """Staff authenticators' secrets, sealed outside the encrypted fields (totp_sealing)."""
    newest, changed = keyring().newest_id, 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT id, key FROM otp_totp_totpdevice")
        for pk, key in cursor.fetchall():
            if key and is_sealed(key) and split_token(key)[0] != newest:
                cursor.execute(
                    "UPDATE otp_totp_totpdevice SET key = %s WHERE id = %s",
                    [seal(unseal(key)), pk],
                )
                changed += 1
    return changed


def _column(field: EncryptedTextField[Any, Any]) -> str:
    # A concrete field always has a column; the stubs allow None for the others.
    return field.column or field.attname


def _reencrypt_model(
    model: Any, fields: list[EncryptedTextField[Any, Any]], batch_size: int
) -> int:
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    columns = ", ".join(quote(_column(f)) for f in fields)
    # Names from the models, quoted by the database backend; every value is a parameter.
    select = f"SELECT {pk}, {columns} FROM {table} WHERE {pk} > %s ORDER BY {pk}"  # noqa: S608
    select += f" LIMIT {int(batch_size)}"
    # Keyset pagination over the integer primary key: each batch is one short transaction.
    changed, last = 0, -1
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(select, [last])
            rows = cursor.fetchall()
            for row in rows:
                changed += _reencrypt_row(cursor, table, pk, fields, row)
        if len(rows) < batch_size:
            return changed
        last = rows[-1][0]


def _reencrypt_row(
    cursor: Any,
    table: str,
    pk: str,
    fields: list[EncryptedTextField[Any, Any]],
    row: tuple[Any, ...],
) -> int:
    newest = keyring().newest_id
    updates = {}
    for field, token in zip(fields, row[1:], strict=True):
        if token is not None and split_token(token)[0] != newest:
            updates[_column(field)] = rotate(token, purpose=field.purpose)
    if not updates:
        return 0
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(column)} = %s" for column in updates)
    cursor.execute(
        f"UPDATE {table} SET {assignments} WHERE {pk} = %s",  # noqa: S608 - quoted names, as above
        [*updates.values(), row[0]],
    )
    return 1


@transaction.atomic
def rehash_identifiers() -> int:
    """Recompute every identifier's lookup hash under the current lookup key, and carry
    the same-identifier matches over to the new hashes; returns the identifiers changed.
    A match whose identifiers are all gone cannot be carried over and is deleted."""
    renamed: dict[str, str] = {}
    changed = 0
    for identifier in Identifier.objects.select_for_update().order_by("pk").iterator():
        fresh = lookup_hash(identifier.kind, identifier.value)
        if fresh != identifier.lookup_hash:
            renamed[identifier.lookup_hash] = fresh
            Identifier.objects.filter(pk=identifier.pk).update(lookup_hash=fresh)
            changed += 1
    for match in IdentifierMatch.objects.select_for_update().order_by("pk"):
        if match.lookup_hash in renamed:
            IdentifierMatch.objects.filter(pk=match.pk).update(
                lookup_hash=renamed[match.lookup_hash]
            )
        elif not Identifier.objects.filter(lookup_hash=match.lookup_hash).exists():
            match.delete()
    return changed
