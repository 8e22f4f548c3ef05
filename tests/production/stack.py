"""The production stack of ``deploy/`` on this machine, for the tests and the load test.

``veilleuse production --with-caddy`` starts what ``deploy/systemd`` names (N gunicorn
workers, the huey worker with the periodic tasks) and Caddy on ``deploy/Caddyfile``, with an
environment file made from ``deploy/veilleuse.env.example`` by changing only what a test
machine needs: its own PostgreSQL database, Redis databases, free loopback ports, fresh keys,
Caddy's internal certificate authority, the SMS file sink and console e-mail.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from veilleuse import settings as project_settings
from veilleuse.production import DEPLOY, env_file_read

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PG_HOST, PG_PORT = "127.0.0.1", 5432
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
# Redis databases of the production tests (the queue, the cache): keep them free for it.
REDIS_QUEUE_DB, REDIS_CACHE_DB = 11, 12
# The sign-in authenticator of the staff the journeys use (TOTP, RFC 6238), hex.
TOTP_KEY = "3132333435363738393031323334353637383930"
CI = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
START_SECONDS = 120.0

SETUP = f"""
import json
from django_otp.plugins.otp_totp.models import TOTPDevice
from veilleuse.alerts.cast import network_cast_create
from veilleuse.demo import CAST_PASSWORD, cast_create
cast = cast_create()
network = network_cast_create(cast.association, CAST_PASSWORD)
for user in (cast.admin, network.moderator, network.second_moderator):
    TOTPDevice.objects.create(user=user, name="phone", key="{TOTP_KEY}", confirmed=True)
lin = network.lin
lin.contact_phone, lin.notify_sms = "+33612345678", True
lin.save()
print(json.dumps({{"belleville": network.zones["belleville"].pk}}))
"""


def answers(host: str, port: int) -> bool:
    try:
        socket.create_connection((host, port), timeout=2).close()
    except OSError:
        return False
    return True


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def missing_pieces() -> list[str]:
    """What this machine lacks to run the stack, in words (empty: nothing)."""
    missing = []
    if shutil.which("caddy") is None:
        missing.append("Caddy (make test installs Debian's caddy as root)")
    if not answers(PG_HOST, PG_PORT):
        missing.append(f"PostgreSQL at {PG_HOST}:{PG_PORT}")
    if not answers(REDIS_HOST, REDIS_PORT):
        missing.append(f"Redis at {REDIS_HOST}:{REDIS_PORT}")
    if not (BIN / "gunicorn").exists():
        missing.append("gunicorn (make setup installs the production extra)")
    return missing


def inherited_environment() -> dict[str, str]:
    """This process's environment without anything that would configure Veilleuse."""
    return {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("VEILLEUSE_")
        # The browser tests' conftest sets DJANGO_ALLOW_ASYNC_UNSAFE, never set in production.
        and key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }


