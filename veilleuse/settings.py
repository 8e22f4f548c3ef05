"""Django settings for Veilleuse: one module, driven by environment variables.

Every variable read here is listed, with its default and meaning, in docs/settings.md (a test
keeps the two in step). Three profiles share this module:

- ``development`` (default): a laptop, SQLite and the task queue in the data folder, DEBUG on.
- ``production``: refuses to start without ``VEILLEUSE_SECRET_KEY``; DEBUG off, secure cookies.
- ``test``: chosen automatically under pytest; tasks run immediately, nothing written to the
  user's data folder.
"""

from __future__ import annotations

import base64
import ipaddress
import os
import secrets
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# Lets annotations such as ``admin.ModelAdmin[User]`` or ``QuerySet[Report]`` run: Django's
# classes are generic only for the type checker otherwise.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent

PROFILES = ("development", "production", "test")
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})
SECRET_KEY_FILE_NAME = "secret_key"  # noqa: S105 - a file name, not the key
FIELD_KEYS_FILE_NAME = "field_keys"
LOOKUP_KEY_FILE_NAME = "lookup_key"
SQLITE_FILE_NAME = "veilleuse.sqlite3"
TASKS_FILE_NAME = "tasks.sqlite3"
ALERT_TASKS_FILE_NAME = "alert_tasks.sqlite3"
REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


# Helpers. Pure functions of their arguments so that tests can call them without reloading
# this module.


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use 1/0, true/false, yes/no.")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


# The web-push services browsers use (docs/settings.md, VEILLEUSE_PUSH_HOSTS): Chrome and
# Edge's FCM, Firefox's autopush, Safari's and the Windows notification service.
DEFAULT_PUSH_HOSTS = (
    "fcm.googleapis.com",
    "updates.push.services.mozilla.com",
    "web.push.apple.com",
    "*.notify.windows.com",
)


def push_hosts_for(profile: str, raw: str) -> list[str]:
    """The push hosts the worker may contact. An address listed outright lets tests reach a
    push service on loopback; production refuses any address that is not public."""
    hosts = [item.strip().lower().strip("[]") for item in raw.split(",") if item.strip()]
    if profile == "production":
        for host in hosts:
            try:
                address = ipaddress.ip_address(host)
            except ValueError:
                continue
            if not address.is_global:
                raise ImproperlyConfigured(
                    f"VEILLEUSE_PUSH_HOSTS lists {host}, which is not a public address: "
                    "in production the worker contacts only public push services."
                )
    return hosts


def default_profile() -> str:
    # pytest-django imports settings before any conftest can set a variable, so "under
    # pytest" is how the test profile is chosen when nothing says otherwise.
    return "test" if "pytest" in sys.modules else "development"


def debug_for(profile: str) -> bool:
    """``VEILLEUSE_DEBUG``; production refuses it: Django's debug pages show settings,
    queries and the request to whoever triggers an error (issue 12)."""
    debug = env_bool("VEILLEUSE_DEBUG", profile == "development")
    if debug and profile == "production":
        raise ImproperlyConfigured(
            "VEILLEUSE_DEBUG must not be on when VEILLEUSE_PROFILE=production: debug pages "
            "show secrets and personal data to anyone. Unset it."
        )
    return debug


