"""The reply handlers: what a linked member's message to the association's Signal, Telegram
or WhatsApp account can answer (a missed check-in, a duty page). One table, like the
channels', so that the feature that sends a page registers how it is answered::

    from veilleuse.alerts.replies import register_reply_handler

    @register_reply_handler
    def page_acknowledge(*, member, text) -> bool:
        ...  # True when ``text`` answered one of her pending pages

``services.links.inbound_message`` calls them in order, for a message that is neither a link
code nor "STOP"; the first that returns True wins, and the account says "your answer is
recorded" in her language.
"""

from __future__ import annotations

from collections.abc import Callable

ReplyHandler = Callable[..., bool]
_reply_handlers: list[ReplyHandler] = []


def register_reply_handler(handler: ReplyHandler) -> ReplyHandler:
    """``handler(member=..., text=...) -> bool``."""
    _reply_handlers.append(handler)
    return handler


def unregister_reply_handler(handler: ReplyHandler) -> None:
    _reply_handlers.remove(handler)


def reply_handlers() -> list[ReplyHandler]:
    return list(_reply_handlers)
