"""A member's notification settings: e-mail, SMS and the browsers subscribed to push."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from veilleuse.alerts.channels.push import push_host_allowed
from veilleuse.alerts.identifiers import IdentifierError, normalise_phone
from veilleuse.alerts.models import Member, PushSubscription
from veilleuse.core.tasks import enqueue

# One test notification per member per this many seconds: each may cost an SMS.
TEST_NOTIFICATION_INTERVAL = 120
MAX_SUBSCRIPTION_FIELD = 2000


@transaction.atomic
def member_notifications_update(
    *, member: Member, notify_email: bool, email: str, notify_sms: bool, phone: str
) -> Member:
    """Opt in or out of e-mail and SMS. An address or number left empty turns its channel
    off and is erased."""
    errors: dict[str, str] = {}
    email = email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("Enter a valid e-mail address, or leave the field empty.")
    elif notify_email:
        errors["email"] = _("Give an e-mail address to be notified by e-mail.")
    phone = phone.strip()
    if phone:
        try:
            phone = normalise_phone(phone)
        except IdentifierError:
            errors["phone"] = _(
                "Enter a valid phone number, e.g. 06 12 34 56 78 or +33 6 12 34 56 78."
            )
    elif notify_sms:
        errors["phone"] = _("Give a phone number to be notified by SMS.")
    if errors:
        raise ValidationError(errors)
    member.contact_email = email or None
    member.contact_phone = phone or None
    member.notify_email = notify_email
    member.notify_sms = notify_sms
    member.full_clean(exclude=["user"])
    member.save(
        update_fields=["contact_email", "contact_phone", "notify_email", "notify_sms", "updated"]
    )
    return member


def endpoint_hash(*, endpoint: str) -> str:
    return hashlib.sha256(endpoint.encode("utf-8")).hexdigest()


def _subscription_fields(subscription: Any) -> tuple[str, str, str]:
    """``(endpoint, p256dh, auth)`` from the browser's ``PushSubscription.toJSON()``."""
    invalid = ValidationError(_("This browser sent a push subscription we cannot use."))
    if not isinstance(subscription, dict) or not isinstance(subscription.get("keys"), dict):
        raise invalid
    keys = subscription["keys"]
    endpoint, p256dh, auth = subscription.get("endpoint"), keys.get("p256dh"), keys.get("auth")
    fields = [f for f in (endpoint, p256dh, auth) if isinstance(f, str)]
    if len(fields) != 3 or not all(0 < len(f) <= MAX_SUBSCRIPTION_FIELD for f in fields):
        raise invalid
    if not push_host_allowed(fields[0]):
        raise invalid
    return fields[0], fields[1], fields[2]


@transaction.atomic
def push_subscription_save(*, member: Member, subscription: Any) -> PushSubscription:
    """Keep a browser's subscription and turn push on. A browser that subscribes again (or
    that another member used before on a shared phone) moves to this member."""
    endpoint, p256dh, auth = _subscription_fields(subscription)
    key = endpoint_hash(endpoint=endpoint)
    PushSubscription.objects.filter(endpoint_hash=key).delete()
    saved = PushSubscription(
        member=member, endpoint=endpoint, endpoint_hash=key, p256dh=p256dh, auth=auth
    )
    saved.full_clean()
    saved.save()
    if not member.notify_push:
        member.notify_push = True
        member.save(update_fields=["notify_push", "updated"])
    return saved


@transaction.atomic
def push_subscription_delete(*, member: Member, endpoint: str = "") -> int:
    """Forget one browser (``endpoint``) or, without one, every browser of the member; push
    turns off when none is left. Returns how many were forgotten."""
    subscriptions = PushSubscription.objects.filter(member=member)
    if endpoint:
        subscriptions = subscriptions.filter(endpoint_hash=endpoint_hash(endpoint=endpoint))
    deleted, _by_model = subscriptions.delete()
    if member.notify_push and not PushSubscription.objects.filter(member=member).exists():
        member.notify_push = False
        member.save(update_fields=["notify_push", "updated"])
    return deleted


@dataclass(frozen=True)
class TrialNotice:
    """What a channel needs of a delivery, for a test outside any alert."""

    idempotency_key: str


def notification_test_request(*, member: Member) -> bool:
    """Ask the worker to send a test notification through each channel the member chose;
    False if one was asked for less than two minutes ago."""
    if not cache.add(f"notification-test:{member.pk}", 1, TEST_NOTIFICATION_INTERVAL):
        return False
    enqueue("veilleuse.alerts.tasks.notification_test_send", member_id=member.pk)
    return True


def notification_test_send(*, member_id: int) -> list[str]:
    """Send the test; returns the channels that took it (failures are not retried)."""
    from veilleuse.alerts.channels import ChannelError, all_channels

    member = Member.objects.filter(pk=member_id).first()
    if member is None or not member.is_active:
        return []
    notice = TrialNotice(f"veilleuse-test-{member.pk}-{secrets.token_hex(8)}")
    sent = []
    for channel in all_channels():
        if channel.wants(member):
            try:
                channel.send(notice, member)
            except ChannelError:
                continue
            sent.append(channel.name)
    return sent
