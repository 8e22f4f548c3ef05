"""Notification channels: the ways a member hears "new alert in your area".

Every channel, built-ins included, registers itself in one table, so that a new channel is
one file (docs/alerts-delivery.md, "Adding a channel")::

    from veilleuse.alerts.channels import ChannelError, register_channel

    @register_channel("matrix")
    class MatrixChannel:
        def wants(self, member) -> bool:
            return member.notify_matrix and bool(member.contact_matrix)

        def send(self, delivery, member) -> None:
            ...  # raise ChannelError(reason, temporary=True) to be retried later

A channel never carries the alert itself: only ``notice_text()`` and the address of the feed,
in the member's language (one exception: on Signal, end-to-end encrypted, a member may ask for
the alert's text). ``send`` receives the delivery for its ``idempotency_key``, stable
across retries, which the channel passes on so that the far end can drop a repeat. The
in-app feed is not a channel: it is the query ``veilleuse.alerts.access.member_alerts``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy

if TYPE_CHECKING:  # for annotations only: loading a channel needs no model
    from veilleuse.alerts.models import Member


class ChannelError(Exception):
    """A send that failed. ``temporary`` failures are retried with back-off; the others (and
    temporary ones past ``VEILLEUSE_DELIVERY_MAX_ATTEMPTS``) end as dead letters.

    ``reason`` is short and never holds content: it is stored and shown to staff.
    ``retry_after``: seconds the service asked us to wait (a 429), which the next attempt
    respects when it is longer than the back-off."""

    def __init__(self, reason: str, *, temporary: bool, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason[:300]
        self.temporary = temporary
        self.retry_after = retry_after


class Keyed(Protocol):
    """What a channel needs of a delivery: its idempotency key."""

    @property
    def idempotency_key(self) -> str: ...


class Channel(Protocol):
    name: str

    def wants(self, member: Member) -> bool: ...

    def send(self, delivery: Keyed, member: Member) -> None: ...


_channels: dict[str, Channel] = {}


def register_channel(name: str) -> Callable[[type], type]:
    """Class decorator: add one instance of the class to the table, under ``name``."""

    def register(cls: type) -> type:
        instance = cls()
        instance.name = name
        _channels[name] = instance
        return cls

    return register


def channel_named(name: str) -> Channel:
    try:
        return _channels[name]
    except KeyError:
        raise LookupError(f"No notification channel named {name!r}.") from None


def all_channels() -> list[Channel]:
    return list(_channels.values())


def feed_url() -> str:
    """The members' feed, absolute: the only address a notification carries."""
    return f"{settings.VEILLEUSE_SITE_URL}/alertes/"


# What a person reads for a channel's name, never the name itself (issue 14).
CHANNEL_LABELS = {
    "email": gettext_lazy("e-mail"),
    "sms": gettext_lazy("SMS"),
    "push": gettext_lazy("push"),
    "signal": "Signal",
    "telegram": "Telegram",
    "whatsapp": "WhatsApp",
    "matrix": "Matrix",
}


def channel_label(name: str) -> str:
    """``"email"`` → « e-mail », « correo », « 电子邮件 »…; a dash for a name no one knows."""
    return str(CHANNEL_LABELS.get(name, "—"))


def notice_text(language: str) -> str:
    """The whole message, in ``language``: it says that there is news, never what."""
    with translation.override(language):
        return gettext("New alert in your area — open Veilleuse")


def notice_title(language: str) -> str:
    """The shorter line of a push notification."""
    with translation.override(language):
        return gettext("New alert in your area")


# The built-in channels register themselves on import.
from veilleuse.alerts.channels import email, push, signal, sms, telegram, whatsapp  # noqa: E402

__all__ = [
    "CHANNEL_LABELS",
    "Channel",
    "ChannelError",
    "all_channels",
    "channel_label",
    "channel_named",
    "email",
    "feed_url",
    "notice_text",
    "notice_title",
    "push",
    "register_channel",
    "signal",
    "sms",
    "telegram",
    "whatsapp",
]
