"""Identifiers meet whatever their spelling, are found by keyed hash, and broadcast masked."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from veilleuse import settings as project_settings
from veilleuse.alerts.identifiers import (
    PHONE,
    PLATE,
    IdentifierError,
    lookup_hash,
    mask,
    normalise,
    normalise_phone,
    normalise_plate,
)

LOOKUP_KEY = base64.b64encode(b"L" * 32).decode()
OTHER_LOOKUP_KEY = base64.b64encode(b"M" * 32).decode()
FIELD_KEY = base64.b64encode(b"F" * 32).decode()


@pytest.fixture(autouse=True)
def keys(settings: Any) -> None:
    settings.VEILLEUSE_FIELD_KEYS = [FIELD_KEY]
    settings.VEILLEUSE_LOOKUP_KEY = LOOKUP_KEY


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("06 12 34 56 78", "+33612345678"),
        ("0612345678", "+33612345678"),
        ("06.12.34.56.78", "+33612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("+33 (0)6 12 34 56 78", "+33612345678"),
        ("0033612345678", "+33612345678"),
        ("+33612345678", "+33612345678"),
        ("01 42 68 53 00", "+33142685300"),
        ("+32 470 12 34 56", "+32470123456"),
        ("+1 201-555-0123", "+12015550123"),
    ],
)
def test_phone_numbers_are_normalised_to_e164(raw: str, expected: str) -> None:
    assert normalise_phone(raw) == expected
    assert normalise(PHONE, raw) == expected


@pytest.mark.parametrize("raw", ["", "   ", "bonjour", "06 12", "12345678901234567890", "+99 123"])
def test_what_is_not_a_phone_number_is_refused(raw: str) -> None:
    with pytest.raises(IdentifierError, match="phone number"):
        normalise_phone(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("AB-123-CD", "AB123CD"),
        ("ab 123 cd", "AB123CD"),
        ("  Ab‐123‐cD ", "AB123CD"),
        ("123 ABC 75", "123ABC75"),
        ("é-12-3", "E123"),
        ("M 1234", "M1234"),
    ],
)
def test_plates_are_normalised_to_uppercase_letters_and_digits(raw: str, expected: str) -> None:
    assert normalise_plate(raw) == expected
    assert normalise(PLATE, raw) == expected


@pytest.mark.parametrize("raw", ["", "A-1", "ab c", "--//--", "日本語です"])
def test_a_plate_needs_four_letters_or_digits(raw: str) -> None:
    with pytest.raises(IdentifierError, match="at least 4"):
        normalise_plate(raw)


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(IdentifierError, match="Unknown kind"):
        normalise("email", "x@example.org")


def test_equivalent_spellings_give_the_same_hash() -> None:
    spellings = ["06 12 34 56 78", "+33 6 12 34 56 78", "0033612345678"]

    hashes = {lookup_hash(PHONE, normalise(PHONE, raw)) for raw in spellings}

    assert len(hashes) == 1
    assert lookup_hash(PLATE, normalise(PLATE, "AB-123-CD")) == lookup_hash(
        PLATE, normalise(PLATE, "ab 123 cd")
    )


def test_the_hash_is_a_hex_hmac_that_does_not_contain_the_identifier() -> None:
    digest = lookup_hash(PHONE, "+33612345678")

    assert len(digest) == 64
    assert int(digest, 16) >= 0
    assert "612345678" not in digest


def test_hashes_differ_across_identifiers_kinds_and_keys(settings: Any) -> None:
    phone = lookup_hash(PHONE, "+33612345678")
    assert phone != lookup_hash(PHONE, "+33612345679")
    # The same characters as a phone and as a plate do not collide.
    assert lookup_hash(PLATE, "33612345678") != lookup_hash(PHONE, "+33612345678")
    assert lookup_hash(PLATE, "AB123CD") != lookup_hash(PLATE, "AB123CE")

    settings.VEILLEUSE_LOOKUP_KEY = OTHER_LOOKUP_KEY
    assert lookup_hash(PHONE, "+33612345678") != phone


def test_hashing_an_unnormalised_identifier_is_refused() -> None:
    with pytest.raises(IdentifierError, match="Normalise"):
        lookup_hash(PHONE, "06 12 34 56 78")
    with pytest.raises(IdentifierError, match="Normalise"):
        lookup_hash(PLATE, "ab-123-cd")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "VEILLEUSE_LOOKUP_KEY must be set when VEILLEUSE_PROFILE=production"),
        ("%%%", "not base64"),
        (FIELD_KEY, "must differ from every key in VEILLEUSE_FIELD_KEYS"),
    ],
)
def test_bad_lookup_keys_are_refused_clearly(settings: Any, value: str, message: str) -> None:
    settings.VEILLEUSE_LOOKUP_KEY = value

    with pytest.raises(ImproperlyConfigured, match=message):
        lookup_hash(PHONE, "+33612345678")


def test_the_laptop_lookup_key_is_its_own_file(tmp_path: Path) -> None:
    lookup_key = project_settings.lookup_key_for("development", tmp_path)

    assert lookup_key == project_settings.lookup_key_for("development", tmp_path)
    assert lookup_key not in project_settings.field_keys_for("development", tmp_path)
    assert (tmp_path / "lookup_key").stat().st_mode & 0o777 == 0o600


def test_production_without_a_lookup_key_refuses_to_start_and_names_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VEILLEUSE_LOOKUP_KEY", raising=False)

    with pytest.raises(ImproperlyConfigured, match="VEILLEUSE_LOOKUP_KEY must be set"):
        project_settings.lookup_key_for("production", tmp_path)
    assert not (tmp_path / "lookup_key").exists()


@pytest.mark.parametrize(
    ("normalised", "masked"),
    [
        ("+33612345678", "+33 6 •• •• •• 78"),
        ("+33142685300", "+33 1 •• •• •• 00"),
        ("+32470123456", "+32 4•• •• •• 56"),
        ("+12015550123", "+1 2••-•••-••23"),
    ],
)
def test_a_phone_mask_shows_country_code_first_national_digit_and_last_two(
    normalised: str, masked: str
) -> None:
    assert mask(PHONE, normalised) == masked


@pytest.mark.parametrize("normalised", ["+33612345678", "+32470123456", "+12015550123"])
def test_a_phone_mask_reveals_no_more_than_documented(normalised: str) -> None:
    masked = mask(PHONE, normalised)
    country, _, national = masked.partition(" ")
    visible = [character for character in national if character.isdigit()]

    assert normalised.startswith(country)
    assert len(visible) == 3
    assert visible[0] == normalised[len(country)]
    assert "".join(visible[1:]) == normalised[-2:]


@pytest.mark.parametrize(
    ("normalised", "masked"),
    [("AB123CD", "A•••••D"), ("M1234", "M•••••4"), ("123ABC75", "1•••••5")],
)
def test_a_plate_mask_shows_first_and_last_characters_and_not_the_length(
    normalised: str, masked: str
) -> None:
    assert mask(PLATE, normalised) == masked


def test_masking_an_unnormalised_identifier_is_refused() -> None:
    with pytest.raises(IdentifierError):
        mask(PLATE, "AB-123-CD")
    with pytest.raises(IdentifierError):
        mask(PHONE, "06 12 34 56 78")
