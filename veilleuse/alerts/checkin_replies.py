"""A missed check-in answered by a reply on Signal, Telegram or WhatsApp (issue 18): the
member sends her check-in code (or, under duress, her duress code) to the association's
account, as she would type it on her check-in page.

Registered in the reply handlers' table (``veilleuse.alerts.replies``). Only a member who set
her two codes can answer this way (without codes, any word would close her check-in from a
phone someone else holds), and only ``MAX_WRONG_REPLIES`` wrong codes count per
``WRONG_REPLIES_WINDOW`` seconds: after that every reply is "not understood", so the account
is not a way to guess her codes. The duress code gets the same answer as the check-in code.
"""

from __future__ import annotations

from django.core.cache import cache
from django.core.exceptions import ValidationError

from veilleuse.alerts.models import Member
from veilleuse.alerts.replies import register_reply_handler

MAX_WRONG_REPLIES = 5
WRONG_REPLIES_WINDOW = 15 * 60


def _wrong_key(member: Member) -> str:
    return f"checkin-reply-wrong:{member.pk}"


@register_reply_handler
def checkin_reply(*, member: Member, text: str) -> bool:
    """True when ``text`` is her check-in or duress code and she had a check-in open."""
    from veilleuse.alerts.services.checkins import (
        checkin_close,
        checkin_open_for,
        safety_plan_for,
    )

    checkin = checkin_open_for(member=member)
    if checkin is None or not safety_plan_for(member=member).has_codes:
        return False
    if (cache.get(_wrong_key(member)) or 0) >= MAX_WRONG_REPLIES:
        return False
    try:
        checkin_close(checkin=checkin, code=text.strip())
    except ValidationError:
        cache.add(_wrong_key(member), 0, WRONG_REPLIES_WINDOW)
        cache.incr(_wrong_key(member))
        return False
    return True
