"""Authenticated encryption of sensitive text, with keys kept outside the database.

A token reads ``v1:<key id>:<nonce + ciphertext>`` (both parts URL-safe base64 without
padding). The cipher is AES-256-GCM with a random 96-bit nonce; the associated data is the
version and the *purpose* (the column, e.g. ``"alerts.Report.text"``), so a token copied into
another column no longer decrypts. The key id is the first 4 bytes of SHA-256 of the key: it
names the key to use without revealing it.

Keys come from ``settings.VEILLEUSE_FIELD_KEYS`` (environment variable of the same name, see
docs/settings.md): base64 32-byte keys, newest first. ``encrypt`` uses the first; ``decrypt``
accepts any, so a key can be rotated in without rewriting every row at once; ``rotate``
re-encrypts a token under the newest key. Why and how: docs/decisions/0004.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from collections.abc import Sequence
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

VERSION = "v1"
KEY_BYTES = 32
KEY_ID_BYTES = 4
NONCE_BYTES = 12
TAG_BYTES = 16
KEY_HELP = (
    "Generate a key with: python -c 'import base64, os; "
    "print(base64.b64encode(os.urandom(32)).decode())'"
)


class CryptoError(Exception):
    """A token that cannot be decrypted: malformed, tampered with, moved, or its key gone."""


def decode_key(encoded: str, *, setting: str) -> bytes:
    """The raw bytes of a base64 key read from ``setting``; never echoes the key itself."""
    try:
        key = base64.b64decode(encoded.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise ImproperlyConfigured(
            f"{setting} holds a key that is not base64. {KEY_HELP}"
        ) from None
    if len(key) != KEY_BYTES:
        raise ImproperlyConfigured(
            f"{setting} holds a key of {len(key)} bytes; keys are {KEY_BYTES} bytes. {KEY_HELP}"
        )
    return key


def key_id(key: bytes) -> str:
    """The short public name of a key, as written in the tokens it produced."""
    return b64encode(hashlib.sha256(key).digest()[:KEY_ID_BYTES])


def b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64decode(text: str) -> bytes:
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError):
        raise CryptoError("Encrypted value is malformed (bad base64).") from None


class Keyring:
    """The configured keys by id; the first one encrypts."""

    def __init__(self, keys: Sequence[bytes]) -> None:
        if not keys:
            raise ImproperlyConfigured(
                "VEILLEUSE_FIELD_KEYS must be set when VEILLEUSE_PROFILE=production: "
                "sensitive fields cannot be encrypted or read without it. " + KEY_HELP
            )
        self.ciphers: dict[str, AESGCM] = {}
        for key in keys:
            name = key_id(key)
            if name in self.ciphers:
                raise ImproperlyConfigured(
                    "VEILLEUSE_FIELD_KEYS lists the same key twice (or two keys share an id)."
                )
            self.ciphers[name] = AESGCM(key)
        self.newest_id = key_id(keys[0])


@lru_cache(maxsize=4)
def keyring_for(encoded_keys: tuple[str, ...]) -> Keyring:
    return Keyring([decode_key(key, setting="VEILLEUSE_FIELD_KEYS") for key in encoded_keys])


def keyring() -> Keyring:
    # Keyed by the setting's value, so that override_settings and a reload both take effect.
    return keyring_for(tuple(settings.VEILLEUSE_FIELD_KEYS))


def associated_data(purpose: str) -> bytes:
    if not isinstance(purpose, str) or not purpose:
        raise ValueError("purpose names the field a value belongs to and cannot be empty")
    return f"{VERSION}:{purpose}".encode()


def encrypt(plaintext: str, *, purpose: str) -> str:
    """Encrypt ``plaintext`` for the column named by ``purpose``, under the newest key."""
    if not isinstance(plaintext, str):
        raise TypeError(f"encrypt() takes text, not {type(plaintext).__name__}")
    return encrypt_bytes(plaintext.encode("utf-8"), purpose=purpose)


def encrypt_bytes(data: bytes, *, purpose: str) -> str:
    """``encrypt`` for raw bytes (a shared secret), giving the same kind of token."""
    ring = keyring()
    nonce = os.urandom(NONCE_BYTES)
    sealed = ring.ciphers[ring.newest_id].encrypt(nonce, data, associated_data(purpose))
    return f"{VERSION}:{ring.newest_id}:{b64encode(nonce + sealed)}"


def split_token(token: str) -> tuple[str, bytes]:
    """The key id and the nonce + ciphertext of ``token``; checks the shape only."""
    if not isinstance(token, str):
        raise CryptoError(f"Encrypted value must be text, not {type(token).__name__}.")
    parts = token.split(":")
    if len(parts) != 3 or parts[0] != VERSION:
        raise CryptoError(f"Encrypted value is malformed (expected '{VERSION}:<key>:<data>').")
    payload = b64decode(parts[2])
    if len(payload) < NONCE_BYTES + TAG_BYTES:
        raise CryptoError("Encrypted value is truncated.")
    return parts[1], payload


def decrypt(token: str, *, purpose: str) -> str:
    """The text sealed in ``token``; ``CryptoError`` unless it is intact and for ``purpose``."""
    return decrypt_bytes(token, purpose=purpose).decode("utf-8")


def decrypt_bytes(token: str, *, purpose: str) -> bytes:
    """The bytes sealed in ``token`` (``encrypt_bytes``), checked as ``decrypt`` does."""
    name, payload = split_token(token)
    cipher = keyring().ciphers.get(name)
    if cipher is None:
        raise CryptoError(
            f"Encrypted value uses key id {name!r}, which is not in VEILLEUSE_FIELD_KEYS."
        )
    try:
        return cipher.decrypt(
            payload[:NONCE_BYTES], payload[NONCE_BYTES:], associated_data(purpose)
        )
    except InvalidTag:
        raise CryptoError(
            f"Encrypted value does not authenticate for {purpose!r}: "
            "altered, truncated, or moved from another field."
        ) from None


def rotate(token: str, *, purpose: str) -> str:
    """``token`` under the newest key; returned unchanged (once authenticated) if it already is.
    Works on the sealed bytes, so that a token of raw bytes (a voice note) rotates too."""
    plaintext = decrypt_bytes(token, purpose=purpose)
    if split_token(token)[0] == keyring().newest_id:
        return token
    return encrypt_bytes(plaintext, purpose=purpose)
