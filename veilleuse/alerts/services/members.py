"""Members: creating them from an invitation code, suspending, removing."""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from veilleuse.accounts.models import Association, User
from veilleuse.alerts.identifiers import keyed_hash
from veilleuse.alerts.models import Member, MemberInvitation, MemberStatus, Report, Zone
from veilleuse.alerts.models.network import this_month
from veilleuse.alerts.services.duress import decoy_delete, decoy_of
from veilleuse.alerts.services.retention import sms_files_delete
from veilleuse.alerts.targeting import targeting_forget
from veilleuse.core.audit import audit
from veilleuse.core.sessions import sessions_end
from veilleuse.core.throttle import (
    throttle_check,
    throttle_fail,
    throttle_key,
    throttle_wait_minutes,
)

PASSPHRASE_MIN_LENGTH = 12


class JoinRateLimited(Exception):
    """This invitation code was refused a pseudonym too often: whoever holds it could be
    probing for members' pseudonyms, so it is held back for a while (views answer 429)."""

    def __init__(self, minutes: int) -> None:
        super().__init__(minutes)
        self.minutes = minutes

    @property
    def message(self) -> str:
        """The real delay left: it grows with each refusal (``veilleuse.core.throttle``)."""
        return ngettext(
            "Too many tries with this invitation code. Wait %(minutes)s minute and try again.",
            "Too many tries with this invitation code. Wait %(minutes)s minutes and try again.",
            self.minutes,
        ) % {"minutes": self.minutes}


def alert_languages() -> tuple[str, ...]:
    """The languages members and alerts may use: every language of the interface."""
    return tuple(code for code, _name in settings.LANGUAGES)


def pseudonym_key(*, pseudonym: str) -> str:
    """What makes two pseudonyms the same: case, accents' composition and spaces aside."""
    folded = unicodedata.normalize("NFKC", pseudonym).casefold()
    return " ".join(folded.split())


def pseudonym_hash(*, association_id: int, pseudonym: str) -> str:
    """How a member is found by pseudonym: a keyed hash of the network and the pseudonym's
    key, so equal pseudonyms of two networks are not linked in the database."""
    return keyed_hash("pseudonym", f"{association_id}:{pseudonym_key(pseudonym=pseudonym)}")


def invitation_code_hash(*, code: str) -> str:
    # The code is 138 random bits: a plain hash is enough to keep it out of the database.
    normalised = "".join(code.split()).upper()
    return hashlib.sha256(normalised.encode("ascii", "ignore")).hexdigest()


INVITATION_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L
# 28 characters of 31 carry 138 bits, at least the 128 the threat model promises.
INVITATION_CODE_LENGTH = 28


def new_invitation_code() -> str:
    """Seven groups of four characters, easy to read aloud or copy on a phone."""
    raw = "".join(secrets.choice(INVITATION_ALPHABET) for _ in range(INVITATION_CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, INVITATION_CODE_LENGTH, 4))


@transaction.atomic
def member_invitation_create(
    *, actor: User, association: Association, label: str = ""
) -> tuple[MemberInvitation, str]:
    """A one-time code for a future member; the code is returned once and never stored."""
    code = new_invitation_code()
    invitation = MemberInvitation(
        association=association,
        code_hash=invitation_code_hash(code=code),
        created_by=actor,
        expires_at=timezone.now() + timedelta(days=settings.VEILLEUSE_MEMBER_INVITATION_DAYS),
        label=label,
    )
    invitation.full_clean()
    invitation.save()
    audit(
        actor=actor,
        action="member_invitation.create",
        target=invitation,
        association_id=association.pk,
    )
    return invitation, code


def _check_member_fields(
    *,
    association: Association,
    pseudonym: str,
    passphrase: str,
    language: str,
    languages: Iterable[str],
    zones: Iterable[Zone],
) -> tuple[str, list[str], list[Zone]]:
    key = pseudonym_key(pseudonym=pseudonym)
    if not key or len(key) > 40:
        raise ValidationError({"pseudonym": _("Choose a pseudonym of 1 to 40 characters.")})
    hashed = pseudonym_hash(association_id=association.pk, pseudonym=pseudonym)
    if Member.objects.filter(association=association, pseudonym_hash=hashed).exists():
        raise ValidationError({"pseudonym": _("This pseudonym is taken; choose another one.")})
    if len(passphrase) < PASSPHRASE_MIN_LENGTH:
        raise ValidationError(
            {"passphrase": _("Choose a passphrase of at least 12 characters, e.g. four words.")}
        )
    known = alert_languages()
    chosen = [code for code in dict.fromkeys([language, *languages]) if code in known]
    if language not in known:
        raise ValidationError({"language": _("Choose a language from the list.")})
    zone_list = list(zones)
    if any(zone.association_id != association.pk for zone in zone_list):
        raise ValidationError({"zones": _("Choose zones from the list.")})
    return hashed, chosen, zone_list


