"""Who else handles the data: the services the settings configure, and the notification
channels of the registry (``veilleuse.alerts.channels``), whichever are installed.

A channel may say which hosts it sends to with a ``compliance_hosts()`` method (a list of
host names or URLs, empty when off). Without it, the hosts are read from the channel's own
settings, ``VEILLEUSE_<NAME>_…`` holding a URL; the built-in e-mail, SMS and push channels
are read from their settings here. So a new channel appears in the documents by itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.conf import settings

from veilleuse.alerts.channels import Channel, all_channels
from veilleuse.alerts.compliance.inventory import Processor, _host, location_of

NOT_USED = "not used"


def _processor(purpose: str, host: str) -> Processor:
    service, location = location_of(host)
    return Processor(purpose=purpose, service=service, host=host, location=location)


def _off(purpose: str, why: str) -> Processor:
    return Processor(purpose=purpose, service=why, host="", location=NOT_USED)


def _mail(purpose: str) -> list[Processor]:
    if not settings.EMAIL_BACKEND.endswith("smtp.EmailBackend"):
        return [_off(purpose, "no e-mail leaves the server (development backend)")]
    return [_processor(purpose, settings.EMAIL_HOST)]


def _sms() -> list[Processor]:
    purpose = "SMS notifications (contentless)"
    backend = settings.VEILLEUSE_SMS_BACKEND
    if backend == "http":
        return [_processor(purpose, _host(settings.VEILLEUSE_SMS_URL))]
    if not backend:
        return [_off(purpose, "SMS is off")]
    return [_off(purpose, f"written on the server ({backend} backend), never sent")]


def _push() -> list[Processor]:
    purpose = "push notifications (contentless, encrypted end to end)"
    if not settings.VEILLEUSE_VAPID_PRIVATE_KEY and settings.PROFILE == "production":
        return [_off(purpose, "push is off (no VAPID key)")]
    return [_processor(purpose, host) for host in settings.VEILLEUSE_PUSH_HOSTS]


def _hosts_in_settings(name: str) -> list[str]:
    prefix = f"VEILLEUSE_{name.upper()}_"
    values = [getattr(settings, key) for key in sorted(dir(settings)) if key.startswith(prefix)]
    return sorted({_host(v) for v in values if isinstance(v, str) and "://" in v})


# Services a channel reaches through a gateway the settings name: Signal through the
# association's own signal-cli REST API (decision 13), which talks to Signal's servers.
BEHIND_GATEWAY = {"signal": ("chat.signal.org",)}


# What a channel carries, when it is more than the contentless notice.
CARRIES = {"signal": "the notice, or the alert's text end-to-end encrypted if she asks"}


def channel_processors(channel: Channel) -> list[Processor]:
    purpose = f"{channel.name} notifications ({CARRIES.get(channel.name, 'contentless')})"
    builtin = {"email": lambda: _mail(purpose), "sms": _sms, "push": _push}
    if channel.name in builtin:
        return builtin[channel.name]()
    configured = getattr(channel, "configured", None)
    if callable(configured) and not configured():
        return [_off(purpose, "not configured")]
    declared = getattr(channel, "compliance_hosts", None)
    hosts: Iterable[str] = declared() if callable(declared) else _hosts_in_settings(channel.name)
    hosts = [*hosts, *BEHIND_GATEWAY.get(channel.name, ())]
    found = [_processor(purpose, _host(h)) for h in hosts]
    return found or [_off(purpose, "not configured")]


def database_processor(config: Mapping[str, object]) -> Processor:
    """The database a ``DATABASES`` entry describes: a SQLite file on the server, or a
    PostgreSQL server wherever its host is."""
    if str(config["ENGINE"]).endswith("sqlite3"):
        return Processor("database", "SQLite file", "", "on the installation's server")
    return _processor("database (PostgreSQL)", str(config.get("HOST") or ""))


def _database() -> Processor:
    return database_processor(settings.DATABASES["default"])


def processors() -> list[Processor]:
    """The database, staff e-mail, then every registered channel by name."""
    found = [_database(), *_mail("e-mail to staff (contentless alarms and reminders)")]
    for channel in sorted(all_channels(), key=lambda c: c.name):
        found.extend(channel_processors(channel))
    return found