def data_dir_for(profile: str) -> Path:
    explicit = env("VEILLEUSE_DATA_DIR")
    if explicit:
        return Path(explicit).expanduser()
    if profile == "test":
        # Tests never touch the user's real data folder.
        return Path(tempfile.gettempdir()) / f"veilleuse-test-{os.getuid()}"
    xdg_data_home = env("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg_data_home) / "veilleuse"


def ensure_dir(path: Path) -> Path:
    # 0700: the folder holds the database and the secret key of an association.
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def secret_key_for(profile: str, data_dir: Path) -> str:
    explicit = env("VEILLEUSE_SECRET_KEY")
    if explicit:
        return explicit
    if profile == "production":
        raise ImproperlyConfigured(
            "VEILLEUSE_SECRET_KEY must be set when VEILLEUSE_PROFILE=production. "
            "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    if profile == "test":
        return "insecure-key-for-tests-only"
    return stored_secret_key(ensure_dir(data_dir) / SECRET_KEY_FILE_NAME)


def new_secret_key() -> str:
    return secrets.token_urlsafe(50)


def new_aes_key() -> str:
    """A random 256-bit key, base64: the format of ``VEILLEUSE_FIELD_KEYS``/``_LOOKUP_KEY``."""
    return base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def stored_secret_key(path: Path, generate: Callable[[], str] = new_secret_key) -> str:
    """Read the laptop's key, generating it on first use; it never lives in the repository."""
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    key = generate()
    # O_EXCL: if two processes start at once, only one writes and the other reads its key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key + "\n")
    return key


def field_keys_for(profile: str, data_dir: Path) -> list[str]:
    """Keys of the encrypted fields, newest first (veilleuse/alerts/crypto.py)."""
    explicit = env_list("VEILLEUSE_FIELD_KEYS")
    if explicit:
        return explicit
    if profile == "production":
        # The alerts module is part of every deployment: refuse to start rather than fail
        # at the first report.
        raise ImproperlyConfigured(
            "VEILLEUSE_FIELD_KEYS must be set when VEILLEUSE_PROFILE=production "
            "(docs/deploy.md says how to generate it)."
        )
    stored = stored_secret_key(ensure_dir(data_dir) / FIELD_KEYS_FILE_NAME, new_aes_key)
    return [key.strip() for key in stored.split(",") if key.strip()]


def lookup_key_for(profile: str, data_dir: Path) -> str:
    """The HMAC key of lookup hashes, kept apart from the field keys (docs/decisions/0004)."""
    explicit = env("VEILLEUSE_LOOKUP_KEY").strip()
    if explicit:
        return explicit
    if profile == "production":
        raise ImproperlyConfigured(
            "VEILLEUSE_LOOKUP_KEY must be set when VEILLEUSE_PROFILE=production "
            "(docs/deploy.md says how to generate it)."
        )
    return stored_secret_key(ensure_dir(data_dir) / LOOKUP_KEY_FILE_NAME, new_aes_key)


def database_config(url: str | None, data_dir: Path, profile: str) -> dict[str, Any]:
    """The default database: ``DATABASE_URL`` if given, else a SQLite file in the data folder."""
    if not url:
        url = f"sqlite:///{ensure_dir(data_dir) / SQLITE_FILE_NAME}"
    is_sqlite = url.startswith("sqlite:")
    config: dict[str, Any] = dict(
        dj_database_url.parse(
            url,
            conn_max_age=0 if is_sqlite else 60,
            conn_health_checks=not is_sqlite,
        )
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = sqlite_options()
        if profile == "test" and config["NAME"] != ":memory:":
            # A file, not Django's in-memory default, so the tests see WAL as production does;
            # one per process, so that two test runs on one machine do not clobber each other.
            test_name = f"test-veilleuse-{os.getpid()}.sqlite3"
            config["TEST"] = {"NAME": str(ensure_dir(data_dir) / test_name)}
    return config


def sqlite_options() -> dict[str, Any]:
    # WAL lets the web process read while the task worker writes; IMMEDIATE takes the write
    # lock when a transaction starts, so two writers queue on the busy timeout instead of
    # failing with "database is locked" halfway through.
    return {
        "init_command": (
            "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        # Seconds; sqlite3 turns it into the connection's busy timeout.
        "timeout": 20,
    }


def task_queue_config(
    broker: str,
    data_dir: Path,
    profile: str,
    *,
    name: str = "veilleuse",
    file_name: str = "",
) -> dict[str, Any]:
    """The ``HUEY`` setting (or, named apart, the alert queue's): immediate in tests, Redis
    when a broker is named, else SQLite."""
    immediate = env_bool("VEILLEUSE_TASKS_IMMEDIATE", profile == "test")
    consumer = {"workers": int(env("VEILLEUSE_TASK_WORKERS", "2")), "worker_type": "thread"}
    if profile == "test":
        return {"huey_class": "huey.MemoryHuey", "name": name, "immediate": True}
    if broker:
        if not broker.startswith(REDIS_SCHEMES):
            raise ImproperlyConfigured(
                f"VEILLEUSE_TASK_BROKER={broker!r} is not a Redis URL "
                "(redis://, rediss:// or unix://); leave it empty for the embedded SQLite queue."
            )
        return {
            "huey_class": "huey.RedisHuey",
            "name": name,
            "url": broker,
            "immediate": immediate,
            "consumer": consumer,
        }
    return {
        "huey_class": "huey.SqliteHuey",
        "name": name,
        "filename": str(ensure_dir(data_dir) / (file_name or TASKS_FILE_NAME)),
        "immediate": immediate,
        "consumer": consumer,
    }


def cache_config(url: str) -> dict[str, Any]:
    """The ``CACHES`` setting: this process's memory, or Redis shared by every web process."""
    if not url:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    if not url.startswith(REDIS_SCHEMES):
        raise ImproperlyConfigured(
            f"VEILLEUSE_CACHE_URL={url!r} is not a Redis URL (redis://, rediss:// or unix://)."
        )
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "veilleuse",
        }
    }


def logging_config(level: str) -> dict[str, Any]:
    # Every handler goes through the IP-redacting filter, and no AdminEmailHandler: Django's
    # error e-mails carry request.META, client address included.
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "no_ip_addresses": {"()": "veilleuse.core.log_filters.IPAddressRedactingFilter"},
        },
        "formatters": {
            "plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "plain",
                "filters": ["no_ip_addresses"],
            },
        },
        "root": {"handlers": ["console"], "level": "WARNING"},
        "loggers": {
            "django": {"handlers": ["console"], "level": level, "propagate": False},
            "huey": {"handlers": ["console"], "level": level, "propagate": False},
            "veilleuse": {"handlers": ["console"], "level": level, "propagate": False},
        },
    }


