"""Staff authenticator secrets encrypted at rest (issue 12, finding 9).

django-otp keeps ``TOTPDevice.key``, the secret shared with the staff member's phone, in
the clear: a copy of the database would give every staff member's codes. Here the secret is
sealed with the field keys (``crypto.encrypt_bytes``, purpose ``otp_totp.TOTPDevice.key``)
just before each save, and opened just after each load, through the model's signals: so
django-otp's own code (``bin_key``, ``verify_token``, the QR code's URL) goes on reading the
hex secret, and two-factor sign-in works as before. The 20 raw bytes are sealed, not their
hex, so that the token (74 characters) fits django-otp's 80-character column.

Inside ``fields_as_stored()`` (backups) the secret stays sealed both ways, as encrypted
fields do. Connected in ``AlertsConfig.ready`` (this app holds the field keys; accounts may
not import it).
"""

from __future__ import annotations

import binascii
from typing import Any

from django.db.models.signals import post_init, post_save, pre_save
from django_otp.plugins.otp_totp.models import TOTPDevice

from veilleuse.alerts.crypto import VERSION, decrypt_bytes, encrypt_bytes
from veilleuse.core.as_stored import as_stored

PURPOSE = "otp_totp.TOTPDevice.key"
OPENED = "_veilleuse_opened_key"


def is_sealed(value: str) -> bool:
    return value.startswith(f"{VERSION}:")


def seal(hex_key: str) -> str:
    return encrypt_bytes(binascii.unhexlify(hex_key), purpose=PURPOSE)


def unseal(token: str) -> str:
    return binascii.hexlify(decrypt_bytes(token, purpose=PURPOSE)).decode("ascii")


def seal_before_save(sender: Any, instance: TOTPDevice, **kwargs: Any) -> None:
    key = instance.__dict__.get("key")
    if key and not as_stored() and not is_sealed(key):
        instance.__dict__[OPENED] = key
        instance.key = seal(key)


def open_after_save(sender: Any, instance: TOTPDevice, **kwargs: Any) -> None:
    opened = instance.__dict__.pop(OPENED, None)
    if opened is not None:
        instance.key = opened


def open_after_load(sender: Any, instance: TOTPDevice, **kwargs: Any) -> None:
    key = instance.__dict__.get("key")  # absent when deferred
    if key and not as_stored() and is_sealed(key):
        instance.key = unseal(key)


def totp_secrets_sealed() -> None:
    pre_save.connect(seal_before_save, sender=TOTPDevice, dispatch_uid="totp_seal")
    post_save.connect(open_after_save, sender=TOTPDevice, dispatch_uid="totp_open_saved")
    post_init.connect(open_after_load, sender=TOTPDevice, dispatch_uid="totp_open_loaded")
