"""Identifiers of aggressors (phone numbers, vehicle plates): normalised, hashed, masked.

- ``normalise(kind, raw)`` gives one spelling per identifier, so equal numbers meet:
  phones in E.164 (default region France), plates as uppercase ASCII letters and digits.
- ``lookup_hash(kind, normalised)`` (through ``keyed_hash``, which also finds pseudonyms and
  reports' authors) is HMAC-SHA256 under ``VEILLEUSE_LOOKUP_KEY``, a key
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
import itertools
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


def keyed_hash(purpose: str, value: str) -> str:
    """HMAC-SHA256 (hex) of ``purpose:value`` under the lookup key: equal values meet, and
    without the key the hash tells nothing (a pseudonym, an identifier, a report's author)."""
    key = lookup_key_for(settings.VEILLEUSE_LOOKUP_KEY, tuple(settings.VEILLEUSE_FIELD_KEYS))
    return hmac.new(key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def lookup_hash(kind: str, normalised: str) -> str:
    """HMAC-SHA256 (hex) of ``kind:normalised`` under the lookup key."""
    require_normalised(kind, normalised)
    return keyed_hash(kind, normalised)


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


# Identifiers written in free text (threat model, "Identifiers in the alert's note"). Wide on
# purpose: a false alarm costs a second moderator's look, a miss can out or endanger someone.

EMAIL = "email"
EMAIL_PATTERN = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Eight digits or more, with at most two spaces, dots, dashes or brackets between them.
DIGIT_RUN = re.compile(r"\+?\d(?:[\s.\-()]{0,2}\d){7,}")
DATE_LIKE = re.compile(r"\d{1,2}[.\-]\d{1,2}[.\-]\d{2,4}")
# Words of letters and digits, hyphens, dots and middle dots kept inside ("AB-123-CD").
PLATE_TOKEN = re.compile(r"[^\W_](?:[^\W_]|[-.·](?=[^\W_]))*")
TIME_LIKE = re.compile(r"\d{1,2}H\d{0,2}")
PLATE_LENGTHS = range(5, 10)
MAX_PLATE_GROUP = 4


def _phones_in(text: str) -> list[str]:
    found = []
    for match in DIGIT_RUN.finditer(text):
        raw = match.group().strip()
        if DATE_LIKE.fullmatch(raw):
            continue
        try:
            found.append(normalise_phone(raw))
        except IdentifierError:
            found.append("".join(character for character in raw if character.isdigit()))
    return found


def _plate_like(raw: str, *, any_case: bool) -> str | None:
    try:
        plate = normalise_plate(raw)
    except IdentifierError:
        return None
    letters = sum(character.isalpha() for character in plate)
    digits = len(plate) - letters
    if not plate.isascii() or len(plate) not in PLATE_LENGTHS or digits < 2 or not letters:
        return None
    if TIME_LIKE.fullmatch(plate) or not (any_case or raw.upper() == raw):
        return None
    return plate


def _plate_windows(text: str) -> list[tuple[str, bool]]:
    """Candidates: every word mixing letters and digits (any case), and every run of two or
    three short words separated by one space ("AB 123 CD", "1234 BCD"), capitals only."""
    tokens = list(PLATE_TOKEN.finditer(text))
    windows = [(token.group(), True) for token in tokens]
    for start in range(len(tokens)):
        for end in range(start + 1, min(start + 3, len(tokens))):
            pieces = tokens[start : end + 1]
            gaps = (text[a.end() : b.start()] for a, b in itertools.pairwise(pieces))
            if all(gap == " " for gap in gaps) and all(
                len(piece.group()) <= MAX_PLATE_GROUP for piece in pieces
            ):
                windows.append((text[pieces[0].start() : pieces[-1].end()], False))
    return windows


def identifiers_in_text(text: str) -> list[tuple[str, str]]:
    """``(kind, normalised)`` of every phone number, plate and e-mail address that ``text``
    seems to hold, in any script (full-width digits and signs are read as ASCII ones)."""
    text = unicodedata.normalize("NFKC", text)
    found = [(EMAIL, email.lower()) for email in EMAIL_PATTERN.findall(text)]
    found += [(PHONE, phone) for phone in _phones_in(EMAIL_PATTERN.sub(" ", text))]
    for raw, mixed in _plate_windows(EMAIL_PATTERN.sub(" ", text)):
        has_both = any(c.isalpha() for c in raw) and any(c.isdigit() for c in raw)
        plate = _plate_like(raw, any_case=mixed) if has_both else None
        if plate is not None:
            found.append((PLATE, plate))
    return list(dict.fromkeys(found))