# Profile and folders.

PROFILE = env("VEILLEUSE_PROFILE") or default_profile()
if PROFILE not in PROFILES:
    raise ImproperlyConfigured(
        f"VEILLEUSE_PROFILE={PROFILE!r} is unknown: use one of {', '.join(PROFILES)}."
    )
DATA_DIR = data_dir_for(PROFILE)

SECRET_KEY = secret_key_for(PROFILE, DATA_DIR)
DEBUG = debug_for(PROFILE)
ALLOWED_HOSTS = env_list(
    "VEILLEUSE_ALLOWED_HOSTS", "" if PROFILE == "production" else "localhost,127.0.0.1,[::1]"
)
if PROFILE == "test":
    ALLOWED_HOSTS.append("testserver")


# Applications. Ours are listed in their dependency order (see docs/architecture.md).

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "huey.contrib.djhuey",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "veilleuse.core",
    "veilleuse.accounts",
    "veilleuse.questionnaires",
    "veilleuse.commitments",
    "veilleuse.publishing",
    "veilleuse.alerts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "veilleuse.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before anything reads the body (CSRF reads POST): oversize requests get a 413 page.
    "veilleuse.core.limits.RequestSizeLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "veilleuse.urls"
WSGI_APPLICATION = "veilleuse.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "veilleuse.alerts.context_processors.network_links",
            ],
        },
    },
]


# Database and users.

