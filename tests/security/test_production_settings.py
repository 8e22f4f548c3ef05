"""Finding 18 of issue 12: production refuses DEBUG; forms with passphrases, codes and numbers
keep them out of error reports; invitation codes carry the 128 bits the docs promise."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse

from veilleuse.alerts.cast import MEMBER_PASSPHRASE
from veilleuse.alerts.services.members import (
    INVITATION_ALPHABET,
    invitation_code_hash,
    new_invitation_code,
)
from veilleuse.demo import CAST_PASSWORD
from veilleuse.settings import debug_for

ROOT = Path(__file__).resolve().parents[2]


def test_the_production_profile_refuses_debug(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VEILLEUSE_DEBUG", "1")
    with pytest.raises(ImproperlyConfigured, match="VEILLEUSE_DEBUG"):
        debug_for("production")
    assert debug_for("development") is True


def test_a_production_server_with_debug_on_does_not_start(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "VEILLEUSE_PROFILE": "production",
        "VEILLEUSE_DEBUG": "1",
        "VEILLEUSE_SECRET_KEY": "k" * 50,
        "VEILLEUSE_FIELD_KEYS": "A" * 43 + "=",
        "VEILLEUSE_LOOKUP_KEY": "B" * 43 + "=",
        "VEILLEUSE_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "veilleuse.settings",
    }
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "VEILLEUSE_DEBUG must not be on" in done.stderr


def test_invitation_codes_carry_at_least_128_bits() -> None:
    code = new_invitation_code()
    symbols = code.replace("-", "")
    assert set(symbols) <= set(INVITATION_ALPHABET)
    assert len(symbols) * math.log2(len(INVITATION_ALPHABET)) >= 128
    assert invitation_code_hash(code=code.lower()) == invitation_code_hash(code=code)


def _member(network: Any) -> Client:
    client = Client()
    client.force_login(network.rosa.user, backend="veilleuse.alerts.auth.MemberBackend")
    return client


SECRET = "a secret to keep out of error reports"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "page",
    [
        "alerts:report_new",
        "alerts:check",
        "alerts:my_data_erase",
        "alerts:notifications",
    ],
)
def test_member_forms_with_numbers_or_passphrases_hide_them_from_error_reports(
    network: Any, page: str
) -> None:
    response = _member(network).post(reverse(page), {"passphrase": SECRET, "value": SECRET})
    assert response.wsgi_request.sensitive_post_parameters == "__ALL__"  # type: ignore[attr-defined]


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["alerts:login", "alerts:join"])
def test_sign_in_and_join_hide_passphrases_and_codes(network: Any, page: str) -> None:
    response = Client().post(reverse(page), {"pseudonym": "Rosa", "passphrase": MEMBER_PASSPHRASE})
    assert response.wsgi_request.sensitive_post_parameters == "__ALL__"  # type: ignore[attr-defined]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "page",
    ["accounts:two_factor_setup", "accounts:two_factor_verify", "accounts:two_factor_remove"],
)
def test_staff_authenticator_forms_hide_codes_and_passwords(cast: Any, page: str) -> None:
    client = Client()
    client.force_login(cast.reviewer)
    response = client.post(reverse(page), {"token": "123456", "password": CAST_PASSWORD})
    assert response.wsgi_request.sensitive_post_parameters == "__ALL__"  # type: ignore[attr-defined]


def _probe_answering(body: bytes) -> str:
    """What scripts/audit_probe.py says of a loopback server answering ``body``."""
    import http.server
    import runpy
    import threading

    class Answer(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Answer)
    thread = threading.Thread(target=server.handle_request, daemon=True)
    thread.start()
    probe = runpy.run_path(str(ROOT / "scripts" / "audit_probe.py"))["probe"]
    try:
        return str(probe(f"http://127.0.0.1:{server.server_port}/pypi/django/5.2/json"))
    finally:
        thread.join(timeout=10)
        server.server_close()


def test_the_audit_probe_tells_a_usable_service_from_a_broken_or_silent_one() -> None:
    assert _probe_answering(b'{"info": {}, "vulnerabilities": []}') == "ok"
    assert _probe_answering(b'{"info": {}}') == "broken"
    assert _probe_answering(b"<html>a mirror</html>") == "broken"
    import runpy

    probe = runpy.run_path(str(ROOT / "scripts" / "audit_probe.py"))["probe"]
    assert probe("http://127.0.0.1:9/nothing-listens-here") == "unreachable"
