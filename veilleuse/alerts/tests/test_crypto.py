"""Sensitive text is sealed with keys outside the database, and any tampering is refused."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import connection, models
from django.test.utils import isolate_apps

from veilleuse import settings as project_settings
from veilleuse.alerts.crypto import CryptoError, decode_key, decrypt, encrypt, key_id, rotate
from veilleuse.alerts.fields import EncryptedTextField

ROOT = Path(__file__).resolve().parents[3]
PURPOSE = "alerts.Report.text"
SECRET = "Il m'a frappée rue des Lilas, voiture grise."
KEY_A = base64.b64encode(b"A" * 32).decode()
KEY_B = base64.b64encode(b"B" * 32).decode()


@pytest.fixture(autouse=True)
def key_a(settings: Any) -> None:
    settings.VEILLEUSE_FIELD_KEYS = [KEY_A]


def flip_one_byte(token: str) -> str:
    version, name, data = token.split(":")
    raw = bytearray(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))
    raw[-1] ^= 0x01
    return f"{version}:{name}:{base64.urlsafe_b64encode(bytes(raw)).rstrip(b'=').decode()}"


def token_key_id(token: str) -> str:
    return token.split(":")[1]


@pytest.mark.parametrize(
    "plaintext", ["", SECRET, "ascii", "😀 émoji\nnouvelle ligne", "x" * 10_000]
)
def test_a_text_survives_the_round_trip(plaintext: str) -> None:
    assert decrypt(encrypt(plaintext, purpose=PURPOSE), purpose=PURPOSE) == plaintext


def test_the_token_is_versioned_names_its_key_and_never_holds_the_text() -> None:
    token = encrypt(SECRET, purpose=PURPOSE)

    version, name, _ = token.split(":")
    assert (version, name) == ("v1", key_id(b"A" * 32))
    assert SECRET not in token
    assert "Lilas" not in token
    assert base64.b64encode(SECRET.encode()).decode()[:12] not in token


def test_equal_texts_give_different_tokens() -> None:
    assert encrypt(SECRET, purpose=PURPOSE) != encrypt(SECRET, purpose=PURPOSE)


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(flip_one_byte, id="flipped byte"),
        pytest.param(lambda token: token[:-4], id="truncated"),
        pytest.param(lambda token: token[:30], id="cut to the nonce"),
        pytest.param(lambda token: token.replace("v1:", "v2:", 1), id="unknown version"),
        pytest.param(lambda token: token.rsplit(":", 1)[0], id="missing part"),
        pytest.param(lambda token: token + "!", id="not base64"),
        pytest.param(lambda token: "v1:AAAAAA:" + token.split(":")[2], id="unknown key id"),
        pytest.param(lambda token: SECRET, id="plaintext left in the column"),
    ],
)
def test_a_spoiled_token_is_refused(spoil: Any) -> None:
    token = encrypt(SECRET, purpose=PURPOSE)

    with pytest.raises(CryptoError):
        decrypt(spoil(token), purpose=PURPOSE)


def test_a_token_moved_to_another_column_does_not_decrypt() -> None:
    token = encrypt(SECRET, purpose=PURPOSE)

    with pytest.raises(CryptoError, match="moved from another field"):
        decrypt(token, purpose="alerts.Report.aggressor_description")


def test_keys_rotate_without_losing_a_row(settings: Any) -> None:
    under_a = encrypt(SECRET, purpose=PURPOSE)

    settings.VEILLEUSE_FIELD_KEYS = [KEY_B, KEY_A]
    assert decrypt(under_a, purpose=PURPOSE) == SECRET
    assert token_key_id(encrypt(SECRET, purpose=PURPOSE)) == key_id(b"B" * 32)
    under_b = rotate(under_a, purpose=PURPOSE)
    assert token_key_id(under_b) == key_id(b"B" * 32)
    assert rotate(under_b, purpose=PURPOSE) == under_b

    settings.VEILLEUSE_FIELD_KEYS = [KEY_B]
    assert decrypt(under_b, purpose=PURPOSE) == SECRET
    with pytest.raises(CryptoError, match="not in VEILLEUSE_FIELD_KEYS"):
        decrypt(under_a, purpose=PURPOSE)


def test_rotate_refuses_a_tampered_token_even_under_the_newest_key() -> None:
    with pytest.raises(CryptoError):
        rotate(flip_one_byte(encrypt(SECRET, purpose=PURPOSE)), purpose=PURPOSE)


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        ([], "must be set when VEILLEUSE_PROFILE=production"),
        (["not base64!"], "not base64"),
        ([base64.b64encode(b"short").decode()], "of 5 bytes"),
        ([KEY_A, KEY_A], "same key twice"),
    ],
)
def test_bad_key_settings_are_refused_clearly(settings: Any, keys: list[str], message: str) -> None:
    settings.VEILLEUSE_FIELD_KEYS = keys

    with pytest.raises(ImproperlyConfigured, match=message) as caught:
        encrypt(SECRET, purpose=PURPOSE)
    assert "not base64!" not in str(caught.value)


def test_the_laptop_key_is_generated_once_and_kept_private(tmp_path: Path) -> None:
    first = project_settings.field_keys_for("development", tmp_path)
    second = project_settings.field_keys_for("development", tmp_path)

    assert first == second
    assert len(decode_key(first[0], setting="test")) == 32
    assert (tmp_path / "field_keys").stat().st_mode & 0o777 == 0o600


def run_in_production(code: str, data_dir: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("VEILLEUSE_")}
    env = {
        **base,
        "DJANGO_SETTINGS_MODULE": "veilleuse.settings",
        "VEILLEUSE_PROFILE": "production",
        "VEILLEUSE_SECRET_KEY": "a-long-random-production-key-" + "x" * 40,
        "VEILLEUSE_DATA_DIR": str(data_dir),
        # Production also refuses to start without a lookup key (apart from the field keys).
        "VEILLEUSE_LOOKUP_KEY": base64.b64encode(b"L" * 32).decode(),
        **extra,
    }
    probe = f"import django; django.setup(); {code}"
    return subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, env=env, timeout=60
    )


def test_production_without_field_keys_refuses_to_encrypt_and_names_the_variable(
    tmp_path: Path,
) -> None:
    code = "from veilleuse.alerts.crypto import encrypt; encrypt('x', purpose='p')"

    result = run_in_production(code, tmp_path)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "VEILLEUSE_FIELD_KEYS must be set when VEILLEUSE_PROFILE=production" in result.stderr
    assert not (tmp_path / "field_keys").exists()


def test_production_encrypts_with_the_keys_from_the_environment(tmp_path: Path) -> None:
    code = (
        "from veilleuse.alerts.crypto import encrypt, decrypt; "
        "print(decrypt(encrypt('ok', purpose='p'), purpose='p'))"
    )

    result = run_in_production(code, tmp_path, VEILLEUSE_FIELD_KEYS=f"{KEY_B}, {KEY_A}")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


# The field. No model of the project is needed: a model in an isolated registry gives the
# field its name and class, and the conversions are called directly (no table, no query).


@pytest.fixture
def report_field() -> Any:
    with isolate_apps("veilleuse.alerts"):

        class Report(models.Model):
            text = EncryptedTextField(null=True)

            class Meta:
                app_label = "alerts"

            def __str__(self) -> str:
                return "a report"

        yield Report, Report._meta.get_field("text")


def test_the_field_takes_its_purpose_from_the_model_label_and_field_name(
    report_field: Any,
) -> None:
    _, field = report_field

    assert field.purpose == "alerts.Report.text"


def test_the_field_stores_a_token_and_reads_back_the_text(report_field: Any) -> None:
    _, field = report_field

    stored = field.get_db_prep_save(SECRET, connection)

    assert stored.startswith("v1:")
    assert SECRET not in stored
    assert decrypt(stored, purpose="alerts.Report.text") == SECRET
    assert field.from_db_value(stored, None, connection) == SECRET


def test_the_field_keeps_null_as_null(report_field: Any) -> None:
    _, field = report_field

    assert field.get_prep_value(None) is None
    assert field.from_db_value(None, None, connection) is None


def test_the_field_refuses_a_token_of_another_column(report_field: Any) -> None:
    _, field = report_field

    with pytest.raises(CryptoError):
        field.from_db_value(encrypt(SECRET, purpose="alerts.Member.note"), None, connection)


@pytest.mark.parametrize("lookup", ["text", "text__icontains", "text__startswith", "text__lower"])
def test_the_field_cannot_be_searched_by_content(report_field: Any, lookup: str) -> None:
    model, _ = report_field

    with pytest.raises(FieldError, match="encrypted"):
        model.objects.filter(**{lookup: SECRET})


def test_the_field_can_still_be_asked_whether_it_is_empty(report_field: Any) -> None:
    model, _ = report_field

    assert "IS NULL" in str(model.objects.filter(text__isnull=True).query)


@pytest.mark.parametrize("option", ["unique", "db_index", "primary_key"])
def test_the_field_refuses_options_that_assume_comparable_values(option: str) -> None:
    with pytest.raises(ValueError, match=option):
        EncryptedTextField(**{option: True})


def test_a_field_not_attached_to_a_model_refuses_to_guess_its_purpose() -> None:
    with pytest.raises(FieldError, match="before being attached"):
        EncryptedTextField().get_prep_value(SECRET)