@transaction.atomic
def member_create(
    *,
    association: Association,
    pseudonym: str,
    passphrase: str,
    language: str,
    languages: Iterable[str] = (),
    zones: Iterable[Zone] = (),
    is_demo: bool = False,
) -> Member:
    """A member and the user they sign in as (no e-mail, a random username, joined to the
    month: issue 12, finding 9); members sign in with their pseudonym (``auth.py``)."""
    hashed, chosen, zone_list = _check_member_fields(
        association=association,
        pseudonym=pseudonym,
        passphrase=passphrase,
        language=language,
        languages=languages,
        zones=zones,
    )
    user = get_user_model()(username=f"member-{secrets.token_hex(8)}", date_joined=this_month())
    try:
        validate_password(passphrase, user)
    except ValidationError as error:
        raise ValidationError({"passphrase": error.messages}) from error
    user.set_password(passphrase)
    user.save()
    member = Member(
        association=association,
        user=user,
        pseudonym=pseudonym.strip(),
        pseudonym_hash=hashed,
        language=language,
        languages=chosen,
        zone_ids=sorted(zone.pk for zone in zone_list),
        is_demo=is_demo,
    )
    member.full_clean(exclude=["user"])
    member.save()
    return member


def _redeemable_invitation(code: str, now: datetime) -> MemberInvitation:
    """The invitation the code redeems, locked until the member is created; refused when the
    code is unknown, spent, revoked or expired (one sentence for all: no oracle)."""
    invitation = (
        MemberInvitation.objects.select_for_update()
        .filter(code_hash=invitation_code_hash(code=code))
        .first()
    )
    if (
        invitation is None
        or invitation.used_at is not None
        or invitation.revoked_at is not None
        or invitation.expires_at <= now
    ):
        raise ValidationError(
            {"code": _("This invitation code is not valid. Ask the association for a new one.")}
        )
    return invitation


@transaction.atomic
def member_register(
    *,
    code: str,
    pseudonym: str,
    passphrase: str,
    language: str,
    languages: Iterable[str] = (),
    zone_ids: Iterable[int] = (),
) -> Member:
    """Redeem a one-time invitation code: the code is spent with the member's creation."""
    now = timezone.now()
    invitation = _redeemable_invitation(code, now)
    # "This pseudonym is taken" is answered only here, where the code is spent, and only
    # VEILLEUSE_LOGIN_FAILURES times per code in a window (issue 12, finding 5).
    throttle = throttle_key("join", invitation.code_hash)
    if throttle_check(throttle):
        raise JoinRateLimited(throttle_wait_minutes(throttle))
    zones = Zone.objects.filter(association=invitation.association, active=True, pk__in=zone_ids)
    try:
        member = member_create(
            association=invitation.association,
            pseudonym=pseudonym,
            passphrase=passphrase,
            language=language,
            languages=languages,
            zones=zones,
        )
    except ValidationError as error:
        if "pseudonym" in getattr(error, "error_dict", {}):
            throttle_fail(throttle)
        raise
    invitation.used_at = now
    invitation.save(update_fields=["used_at", "updated"])
    return member


@transaction.atomic
def member_suspend(*, actor: User, member: Member, suspended: bool = True) -> Member:
    member.status = MemberStatus.SUSPENDED if suspended else MemberStatus.ACTIVE
    member.save(update_fields=["status", "updated"])
    audit(
        actor=actor,
        action="member.suspend" if suspended else "member.reinstate",
        target=member,
        association_id=member.association_id,
    )
    return member


@transaction.atomic
def member_remove(*, actor: User, member: Member) -> None:
    """Delete the member and their sign-in; their reports stay, without an author. Every
    copy of their contact goes too: the SMS files written to them and their entry in the
    targeting index."""
    audit(actor=actor, action="member.remove", target=member, association_id=member.association_id)
    Report.objects.by_author(member).update(author_hash="", author_ref=None)
    decoy_delete(member=member)
    user, member_id, phone = member.user, member.pk, member.contact_phone or ""
    member.delete()
    user.delete()
    targeting_forget(association_id=member.association_id, member_ids=[member_id])
    transaction.on_commit(lambda: sms_files_delete(member_ids=[member_id], numbers=[phone]))


@transaction.atomic
def member_sign_out_everywhere(*, actor: User | None, member: Member) -> int:
    """End every session of the member at once (a lost or seized phone); her next sign-in
    asks for her passphrase once more. ``actor`` is the moderator who did it at her request,
    or ``None`` when she did it herself (a member is never named in the audit log). Returns
    how many sessions were open."""
    ended = sessions_end(user=member.user)
    decoy = None if member.is_decoy else decoy_of(member=member)
    if decoy is not None:  # a phone taken may hold the decoy's session too
        ended += sessions_end(user=decoy.user)
        # ...and the decoy's next sign-in asks again too, as hers would (indistinguishable).
        decoy.passphrase_confirm = True
        decoy.save(update_fields=["passphrase_confirm"])
    member.passphrase_confirm = True
    member.save(update_fields=["passphrase_confirm"])
    audit(
        actor=actor,
        action="member.sign_out_everywhere",
        target=member,
        association_id=member.association_id,
        sessions=ended,
    )
    return ended


@transaction.atomic
def member_passphrase_confirm(*, member: Member, passphrase: str) -> Member:
    """After a remote sign-out: the passphrase typed again lifts the extra step."""
    if not member.user.check_password(passphrase):
        raise ValidationError({"passphrase": _("This is not your passphrase.")})
    member.passphrase_confirm = False
    member.save(update_fields=["passphrase_confirm"])
    return member


@transaction.atomic
def member_app_look_set(*, member: Member, look: str) -> Member:
    """The neutral name and icon under which the app shows on her phone."""
    member.app_look = look
    member.full_clean(exclude=["user"])
    member.save(update_fields=["app_look"])
    return member
