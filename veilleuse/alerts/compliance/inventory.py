"""What the installation really does, read from its code and settings (no hand-written
facts except the meaning of each model, which a new model must add to ``MEANINGS``).

Every function returns plain data; ``render`` turns it into the two documents.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from django.apps import apps
from django.conf import settings
from django.db import models

from veilleuse.alerts.fields import EncryptedJSONField, EncryptedTextField

# The apps whose tables hold personal data of the alert network and its staff.
APPS = ("alerts", "accounts", "core")
UNDESCRIBED = "not described yet: add it to MEANINGS in veilleuse/alerts/compliance/inventory.py"

# model label → (whose data, what it is). A model missing here is listed as UNDESCRIBED, so
# that a new table shows in the documents (and their drift test) the day it is added.
MEANINGS: dict[str, tuple[str, str]] = {
    "accounts.User": ("staff", "sign-in account (username, e-mail, password hash)"),
    "accounts.Association": ("the association", "name and settings"),
    "accounts.Membership": ("staff", "role in an association"),
    "alerts.Zone": ("nobody", "areas where members work (a list, never coordinates)"),
    "alerts.Member": ("members", "pseudonym, languages, zones, notification contacts"),
    "alerts.MemberInvitation": ("future members", "hash of a one-time code"),
    "alerts.NetworkRole": ("staff", "moderator or legal-worker role"),
    "alerts.Partnership": ("partner associations", "who may report on someone's behalf"),
    "alerts.Report": (
        "members (victims), reported people",
        "an account of an alleged offence (GDPR art. 10), the victim's sex work (art. 9)",
    ),
    "alerts.Identifier": ("reported people", "phone number or plate named in a report"),
    "alerts.Alert": ("reported people", "a warning sent to members"),
    "alerts.AlertText": ("reported people", "the alert's text in one language"),
    "alerts.Outbox": ("nobody", "an alert waiting to be fanned out"),
    "alerts.Delivery": ("members", "one notification to one member on one channel"),
    "alerts.PushSubscription": ("members", "a phone's push endpoint"),
    "alerts.TargetingIndex": ("members", "members' zones and languages, sealed per network"),
    "alerts.ChannelLink": ("members", "a member's account at Signal, Telegram or WhatsApp"),
    "alerts.LinkCode": ("members", "hash of a one-time code linking a messaging account"),
    "alerts.ChannelReceipt": ("nobody", "hash of a delivery's key, so a repeat is dropped"),
    "alerts.VoiceNote": ("members (victims)", "a spoken account of a report (a voice identifies)"),
    "alerts.SafetyPlan": ("members", "who is warned when a member misses a check-in"),
    "alerts.Checkin": ("members", "a date a member must check in from, and its escalation"),
    "alerts.EscalationMessage": (
        "members, their trusted contacts",
        "a warning of a missed check-in",
    ),
    "alerts.DutySlot": ("staff", "who is on duty when"),
    "alerts.DutyContact": ("staff", "how the person on duty is paged"),
    "alerts.DutyPage": ("members, staff", "the person on duty paged about a member"),
    "alerts.CheckCounter": ("members", "how many numbers a member checked a day"),
    "alerts.CheckTally": ("nobody", "how many checks a network made a day"),
    "alerts.LookupAlarm": ("members", "a member who checked many numbers in a day"),
    "alerts.LegalCase": ("members (victims)", "legal support for a report"),
    "alerts.CaseNote": ("members (victims)", "a legal worker's note"),
    "alerts.CaseAppointment": ("members (victims)", "an appointment of a legal case"),
    "alerts.IdentifierMatch": ("reported people", "several reports naming one identifier"),
    "alerts.StatisticsPublication": ("nobody", "published anonymous statistics"),
    "alerts.DataProtectionProfile": ("the association", "controller details for notices"),
    "alerts.Contest": ("reported people", "a request to access, correct or erase"),
    "alerts.AlertReview": ("reported people", "a withdrawal or correction of an alert"),
    "core.AuditEntry": ("staff", "who did what, never the content"),
    "core.HashedSession": ("staff, members", "a signed-in session, keyed by a hash"),
    "core.Heartbeat": ("nobody", "when a background process last proved it works"),
}

# Where a service's servers are, for the hosts the settings name (transfers outside the EU).
KNOWN_HOSTS: tuple[tuple[str, str, str], ...] = (
    ("fcm.googleapis.com", "Google LLC (Firebase Cloud Messaging)", "United States"),
    ("updates.push.services.mozilla.com", "Mozilla Corporation (autopush)", "United States"),
    ("*.push.apple.com", "Apple Inc. (web push)", "United States"),
    ("*.notify.windows.com", "Microsoft Corporation (WNS)", "United States"),
    ("api.telegram.org", "Telegram (Bot API)", "outside the EU (United Arab Emirates)"),
    ("graph.facebook.com", "Meta Platforms (WhatsApp Cloud API)", "United States"),
    ("*.signal.org", "Signal Messenger LLC", "United States"),
    ("chat.signal.org", "Signal Messenger LLC", "United States"),
)
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "")


@dataclass(frozen=True)
class ModelData:
    label: str
    subjects: str
    meaning: str
    encrypted: tuple[str, ...]
    hashed: tuple[str, ...]
    clear: tuple[str, ...]


@dataclass(frozen=True)
class Processor:
    purpose: str
    service: str
    host: str
    location: str

    @property
    def outside_eu(self) -> bool:
        return self.location not in ("on the installation's server", "not used", "unknown")


def _kind(field: models.Field) -> str:  # type: ignore[type-arg]  # any field, whatever its value types
    if isinstance(field, EncryptedTextField | EncryptedJSONField):
        return "encrypted"
    if field.name.endswith("_hash") or field.name == "session_key":
        return "hashed"
    return "clear"


def data_categories() -> list[ModelData]:
    """Every model of ``APPS``, with its fields split by how they are stored."""
    found = []
    for app in APPS:
        for model in sorted(apps.get_app_config(app).get_models(), key=lambda m: m.__name__):
            fields = [
                f
                for f in model._meta.concrete_fields
                if not f.primary_key and not f.is_relation and f.name != "password"
            ]
            by_kind: dict[str, list[str]] = {"encrypted": [], "hashed": [], "clear": []}
            for field in fields:
                by_kind[_kind(field)].append(field.name)
            label = model._meta.label
            subjects, meaning = MEANINGS.get(label, ("?", UNDESCRIBED))
            found.append(
                ModelData(
                    label,
                    subjects,
                    meaning,
                    *(tuple(by_kind[k]) for k in ("encrypted", "hashed", "clear")),
                )
            )
    return found


def location_of(host: str) -> tuple[str, str]:
    """(who runs ``host``, where), from ``KNOWN_HOSTS``."""
    if host in LOCAL_HOSTS:
        return "the installation", "on the installation's server"
    for pattern, service, country in KNOWN_HOSTS:
        if fnmatch.fnmatch(host, pattern) or host == pattern.lstrip("*."):
            return service, country
    return host, "unknown"


def _host(url: str) -> str:
    return (urlparse(url).hostname or "") if "://" in url else url


def threat_model_path() -> Path:
    return Path(settings.BASE_DIR).parent / "docs" / "security" / "alerts-threat-model.md"


RESIDUAL_HEADING = "## Residual risks we accept"


def residual_risks() -> list[str]:
    """The bullets of the threat model's "Residual risks we accept" section."""
    path = threat_model_path()
    if not path.exists():
        return [f"The threat model ({path.name}) is not part of this installation."]
    risks: list[str] = []
    inside = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            inside = line.startswith(RESIDUAL_HEADING)
        elif inside and line.startswith("- "):
            risks.append(line[2:].strip())
        elif inside and line.startswith("  ") and risks:
            risks[-1] += " " + line.strip()
    return risks