DATABASES = {"default": database_config(env("DATABASE_URL"), DATA_DIR, PROFILE)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Set before the first migration: swapping the user model later is a costly migration.
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "veilleuse.accounts.auth.StaffBackend",
    "veilleuse.alerts.auth.MemberBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2 hashes new passwords; PBKDF2 stays to check (and upgrade at sign-in) older hashes.
ARGON2_PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# A slow hasher is a security feature in production and only a cost in tests.
PASSWORD_HASHERS = (
    ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if PROFILE == "test"
    else ARGON2_PASSWORD_HASHERS
)


# Languages and time: French first; every date is timezone-aware.

LANGUAGE_CODE = "fr"
LANGUAGES = [
    ("fr", _("French")),
    ("en", _("English")),
    # The alert network's member pages and alerts also speak these (issue 6); staff pages are
    # translated into French and English only (STAFF_LANGUAGES).
    ("es", _("Spanish")),
    ("zh-hans", _("Chinese (Simplified)")),
    ("ro", _("Romanian")),
    ("pt", _("Portuguese")),
    # Issue 14: Arabic (written right to left), Bulgarian, Russian and Ukrainian.
    ("ar", _("Arabic")),
    ("bg", _("Bulgarian")),
    ("ru", _("Russian")),
    ("uk", _("Ukrainian")),
]
STAFF_LANGUAGES = ("fr", "en")
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Paris"
USE_TZ = True


# Static files and uploads. Uploaded documents live in the data folder, never in the repo.

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "media/"  # never served directly: documents are reached through access gates
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
VEILLEUSE_UPLOAD_MAX_BYTES = int(env("VEILLEUSE_UPLOAD_MAX_MB", "20")) * 1024 * 1024
# What reading one document may cost, in its child process (docs/hostile-input.md).
VEILLEUSE_DOCUMENT_MEMORY_MB = int(env("VEILLEUSE_DOCUMENT_MEMORY_MB", "512"))
VEILLEUSE_DOCUMENT_CPU_SECONDS = int(env("VEILLEUSE_DOCUMENT_CPU_SECONDS", "30"))
VEILLEUSE_DOCUMENT_TIMEOUT_SECONDS = int(env("VEILLEUSE_DOCUMENT_TIMEOUT_SECONDS", "60"))
# The largest file or API page the watch of the city's public record reads (docs/tracking.md).
VEILLEUSE_WATCH_MAX_MB = int(env("VEILLEUSE_WATCH_MAX_MB", "50"))
# The watch reads public addresses only (an address of the server's own network is refused),
# except in tests, whose fixture servers listen on loopback.
VEILLEUSE_WATCH_PRIVATE_ADDRESSES = env_bool("VEILLEUSE_WATCH_PRIVATE_ADDRESSES", PROFILE == "test")


# Signing in. Staff of an association that requires it confirm each sign-in with a TOTP code.

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "questionnaires:home"
LOGOUT_REDIRECT_URL = "accounts:login"
OTP_TOTP_ISSUER = "Veilleuse"
VEILLEUSE_REQUIRE_2FA = env_bool("VEILLEUSE_REQUIRE_2FA", PROFILE == "production")


# E-mail: printed to the console in development, kept in memory in tests, SMTP in production.

EMAIL_BACKEND_BY_PROFILE = {
    # Django's console backend, minus the recipients: members' contact addresses must not
    # end up in a terminal's scrollback or a log file (issue 12).
    "development": "veilleuse.core.mail.ConsoleEmailBackend",
    "test": "django.core.mail.backends.locmem.EmailBackend",
    "production": "django.core.mail.backends.smtp.EmailBackend",
}
EMAIL_BACKEND = env("VEILLEUSE_EMAIL_BACKEND", EMAIL_BACKEND_BY_PROFILE[PROFILE])
EMAIL_HOST = env("VEILLEUSE_EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("VEILLEUSE_EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("VEILLEUSE_EMAIL_USER")
EMAIL_HOST_PASSWORD = env("VEILLEUSE_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("VEILLEUSE_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = env("VEILLEUSE_FROM_EMAIL", "veilleuse@localhost")
VEILLEUSE_SITE_URL = env("VEILLEUSE_SITE_URL", "http://127.0.0.1:8000").rstrip("/")


# Security. Production sits behind HTTPS; cookies never travel in the clear there.

# Sessions are stored under a keyed hash of their cookie (veilleuse/core/sessions.py): a copy
# of the database opens none of them.
SESSION_ENGINE = "veilleuse.core.sessions"
SESSION_COOKIE_SECURE = PROFILE == "production"
CSRF_COOKIE_SECURE = PROFILE == "production"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(env("VEILLEUSE_SESSION_HOURS", "12")) * 3600
# The CSRF token lives in the session, not in a cookie of its own that would stay a year on
# a member's phone (issue 12): it ends with the session. Forms carry it in a hidden field.
CSRF_USE_SESSIONS = True
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_TRUSTED_ORIGINS = env_list("VEILLEUSE_CSRF_TRUSTED_ORIGINS")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = env_bool("VEILLEUSE_SSL_REDIRECT", PROFILE == "production")
SECURE_HSTS_SECONDS = int(
    env("VEILLEUSE_HSTS_SECONDS", "31536000" if PROFILE == "production" else "0")
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("VEILLEUSE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("VEILLEUSE_HSTS_PRELOAD", False)
# check --deploy warns while preload is off (security.W021). Preloading binds the domain and
# all its subdomains to HTTPS in browsers for months and is slow to undo: the association
# that owns the domain opts in (VEILLEUSE_HSTS_PRELOAD), we do not decide it for them.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
if env_bool("VEILLEUSE_BEHIND_TLS_PROXY", False):
    # Only behind a proxy that sets this header itself and strips it from clients' requests.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# /healthz answers over plain HTTP to the machine's own probes.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Failed staff sign-ins (veilleuse/core/throttle.py) are counted in the cache, which several
# web processes must share: Redis in production.
CACHES = cache_config(env("VEILLEUSE_CACHE_URL"))
VEILLEUSE_LOGIN_FAILURES = int(env("VEILLEUSE_LOGIN_FAILURES", "5"))
VEILLEUSE_LOGIN_LOCKOUT_MINUTES = int(env("VEILLEUSE_LOGIN_LOCKOUT_MINUTES", "15"))


# Encryption of sensitive fields and keyed lookup hashes (docs/decisions/0004): keys live
# outside the database, in the environment (production) or the data folder (laptop, tests).

VEILLEUSE_FIELD_KEYS = field_keys_for(PROFILE, DATA_DIR)
VEILLEUSE_LOOKUP_KEY = lookup_key_for(PROFILE, DATA_DIR)


# The alert network (veilleuse/alerts, docs/security/alerts-threat-model.md).

VEILLEUSE_ALERT_EXPIRY_DAYS = int(env("VEILLEUSE_ALERT_EXPIRY_DAYS", "365"))
VEILLEUSE_REPORTS_PER_DAY = int(env("VEILLEUSE_REPORTS_PER_DAY", "5"))
VEILLEUSE_MEMBER_SESSION_HOURS = int(env("VEILLEUSE_MEMBER_SESSION_HOURS", "12"))
VEILLEUSE_QUICK_EXIT_URL = env("VEILLEUSE_QUICK_EXIT_URL", "https://www.meteofrance.com/")
VEILLEUSE_MEMBER_INVITATION_DAYS = int(env("VEILLEUSE_MEMBER_INVITATION_DAYS", "14"))
VEILLEUSE_DELIVERY_MAX_ATTEMPTS = int(env("VEILLEUSE_DELIVERY_MAX_ATTEMPTS", "8"))
VEILLEUSE_DELIVERY_RETRY_SECONDS = int(env("VEILLEUSE_DELIVERY_RETRY_SECONDS", "30"))
VEILLEUSE_DELIVERY_LEASE_SECONDS = int(env("VEILLEUSE_DELIVERY_LEASE_SECONDS", "300"))
VEILLEUSE_SMS_BACKEND = env("VEILLEUSE_SMS_BACKEND", "" if PROFILE == "production" else "file")
VEILLEUSE_SMS_URL = env("VEILLEUSE_SMS_URL")
VEILLEUSE_SMS_TOKEN = env("VEILLEUSE_SMS_TOKEN")
VEILLEUSE_SMS_SENDER = env("VEILLEUSE_SMS_SENDER", "Veilleuse")
VEILLEUSE_SMS_DIR = Path(env("VEILLEUSE_SMS_DIR") or DATA_DIR / "sms")
VEILLEUSE_VAPID_PRIVATE_KEY = env("VEILLEUSE_VAPID_PRIVATE_KEY")
VEILLEUSE_VAPID_SUBJECT = env("VEILLEUSE_VAPID_SUBJECT", "mailto:" + DEFAULT_FROM_EMAIL)
VEILLEUSE_PUSH_HOSTS = push_hosts_for(
    PROFILE, env("VEILLEUSE_PUSH_HOSTS", ",".join(DEFAULT_PUSH_HOSTS))
)
VEILLEUSE_CHECKS_PER_DAY = int(env("VEILLEUSE_CHECKS_PER_DAY", "10"))
VEILLEUSE_CHECKS_ALARM_PER_DAY = int(env("VEILLEUSE_CHECKS_ALARM_PER_DAY", "8"))
VEILLEUSE_STATISTICS_MIN_CELL = int(env("VEILLEUSE_STATISTICS_MIN_CELL", "5"))
# Safe-date check-ins and the duty rota (docs/alerts-delivery.md, "Check-ins").
VEILLEUSE_DUTY_TIME_ZONE = env("VEILLEUSE_DUTY_TIME_ZONE", TIME_ZONE)
VEILLEUSE_DUTY_REPAGE_MINUTES = int(env("VEILLEUSE_DUTY_REPAGE_MINUTES", "10"))
VEILLEUSE_RETENTION_REPORTS_DAYS = int(env("VEILLEUSE_RETENTION_REPORTS_DAYS", "730"))
VEILLEUSE_RETENTION_IDENTIFIERS_DAYS = int(env("VEILLEUSE_RETENTION_IDENTIFIERS_DAYS", "730"))
VEILLEUSE_RETENTION_ALERTS_DAYS = int(env("VEILLEUSE_RETENTION_ALERTS_DAYS", "400"))
VEILLEUSE_RETENTION_CASES_DAYS = int(env("VEILLEUSE_RETENTION_CASES_DAYS", "1825"))
VEILLEUSE_RETENTION_AUDIT_DAYS = int(env("VEILLEUSE_RETENTION_AUDIT_DAYS", "1095"))
VEILLEUSE_RETENTION_CONTESTS_DAYS = int(env("VEILLEUSE_RETENTION_CONTESTS_DAYS", "365"))
# Reported people's contests (issue 20): how many one network takes in any 24 hours, and the
# legal basis its notices state when its staff chose none (victim_support or
# legitimate_interest, docs/compliance.md).
VEILLEUSE_CONTESTS_PER_DAY = int(env("VEILLEUSE_CONTESTS_PER_DAY", "20"))
VEILLEUSE_LEGAL_BASIS = env("VEILLEUSE_LEGAL_BASIS", "legitimate_interest")


# Messaging channels (docs/alerts-delivery.md, "Signal, Telegram and WhatsApp"): each is off
# while its credentials are empty.

VEILLEUSE_LINK_CODE_MINUTES = int(env("VEILLEUSE_LINK_CODE_MINUTES", "15"))
VEILLEUSE_TELEGRAM_BOT_TOKEN = env("VEILLEUSE_TELEGRAM_BOT_TOKEN")
VEILLEUSE_TELEGRAM_BOT_NAME = env("VEILLEUSE_TELEGRAM_BOT_NAME")
VEILLEUSE_TELEGRAM_API_URL = env("VEILLEUSE_TELEGRAM_API_URL", "https://api.telegram.org")
VEILLEUSE_TELEGRAM_WEBHOOK_SECRET = env("VEILLEUSE_TELEGRAM_WEBHOOK_SECRET")
VEILLEUSE_TELEGRAM_PER_SECOND = float(env("VEILLEUSE_TELEGRAM_PER_SECOND", "25"))
VEILLEUSE_SIGNAL_URL = env("VEILLEUSE_SIGNAL_URL")
VEILLEUSE_SIGNAL_NUMBER = env("VEILLEUSE_SIGNAL_NUMBER")
VEILLEUSE_SIGNAL_PER_SECOND = float(env("VEILLEUSE_SIGNAL_PER_SECOND", "1"))
VEILLEUSE_WHATSAPP_API_URL = env("VEILLEUSE_WHATSAPP_API_URL", "https://graph.facebook.com/v21.0")
VEILLEUSE_WHATSAPP_PHONE_NUMBER_ID = env("VEILLEUSE_WHATSAPP_PHONE_NUMBER_ID")
VEILLEUSE_WHATSAPP_NUMBER = env("VEILLEUSE_WHATSAPP_NUMBER")
VEILLEUSE_WHATSAPP_TOKEN = env("VEILLEUSE_WHATSAPP_TOKEN")
VEILLEUSE_WHATSAPP_APP_SECRET = env("VEILLEUSE_WHATSAPP_APP_SECRET")
VEILLEUSE_WHATSAPP_VERIFY_TOKEN = env("VEILLEUSE_WHATSAPP_VERIFY_TOKEN")
VEILLEUSE_WHATSAPP_TEMPLATE = env("VEILLEUSE_WHATSAPP_TEMPLATE", "veilleuse_new_alert")
VEILLEUSE_WHATSAPP_PER_SECOND = float(env("VEILLEUSE_WHATSAPP_PER_SECOND", "20"))

# Nightly backups by the worker (veilleuse/core/jobs.py, docs/backup.md): off without a
# passphrase.

VEILLEUSE_BACKUP_PASSPHRASE = env("VEILLEUSE_BACKUP_PASSPHRASE")
VEILLEUSE_BACKUP_DIR = Path(env("VEILLEUSE_BACKUP_DIR") or DATA_DIR / "backups")
VEILLEUSE_BACKUP_KEEP = int(env("VEILLEUSE_BACKUP_KEEP", "14"))


# Background tasks (docs/decisions/0002-task-queue-huey.md).

HUEY = task_queue_config(env("VEILLEUSE_TASK_BROKER"), DATA_DIR, PROFILE)
# Alert delivery's own queue, consumed by its own worker (``manage.py run_alert_worker``), so
# that no import, site build or purge waits in front of an alert (docs/decisions/0009).
VEILLEUSE_ALERT_QUEUE = task_queue_config(
    env("VEILLEUSE_TASK_BROKER"),
    DATA_DIR,
    PROFILE,
    name="veilleuse-alerts",
    file_name=ALERT_TASKS_FILE_NAME,
)


# Logging: to stderr, never an IP address.

LOGGING = logging_config(env("VEILLEUSE_LOG_LEVEL", "INFO").upper())
