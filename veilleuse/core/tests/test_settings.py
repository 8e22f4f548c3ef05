"""The settings module: databases, profiles, the task queue and the health check."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import Client

from veilleuse import settings as project_settings

ROOT = Path(__file__).resolve().parents[3]


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run manage.py in a clean process, with only the given Veilleuse variables set."""
    base = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("VEILLEUSE_")
        and key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**base, **env},
        timeout=120,
    )


def test_without_database_url_the_database_is_a_sqlite_file_in_the_data_folder(
    tmp_path: Path,
) -> None:
    config = project_settings.database_config(None, tmp_path, "development")

    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "veilleuse.sqlite3")
    assert "PRAGMA journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_a_postgres_database_url_selects_postgresql(tmp_path: Path) -> None:
    url = "postgres://veilleuse:secret@db.example:5433/veilleuse"
    config = project_settings.database_config(url, tmp_path, "production")

    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["HOST"], config["PORT"]) == ("veilleuse", "db.example", 5433)
    assert "init_command" not in config.get("OPTIONS", {})
    assert not (tmp_path / "veilleuse.sqlite3").exists()


@pytest.mark.django_db
def test_the_tests_run_on_the_database_named_by_database_url() -> None:
    on_postgres = os.environ.get("DATABASE_URL", "").startswith("postgres")
    assert connection.vendor == ("postgresql" if on_postgres else "sqlite")


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_a_busy_timeout() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("WAL is a SQLite journal mode")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        journal_mode = cursor.fetchone()[0]
        cursor.execute("PRAGMA busy_timeout")
        busy_timeout = cursor.fetchone()[0]

    assert journal_mode == "wal"
    assert busy_timeout >= 5000


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    result = run_manage(
        "check",
        env={"VEILLEUSE_PROFILE": "production", "VEILLEUSE_DATA_DIR": str(tmp_path)},
    )

    assert result.returncode != 0
    assert "VEILLEUSE_SECRET_KEY must be set when VEILLEUSE_PROFILE=production" in result.stderr
    assert "Traceback" not in result.stderr


def production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    env = {
        "VEILLEUSE_PROFILE": "production",
        "VEILLEUSE_SECRET_KEY": "a-long-random-production-key-" + "x" * 40,
        "VEILLEUSE_ALLOWED_HOSTS": "veilleuse.example",
        "VEILLEUSE_DATA_DIR": str(tmp_path),
        "VEILLEUSE_FIELD_KEYS": project_settings.new_aes_key(),
        "VEILLEUSE_LOOKUP_KEY": project_settings.new_aes_key(),
    }
    env.update(overrides)
    return {key: value for key, value in env.items() if value}


def test_production_starts_once_given_a_secret_key_and_the_encryption_keys(
    tmp_path: Path,
) -> None:
    result = run_manage("check", env=production_env(tmp_path))

    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "secret_key").exists()
    assert not (tmp_path / "field_keys").exists()
    assert not (tmp_path / "lookup_key").exists()


@pytest.mark.parametrize("variable", ["VEILLEUSE_FIELD_KEYS", "VEILLEUSE_LOOKUP_KEY"])
def test_production_refuses_to_start_without_an_encryption_key_and_names_it(
    tmp_path: Path, variable: str
) -> None:
    result = run_manage("check", env=production_env(tmp_path, **{variable: ""}))

    assert result.returncode != 0
    assert f"{variable} must be set when VEILLEUSE_PROFILE=production" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_cache_is_local_memory_unless_a_redis_url_is_given() -> None:
    assert "LocMemCache" in project_settings.cache_config("")["default"]["BACKEND"]
    redis = project_settings.cache_config("redis://127.0.0.1:6379/1")["default"]
    assert redis["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert redis["LOCATION"] == "redis://127.0.0.1:6379/1"
    with pytest.raises(ImproperlyConfigured, match="VEILLEUSE_CACHE_URL"):
        project_settings.cache_config("memcached://localhost")


def test_development_generates_a_secret_key_once_and_keeps_it_private(tmp_path: Path) -> None:
    key_file = tmp_path / "secret_key"

    first = project_settings.stored_secret_key(key_file)
    second = project_settings.stored_secret_key(key_file)

    assert first == second
    assert len(first) >= 50
    assert key_file.stat().st_mode & 0o777 == 0o600


def test_an_unknown_profile_is_refused_with_the_accepted_ones(tmp_path: Path) -> None:
    result = run_manage(
        "check", env={"VEILLEUSE_PROFILE": "staging", "VEILLEUSE_DATA_DIR": str(tmp_path)}
    )

    assert result.returncode != 0
    assert "development, production, test" in result.stderr


def test_tasks_run_immediately_in_the_test_profile() -> None:
    from huey.contrib.djhuey import HUEY

    assert HUEY.immediate


def test_the_default_task_queue_is_a_sqlite_file_in_the_data_folder(tmp_path: Path) -> None:
    config = project_settings.task_queue_config("", tmp_path, "development")

    assert config["huey_class"] == "huey.SqliteHuey"
    assert config["filename"] == str(tmp_path / "tasks.sqlite3")
    assert config["immediate"] is False


def test_a_redis_broker_selects_redis_huey(tmp_path: Path) -> None:
    config = project_settings.task_queue_config("redis://127.0.0.1:6379/0", tmp_path, "production")

    assert config["huey_class"] == "huey.RedisHuey"
    assert config["url"] == "redis://127.0.0.1:6379/0"


def test_a_broker_that_is_not_redis_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImproperlyConfigured, match="not a Redis URL"):
        project_settings.task_queue_config("amqp://localhost", tmp_path, "production")


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers(client: Client) -> None:
    response = client.get("/healthz")

    assert response.status_code == 200
    # No worker has beaten and no alert waits in this fresh database.
    assert response.json() == {
        "status": "ok",
        "worker_heartbeat_age_s": None,
        "alert_worker_heartbeat_age_s": None,
        "outbox_oldest_age_s": None,
    }
    assert "no-cache" in response["Cache-Control"]
