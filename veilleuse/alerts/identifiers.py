"""Identifiers of aggressors (phone numbers, vehicle plates): normalised, hashed, masked.

- ``normalise(kind, raw)`` gives one spelling per identifier, so equal numbers meet:
  phones in E.164 (default region France), plates as uppercase ASCII letters and digits.
- ``lookup_hash(kind, normalised)`` is HMAC-SHA256 under ``VEILLEUSE_LOOKUP_KEY``, a key
  separate from the field encryption keys: the database stores the hash to find matching
  reports, and the identifier itself only encrypted (docs/decisions/0004).
- ``mask(kind, normalised)`` is what a broadcast alert shows ("warn, not identify"): a phone
  shows its country code, the first digit of its national number and its last two digits
  (``+33 6 •• •• •• 78``: the 6 says "a mobile", as in the threat model's example); a plate
  shows its first and last characters with a fixed run of five dots, so not even its length.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from functools import lru_cache

import phonenumbers
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from veilleuse.alerts.crypto import KEY_HELP, decode_key

PHONE = "phone"
PLATE = "plate"
KINDS = (PHONE, PLATE)
DEFAULT_REGION = "FR"
PLATE_MIN_LENGTH = 4
HIDDEN = "•"
PLATE_HIDDEN_RUN = HIDDEN * 5
# The first national digit is shown only when at least this many digits stay hidden.
PHONE_MIN_HIDDEN_DIGITS = 5
NON_PLATE_CHARACTERS = re.compile(r"[^0-9A-Z]")


class IdentifierError(ValueError):
    """Input that is not a usable phone number or plate."""


def normalise_phone(raw: str, *, region: str = DEFAULT_REGION) -> str:
    """``raw`` in E.164 (``+33612345678``); national numbers are read as ``region``'s."""
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        raise IdentifierError(f"{raw!r} is not a phone number.") from None
    if not phonenumbers.is_valid_number(number):
        raise IdentifierError(f"{raw!r} is not a valid phone number.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_plate(raw: str) -> str:
    """``raw`` as uppercase ASCII letters and digits: "ab-123 cd" → "AB123CD"."""
    # NFKD splits accents from their letters ("é" → "e" + accent), which are then dropped.
    decomposed = unicodedata.normalize("NFKD", raw).upper()
    plate = NON_PLATE_CHARACTERS.sub("", decomposed)
    if len(plate) < PLATE_MIN_LENGTH:
        raise IdentifierError(
            f"{raw!r} is not a plate: at least {PLATE_MIN_LENGTH} letters or digits."
        )
    return plate


def normalise(kind: str, raw: str) -> str:
    if kind == PHONE:
        return normalise_phone(raw)
    if kind == PLATE:
        return normalise_plate(raw)
    raise IdentifierError(f"Unknown kind of identifier {kind!r}: use one of {KINDS}.")


def require_normalised(kind: str, value: str) -> None:
    # A hash or mask of an unnormalised spelling would silently miss its matches.
    if normalise(kind, value) != value:
        raise IdentifierError(f"Normalise the {kind} before use (normalise({kind!r}, ...)).")


@lru_cache(maxsize=4)
def lookup_key_for(encoded: str, field_keys: tuple[str, ...]) -> bytes:
    if not encoded:
        raise ImproperlyConfigured(
            "VEILLEUSE_LOOKUP_KEY must be set when VEILLEUSE_PROFILE=production: "
            "reported identifiers cannot be looked up without it. " + KEY_HELP
        )
    key = decode_key(encoded, setting="VEILLEUSE_LOOKUP_KEY")
    if any(key == decode_key(other, setting="VEILLEUSE_FIELD_KEYS") for other in field_keys):
        raise ImproperlyConfigured(
            "VEILLEUSE_LOOKUP_KEY must differ from every key in VEILLEUSE_FIELD_KEYS."
        )
    return key


def lookup_hash(kind: str, normalised: str) -> str:
    """HMAC-SHA256 (hex) of ``kind:normalised`` under the lookup key."""
    require_normalised(kind, normalised)
    key = lookup_key_for(settings.VEILLEUSE_LOOKUP_KEY, tuple(settings.VEILLEUSE_FIELD_KEYS))
    return hmac.new(key, f"{kind}:{normalised}".encode(), hashlib.sha256).hexdigest()


def mask_phone(normalised: str) -> str:
    number = phonenumbers.parse(normalised, None)
    international = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    country, _, national = international.partition(" ")
    digits = sum(character.isdigit() for character in national)
    shown = {digits - 2, digits - 1}
    if digits - 3 >= PHONE_MIN_HIDDEN_DIGITS:
        shown.add(0)
    masked, position = [], 0
    for character in national:
        if character.isdigit():
            masked.append(character if position in shown else HIDDEN)
            position += 1
        else:
            masked.append(character)
    return f"{country} {''.join(masked)}"


def mask(kind: str, normalised: str) -> str:
    """What an alert may show of an identifier (see the module docstring)."""
    require_normalised(kind, normalised)
    if kind == PHONE:
        return mask_phone(normalised)
    return f"{normalised[0]}{PLATE_HIDDEN_RUN}{normalised[-1]}"