@dataclass
class Stack:
    folder: Path
    database: str
    web_workers: int = 3
    # Settings beyond the example's, for one use (the load test raises the members' quotas).
    extra: dict[str, str] = field(default_factory=dict)
    https_port: int = field(default_factory=free_port)
    web_port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"https://127.0.0.1:{self.https_port}"

    @property
    def sites(self) -> str:
        return f"https://localhost:{self.https_port}"

    @property
    def data_dir(self) -> Path:
        return self.folder / "data"

    @property
    def sms_dir(self) -> Path:
        return self.folder / "sms"

    @property
    def env_file(self) -> Path:
        return self.folder / "env"

    @property
    def log(self) -> Path:
        return self.folder / "stack.log"

    @property
    def root_certificate(self) -> Path:
        return self.folder / "caddy-data" / "caddy" / "pki" / "authorities" / "local" / "root.crt"

    def settings(self) -> dict[str, str]:
        """The example environment file with the test machine's values."""
        values = env_file_read(DEPLOY / "veilleuse.env.example")
        redis = f"redis://{REDIS_HOST}:{REDIS_PORT}"
        values.update(
            VEILLEUSE_SECRET_KEY=project_settings.new_secret_key(),
            VEILLEUSE_FIELD_KEYS=project_settings.new_aes_key(),
            VEILLEUSE_LOOKUP_KEY=project_settings.new_aes_key(),
            VEILLEUSE_ALLOWED_HOSTS="127.0.0.1",
            VEILLEUSE_CSRF_TRUSTED_ORIGINS=self.base,
            VEILLEUSE_SITE_URL=self.base,
            DATABASE_URL=f"postgres://postgres@{PG_HOST}:{PG_PORT}/{self.database}",
            VEILLEUSE_TASK_BROKER=f"{redis}/{REDIS_QUEUE_DB}",
            VEILLEUSE_CACHE_URL=f"{redis}/{REDIS_CACHE_DB}",
            VEILLEUSE_DATA_DIR=str(self.data_dir),
            VEILLEUSE_BACKUP_PASSPHRASE="a passphrase for the tests only",
            VEILLEUSE_WEB_BIND=f"127.0.0.1:{self.web_port}",
            VEILLEUSE_WEB_WORKERS=str(self.web_workers),
            VEILLEUSE_EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
            VEILLEUSE_SMS_BACKEND="file",
            VEILLEUSE_SMS_DIR=str(self.sms_dir),
            VEILLEUSE_DOMAIN=f"127.0.0.1:{self.https_port}",
            VEILLEUSE_SITES_DOMAIN=f"localhost:{self.https_port}",
            CADDY_TLS="internal",
            CADDY_BIND="127.0.0.1",
            CADDY_HTTPS_PORT=str(self.https_port),
            CADDY_HTTP_PORT=str(free_port()),
            CADDY_ADMIN=f"127.0.0.1:{free_port()}",
        )
        return {**values, **self.extra}

    def environment(self) -> dict[str, str]:
        # Caddy keeps its certificate authority and certificates under XDG_DATA_HOME.
        return {
            **inherited_environment(),
            "XDG_DATA_HOME": str(self.folder / "caddy-data"),
            "XDG_CONFIG_HOME": str(self.folder / "caddy-config"),
        }

    def settings_written(self) -> dict[str, str]:
        return env_file_read(self.env_file)

    def write_env_file(self) -> None:
        lines = [f"{name}={value}" for name, value in self.settings().items()]
        self.env_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
        self.env_file.chmod(0o600)

    def run(self, *command: str, **overrides: str) -> subprocess.CompletedProcess[str]:
        """A command with the installation's environment, as an operator runs it."""
        environment = {**self.environment(), **self.settings_written(), **overrides}
        return subprocess.run(
            command, capture_output=True, text=True, cwd=ROOT, env=environment, timeout=180
        )

    def manage(self, *args: str, **overrides: str) -> str:
        """``manage.py`` with the installation's environment; its output."""
        result = self.run(sys.executable, "manage.py", *args, **overrides)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.write_env_file()
        command = [str(BIN / "veilleuse"), "production", "--env-file", str(self.env_file)]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [*command, "--with-caddy"],
                cwd=ROOT,
                env=self.environment(),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.wait_until_healthy()

    def https_context(self) -> ssl.SSLContext:
        """Verifies Caddy's certificates against its own root, as a browser told to trust it."""
        return ssl.create_default_context(cafile=str(self.root_certificate))

    def get(self, path: str, base: str | None = None) -> tuple[int, bytes]:
        url = (base or self.base) + path
        try:
            with urllib.request.urlopen(url, timeout=10, context=self.https_context()) as reply:
                return int(reply.status), reply.read()
        except urllib.error.HTTPError as error:
            return int(error.code), error.read()

    def wait_until_healthy(self) -> None:
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise AssertionError(f"the stack stopped while starting:\n{self.log_text()}")
            if self.root_certificate.exists():
                try:
                    status, _ = self.get("/healthz")
                except OSError:
                    status = 0
                if status == 200:
                    return
            time.sleep(0.5)
        raise AssertionError(f"the stack did not answer through Caddy:\n{self.log_text()}")

    def load_cast(self) -> dict[str, int]:
        loaded: dict[str, int] = json.loads(self.manage("shell", "-v0", "-c", SETUP).strip())
        return loaded

    def stop(self) -> int:
        """SIGTERM, as systemd stops a service; the runner's exit code."""
        assert self.process is not None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError(
                f"the stack did not stop within 60 s:\n{self.log_text()}"
            ) from None

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-6000:]


def database_create(name: str) -> None:
    import psycopg

    with psycopg.connect(
        f"postgresql://postgres@{PG_HOST}:{PG_PORT}/postgres", autocommit=True
    ) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def database_drop(name: str) -> None:
    import psycopg

    with psycopg.connect(
        f"postgresql://postgres@{PG_HOST}:{PG_PORT}/postgres", autocommit=True
    ) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def redis_empty() -> None:
    import redis

    for number in (REDIS_QUEUE_DB, REDIS_CACHE_DB):
        redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=number).flushdb()
