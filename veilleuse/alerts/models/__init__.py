"""The alert network's data (PRODUCT.md, pillar 2; docs/security/alerts-threat-model.md).

- ``network``: zones, members, their invitations, staff roles (moderator, legal worker) and
  partner associations;
- ``reports``: what members (or staff and partners on their behalf) report, with the
  identifiers of the aggressor;
- ``contest``: the controller named in the notices, contests by reported people, and the
  second look that withdraws or corrects a published alert;
- ``delivery``: moderated alerts, their texts in every language, the outbox written with the
  approval, and one ``Delivery`` row per member and notification channel.

Every sensitive text is an ``EncryptedTextField`` (docs/decisions/0004).
"""

from veilleuse.alerts.models.checkins import (
    ACTIVE_CHECKIN_STATES,
    Checkin,
    CheckinState,
    DutyContact,
    DutyPage,
    DutySlot,
    EscalationMessage,
    MessageState,
    RecipientKind,
    SafetyPlan,
)
from veilleuse.alerts.models.checks import CheckCounter, CheckTally, LookupAlarm
from veilleuse.alerts.models.contest import (
    AlertReview,
    Contest,
    ContestOutcome,
    DataProtectionProfile,
    LegalBasis,
    ReviewAction,
)
from veilleuse.alerts.models.delivery import (
    Alert,
    AlertStatus,
    AlertText,
    Delivery,
    DeliveryState,
    Outbox,
    PushSubscription,
)
from veilleuse.alerts.models.legal import (
    CaseAppointment,
    CaseNote,
    CaseStatus,
    IdentifierMatch,
    LegalCase,
)
from veilleuse.alerts.models.links import ChannelLink, ChannelReceipt, LinkCode, MessagingService
from veilleuse.alerts.models.network import (
    AppLook,
    Member,
    MemberInvitation,
    MemberStatus,
    NetworkRole,
    NetworkRoleKind,
    Partnership,
    TargetingIndex,
    Zone,
)
from veilleuse.alerts.models.reports import (
    LIVE_REPORT_STATUSES,
    Identifier,
    IdentifierKind,
    Report,
    ReportKind,
    ReportSource,
    ReportStatus,
    Severity,
    TimeOfDay,
    VoiceNote,
)
from veilleuse.alerts.models.statistics import StatisticsPublication

__all__ = [
    "ACTIVE_CHECKIN_STATES",
    "LIVE_REPORT_STATUSES",
    "Alert",
    "AlertReview",
    "AlertStatus",
    "AlertText",
    "AppLook",
    "CaseAppointment",
    "CaseNote",
    "CaseStatus",
    "ChannelLink",
    "ChannelReceipt",
    "CheckCounter",
    "CheckTally",
    "Checkin",
    "CheckinState",
    "Contest",
    "ContestOutcome",
    "DataProtectionProfile",
    "Delivery",
    "DeliveryState",
    "DutyContact",
    "DutyPage",
    "DutySlot",
    "EscalationMessage",
    "Identifier",
    "IdentifierKind",
    "IdentifierMatch",
    "LegalBasis",
    "LegalCase",
    "LinkCode",
    "LookupAlarm",
    "Member",
    "MemberInvitation",
    "MemberStatus",
    "MessageState",
    "MessagingService",
    "NetworkRole",
    "NetworkRoleKind",
    "Outbox",
    "Partnership",
    "PushSubscription",
    "RecipientKind",
    "Report",
    "ReportKind",
    "ReportSource",
    "ReportStatus",
    "ReviewAction",
    "SafetyPlan",
    "Severity",
    "StatisticsPublication",
    "TargetingIndex",
    "TimeOfDay",
    "VoiceNote",
    "Zone",
]
