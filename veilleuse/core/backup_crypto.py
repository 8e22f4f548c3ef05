"""The encryption of backups: a key derived from a passphrase with scrypt, then AES-256-GCM
over chunks (the STREAM construction: each nonce holds the chunk number and whether it is the
last, and the header is authenticated with every chunk), so that a cut, reordered, extended
or altered archive fails to decrypt (docs/backup.md)."""

from __future__ import annotations

import io
import secrets
import struct
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"VEILLEUSE-BACKUP\n"
CHUNK = 1024 * 1024
SALT_BYTES = 16
NONCE_PREFIX_BYTES = 7
# scrypt cost: 2**18 × 8 × 128 B = 256 MiB of memory and about a second, once per archive,
# for each passphrase a thief tries (docs/backup.md). Archives keep their parameters in
# their header, so older ones (2**15) still open.
SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P = 18, 8, 1
HEADER = struct.Struct(f">{len(MAGIC)}s{SALT_BYTES}sBBB{NONCE_PREFIX_BYTES}s")
LENGTH = struct.Struct(">I")
TAG_BYTES = 16


class SealError(Exception):
    """The archive cannot be opened; the message is one sentence."""


# Encryption: a STREAM-style chunked AEAD (nonce = prefix ‖ chunk number ‖ last-chunk flag).


def _derive_key(passphrase: str, salt: bytes, log2_n: int, r: int, p: int) -> bytes:
    if not 10 <= log2_n <= 20 or not 1 <= r <= 16 or not 1 <= p <= 4:
        raise SealError("This file is not a Veilleuse backup (unexpected key parameters).")
    kdf = Scrypt(salt=salt, length=32, n=2**log2_n, r=r, p=p)
    return kdf.derive(passphrase.encode("utf-8"))


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + counter.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


class EncryptingWriter(io.RawIOBase):
    """A write-only stream that encrypts what it is given, chunk by chunk, into ``target``."""

    def __init__(self, target: IO[bytes], passphrase: str) -> None:
        salt = secrets.token_bytes(SALT_BYTES)
        self.prefix = secrets.token_bytes(NONCE_PREFIX_BYTES)
        self.header = HEADER.pack(MAGIC, salt, SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P, self.prefix)
        self.aead = AESGCM(_derive_key(passphrase, salt, SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P))
        self.target = target
        self.buffer = bytearray()
        self.counter = 0
        target.write(self.header)

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.buffer.extend(data)
        while len(self.buffer) > CHUNK:
            self._emit(bytes(self.buffer[:CHUNK]), last=False)
            del self.buffer[:CHUNK]
        return len(data)

    def finish(self) -> None:
        self._emit(bytes(self.buffer), last=True)
        self.buffer.clear()

    def _emit(self, plain: bytes, *, last: bool) -> None:
        if self.counter >= 2**32 - 1:
            raise SealError("The backup is too large for this archive format.")
        sealed = self.aead.encrypt(_nonce(self.prefix, self.counter, last), plain, self.header)
        self.target.write(LENGTH.pack(len(sealed)) + sealed)
        self.counter += 1


def decrypt_to(source: IO[bytes], passphrase: str, out: IO[bytes]) -> None:
    """Decrypt a whole archive into ``out``; raise SealError unless every chunk checks out."""
    header = source.read(HEADER.size)
    if len(header) < HEADER.size or not header.startswith(MAGIC):
        raise SealError("This file is not a Veilleuse backup.")
    _, salt, log2_n, r, p, prefix = HEADER.unpack(header)
    aead = AESGCM(_derive_key(passphrase, salt, log2_n, r, p))
    counter = 0
    while True:
        raw_length = source.read(LENGTH.size)
        if len(raw_length) < LENGTH.size:
            raise SealError("The backup is incomplete: it was cut short, restore nothing.")
        (length,) = LENGTH.unpack(raw_length)
        sealed = source.read(length) if TAG_BYTES <= length <= CHUNK + TAG_BYTES else b""
        if len(sealed) != length or not sealed:
            raise SealError("The backup is damaged or incomplete: restore nothing.")
        plain, last = _open_chunk(aead, prefix, counter, sealed, header)
        out.write(plain)
        counter += 1
        if last:
            break
    if source.read(1):
        raise SealError("The backup is damaged: there is data after its end.")


def _open_chunk(
    aead: AESGCM, prefix: bytes, counter: int, sealed: bytes, header: bytes
) -> tuple[bytes, bool]:
    for last in (False, True):
        try:
            return aead.decrypt(_nonce(prefix, counter, last), sealed, header), last
        except InvalidTag:
            continue
    if counter == 0:
        raise SealError("Wrong passphrase, or the backup is damaged: nothing was restored.")
    raise SealError("The backup is damaged: nothing was restored.")
