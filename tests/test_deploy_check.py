"""``manage.py check --deploy`` is clean with the production profile of docs/deploy.md."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.production.stack import answers, inherited_environment
from veilleuse import settings as project_settings

ROOT = Path(__file__).resolve().parents[1]
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/test"


def production_environment(data_dir: Path) -> dict[str, str]:
    """What docs/deploy.md tells an operator to set, with fresh random secrets."""
    inherited = inherited_environment()
    database = POSTGRES_URL if answers("127.0.0.1", 5432) else f"sqlite:///{data_dir}/db.sqlite3"
    return {
        **inherited,
        "VEILLEUSE_PROFILE": "production",
        "VEILLEUSE_SECRET_KEY": project_settings.new_secret_key(),
        "VEILLEUSE_ALLOWED_HOSTS": "veilleuse.example.org",
        "VEILLEUSE_CSRF_TRUSTED_ORIGINS": "https://veilleuse.example.org",
        "VEILLEUSE_SITE_URL": "https://veilleuse.example.org",
        "VEILLEUSE_FIELD_KEYS": project_settings.new_aes_key(),
        "VEILLEUSE_LOOKUP_KEY": project_settings.new_aes_key(),
        "VEILLEUSE_TASK_BROKER": "redis://127.0.0.1:6379/0",
        "VEILLEUSE_CACHE_URL": "redis://127.0.0.1:6379/1",
        "VEILLEUSE_DATA_DIR": str(data_dir),
        "DATABASE_URL": database,
    }


def test_check_deploy_reports_no_issue_with_the_documented_production_settings(
    tmp_path: Path,
) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=production_environment(tmp_path),
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (1 silenced)." in result.stdout


def test_the_only_silenced_check_is_hsts_preload_which_is_the_operators_choice() -> None:
    assert project_settings.SILENCED_SYSTEM_CHECKS == ["security.W021"]
    assert "security.W021" in (ROOT / "veilleuse" / "settings.py").read_text()


HTTPS_ONLY = {
    "SECURE_SSL_REDIRECT": True,
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "DEBUG": False,
}


def test_the_production_profile_turns_on_https_only_behaviour(tmp_path: Path) -> None:
    code = (
        "import django; django.setup(); from django.conf import settings; "
        f"print({{name: getattr(settings, name) for name in {sorted(HTTPS_ONLY)!r}}})"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**production_environment(tmp_path), "DJANGO_SETTINGS_MODULE": "veilleuse.settings"},
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == repr(dict(sorted(HTTPS_ONLY.items())))
