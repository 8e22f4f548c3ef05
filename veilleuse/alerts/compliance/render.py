"""The two documents, in Markdown: the impact assessment draft, following the CNIL's PIA
method (context, fundamental principles, risks, validation), and the records of processing
(GDPR article 30). Built from ``inventory`` and ``processors``: nothing here is a fact about
the installation, only the way to say it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.conf import settings

from veilleuse.alerts.compliance.inventory import (
    ModelData,
    Processor,
    data_categories,
    residual_risks,
)
from veilleuse.alerts.compliance.processors import processors
from veilleuse.alerts.models import LegalBasis, NetworkRoleKind

# Who opens what: (role, the persona of tests/authz/rules.py, pages, what they see). The
# test tests/authz/test_compliance_access.py checks each page against the matrix.
ACCESS: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    ("anyone", "anon", ("reported_notice", "contest"),
     "the note to people named in alerts and the contest form (the same answer whatever the "
     "database holds)"),
    ("member", "rosa", ("feed", "check", "my_data", "member_notice"),
     "their own reports and data, the alerts of their zones and languages, graded number "
     "checks (never a report's text)"),
    ("moderator", "mona", ("moderation_queue", "moderation_report", "deliveries"),
     "reports with their texts and their author's pseudonym, alerts, number-check alarms"),
    ("legal worker", "lea", ("legal_home", "case_detail"),
     "the legal cases of reports whose author asked for legal support"),
    ("association administrator", "alice", ("network_members", "contest_queue", "compliance"),
     "members' pseudonyms, invitations, zones, roles, contests and these documents; "
     "never a report's text"),
    ("partner association staff", "paul", ("report_on_behalf",),
     "the form to report on someone's behalf (moderators may use it too)"),
)  # fmt: skip

RETENTION_MEANING = {
    "reports": "reports, from their filing",
    "identifiers": "phone numbers and plates, from their report's filing",
    "alerts": "alerts and their deliveries, from publication",
    "legal_cases": "legal cases, from their closing",
    "audit_entries": "audit-log entries",
    "contests": "contests of reported people, from their answer",
    "check_counters": "number-check counters and alarms",
    "invitations": "member invitations, once expired, used or revoked",
}


@dataclass(frozen=True)
class Controller:
    name: str
    address: str
    contact: str
    legal_basis: str


def _table(header: Iterable[str], rows: Iterable[Iterable[object]]) -> list[str]:
    head = list(header)
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(str(c).replace("|", "/") for c in row) + " |" for row in rows]
    return [*lines, ""]


def _heading(title: str, controller: Controller, when: date, version: str) -> list[str]:
    return [
        f"# {title}",
        "",
        f"Controller: {controller.name}. Version {version}, generated on {when.isoformat()} "
        "by `veilleuse compliance` from this installation's code and settings: regenerate it "
        "after any change, never edit it by hand.",
        "",
    ]


def _basis(controller: Controller) -> str:
    if controller.legal_basis == LegalBasis.VICTIM_SUPPORT:
        return (
            "An association approved to support victims (GDPR art. 10; loi Informatique et "
            "libertés, art. 46): it may keep data about offences to help the victims."
        )
    return (
        "Legitimate interest of the members in their safety (GDPR art. 6.1.f), with "
        "safeguards: predetermined criteria (moderation, four eyes before an identifier is "
        "shown), limited retention, encryption, masked identifiers, and a contest route."
    )


def _categories_table(models: list[ModelData]) -> list[str]:
    rows = [
        (
            f"`{m.label}`",
            m.subjects,
            m.meaning,
            ", ".join(m.encrypted) or "—",
            ", ".join(m.hashed) or "—",
            ", ".join(m.clear) or "—",
        )
        for m in models
    ]
    header = ("table", "whose data", "what", "encrypted", "keyed hash", "in clear")
    return _table(header, rows)


def _retention_table() -> list[str]:
    from veilleuse.alerts.services.retention import retention_days

    days = retention_days()
    return _table(("data", "kept for"), ((RETENTION_MEANING.get(k, k), f"{d} days")
                                         for k, d in days.items()))  # fmt: skip


def _processors_table(found: list[Processor]) -> list[str]:
    rows = [(p.purpose, p.service, p.host or "—", p.location) for p in found]
    return _table(("purpose", "service", "host", "where"), rows)


def _transfers(found: list[Processor]) -> list[str]:
    outside = sorted({f"{p.service} ({p.location})" for p in found if p.outside_eu})
    if not outside:
        return ["No configured service implies a transfer outside the EU.", ""]
    return [
        "These configured services imply a transfer outside the EU (standard contractual "
        "clauses or the EU-US Data Privacy Framework to check for each; what they receive is "
        "contentless: an address to deliver to and an encrypted or generic notice):",
        "",
        *[f"- {line}" for line in outside],
        "",
    ]


def _security() -> list[str]:
    keys = len(settings.VEILLEUSE_FIELD_KEYS)
    return [
        '- Sensitive fields (the "encrypted" column above) are encrypted with AES-256-GCM, '
        "bound to their column; the database alone names nobody.",
        f"- Field keys configured: {keys} (`VEILLEUSE_FIELD_KEYS`, newest first). Rotation: "
        "add a key in front, run `veilleuse rotate-keys`, then remove the old one.",
        "- Identifiers, pseudonyms and report authors are found by HMAC-SHA256 under "
        "`VEILLEUSE_LOOKUP_KEY`, separate from the field keys (`rotate-keys --rehash`).",
        "- One authorization gate per sensitive object; staff sign in with two-factor "
        "authentication where required; every opening of a report is in the audit log.",
        "- Expired data is deleted every night (`veilleuse purge`).",
        "",
    ]


def _access_table() -> list[str]:
    return _table(("who", "sees"), ((role, sees) for role, _p, _r, sees in ACCESS))


def controller_lines(controller: Controller) -> list[str]:
    return [
        f"- Controller: {controller.name}",
        f"- Address: {controller.address or 'to fill in (data-protection page)'}",
        f"- Data-protection contact: {controller.contact or 'to fill in (data-protection page)'}",
        "",
    ]


def dpia(controller: Controller, when: date, version: str) -> str:
    """The impact assessment draft (CNIL PIA structure)."""
    found = processors()
    lines = _heading("Data-protection impact assessment (draft)", controller, when, version)
    lines += ["## 1. Context", "", "### Processing", ""]
    lines += [
        "An alert network: sex workers report aggressions; moderators turn them into alerts "
        "sent to the members of the areas concerned; members check a number before meeting "
        "someone; legal workers support victims who ask. The data concern alleged offences "
        "(GDPR art. 10), the members' sex work (art. 9), and reported people who never "
        "joined.",
        "",
        *controller_lines(controller),
        "### Data, by table",
        "",
        *_categories_table(data_categories()),
        "### Supporting assets: processors",
        "",
        *_processors_table(found),
    ]
    lines += _principles(controller, found)
    lines += _risks()
    return "\n".join(lines).rstrip() + "\n"


def _principles(controller: Controller, found: list[Processor]) -> list[str]:
    return [
        "## 2. Fundamental principles",
        "",
        "### Purpose and legal basis",
        "",
        _basis(controller),
        "",
        "### Retention (from the settings)",
        "",
        *_retention_table(),
        "### Rights of the people concerned",
        "",
        "- Members: their data page shows and downloads everything kept about them, and "
        "erases it; the members' notice says what is kept, for how long and who sees it.",
        "- Reported people: a public notice per network and a contest form that answers the "
        "same whatever the database holds; the data-protection contact answers within one "
        "month (reminders), alerts are withdrawn or corrected by two moderators.",
        "",
        "### Transfers outside the EU",
        "",
        *_transfers(found),
    ]


def _risks() -> list[str]:
    roles = ", ".join(NetworkRoleKind.values)
    return [
        "## 3. Risks",
        "",
        "### Measures",
        "",
        *_security(),
        f"Who sees what (network roles: {roles}):",
        "",
        *_access_table(),
        "### Residual risks (from docs/security/alerts-threat-model.md)",
        "",
        *[f"- {risk}" for risk in residual_risks()],
        "",
        "## 4. Validation",
        "",
        "To be completed by the controller: opinion of the data-protection contact, of the "
        "people concerned (members), decision and date.",
    ]


def records(controller: Controller, when: date, version: str) -> str:
    """The records of processing activities (GDPR article 30(1))."""
    found = processors()
    subjects = sorted({m.subjects for m in data_categories() if m.subjects not in ("nobody", "?")})
    lines = _heading("Records of processing activities (GDPR art. 30)", controller, when, version)
    lines += [
        "## Alert network",
        "",
        *controller_lines(controller),
        "- Purposes: warning members of aggressions; checking a number before meeting; "
        "supporting victims; anonymous statistics.",
        f"- Legal basis: {_basis(controller)}",
        f"- Categories of people: {'; '.join(subjects)}.",
        "- Categories of data: see the table below.",
        "",
        *_categories_table(data_categories()),
        "## Recipients",
        "",
        *_access_table(),
        *_processors_table(found),
        "## Transfers outside the EU",
        "",
        *_transfers(found),
        "## Retention",
        "",
        *_retention_table(),
        "## Security measures",
        "",
        *_security(),
    ]
    return "\n".join(lines).rstrip() + "\n"
