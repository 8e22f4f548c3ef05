"""The duress passphrase (issue 17, docs/decisions/0016).

A member may choose a second passphrase. Signing in with it opens her *decoy*: a member of
its own (own user, own password hash, like any member's), with her pseudonym and languages,
no zone, no report, no alert, no contact channel. Every member page then shows that empty
account through the ordinary code, so nothing on those pages can give the real one away. If
she chose it, signing in with the decoy also tells the association, silently: an audit
entry naming the real member, and one contentless e-mail to the network's moderators.

Sign-in tries both passphrases of every member it finds, whether she has a decoy or not (a
member without one is checked against a throwaway hash), so that the time a sign-in takes
does not tell who has a decoy. In the database a decoy is a member row marked ``is_decoy``,
and the link between the two is encrypted (``Member.decoy_ref``, 12 digits on every row).
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from veilleuse.alerts.identifiers import keyed_hash
from veilleuse.alerts.models import Member
from veilleuse.alerts.models.network import this_month
from veilleuse.alerts.staff_mail import duress_sign_in_notify
from veilleuse.core.audit import audit
from veilleuse.core.models import AuditEntry
from veilleuse.core.sessions import sessions_end
from veilleuse.core.tasks import enqueue

NO_DECOY = "000000000000"
DURESS_ACTION = "member.duress_sign_in"


def _decoy_ref(member_id: int) -> str:
    return f"{member_id:012d}"


def decoy_of(*, member: Member) -> Member | None:
    """The decoy of a member, or the member a decoy stands for (one query either way)."""
    try:
        other_id = int(member.decoy_ref or NO_DECOY)
    except ValueError:
        other_id = 0
    return (
        Member.objects.select_related("user", "association")
        .filter(pk=other_id, association_id=member.association_id)
        .exclude(is_decoy=member.is_decoy)
        .first()
    )


@cache
def _throwaway_hash() -> str:
    return make_password(secrets.token_urlsafe(32))


def duress_passphrase_set(*, member: Member) -> bool:
    """Whether the member has a duress passphrase (never, as seen from a decoy's session)."""
    return not member.is_decoy and decoy_of(member=member) is not None


def duress_passphrase_matches(*, member: Member, passphrase: str) -> Member | None:
    """The member's decoy if ``passphrase`` is her duress passphrase. Costs one password
    hash and one query whether she has a decoy or not."""
    decoy = decoy_of(member=member)
    encoded = decoy.user.password if decoy is not None else _throwaway_hash()
    matches = check_password(passphrase, encoded)
    return decoy if matches and decoy is not None else None


def _check_choice(member: Member, passphrase: str, duress: str) -> None:
    if not member.user.check_password(passphrase):
        raise ValidationError({"passphrase": _("This is not your passphrase.")})
    if len(duress) < 12:
        raise ValidationError(
            {"duress": _("Choose a passphrase of at least 12 characters, e.g. four words.")}
        )
    if duress == passphrase:
        raise ValidationError(
            {"duress": _("The duress passphrase must be different from your passphrase.")}
        )


def decoy_delete(*, member: Member) -> None:
    """Delete the member's decoy, if any, and end its sessions (the member's own erasure or
    removal, or a new duress passphrase). A decoy has none: its link names its member."""
    if member.is_decoy:
        return
    decoy = decoy_of(member=member)
    if decoy is not None:
        sessions_end(user=decoy.user)
        user = decoy.user
        decoy.delete()
        user.delete()


@transaction.atomic
def member_duress_set(*, member: Member, passphrase: str, duress: str, notify: bool) -> Member:
    """Give the member a (new) decoy that opens with ``duress``; returns the decoy. Nothing
    is written to the audit log: staff need not learn who has one. From a decoy's session
    the choice is checked and accepted, and nothing is stored."""
    _check_choice(member, passphrase, duress)
    if member.is_decoy:
        return member
    decoy_delete(member=member)
    user = get_user_model()(username=f"member-{secrets.token_hex(8)}", date_joined=this_month())
    user.set_password(duress)
    user.save()
    decoy = Member(
        association=member.association,
        user=user,
        pseudonym=member.pseudonym,
        pseudonym_hash=keyed_hash("decoy", secrets.token_hex(16)),
        language=member.language,
        languages=member.languages,
        zone_ids=[],
        is_decoy=True,
        decoy_ref=_decoy_ref(member.pk),
        decoy_notify=notify,
    )
    decoy.full_clean(exclude=["user"])
    decoy.save()
    member.decoy_ref = _decoy_ref(decoy.pk)
    member.save(update_fields=["decoy_ref"])
    return decoy


@transaction.atomic
def member_duress_remove(*, member: Member, passphrase: str) -> Member:
    if not member.user.check_password(passphrase):
        raise ValidationError({"passphrase": _("This is not your passphrase.")})
    if member.is_decoy:
        return member
    decoy_delete(member=member)
    member.decoy_ref = NO_DECOY  # sealed afresh: the row looks as it did before
    member.save(update_fields=["decoy_ref"])
    return member


def duress_sign_in_signal(*, decoy: Member) -> None:
    """Someone signed in with the duress passphrase: if she chose it, tell the association
    (an audit entry naming the real member; a contentless e-mail to the moderators, sent
    after the commit by the task queue)."""
    if not decoy.is_decoy or not decoy.decoy_notify:
        return
    member = decoy_of(member=decoy)
    if member is None:
        return
    audit(actor=None, action=DURESS_ACTION, target=member, association_id=member.association_id)
    enqueue(duress_sign_in_notify, member_id=member.pk)


def duress_sign_ins(*, association_id: int, days: int = 7) -> list[tuple[datetime, str]]:
    """When and who signed in under duress lately (members who chose to have it told), for
    the network's moderators: the e-mail they get names nobody and links here."""
    since = timezone.now() - timedelta(days=days)
    entries = AuditEntry.objects.filter(
        action=DURESS_ACTION, association_id=association_id, at__gte=since
    ).order_by("-at")
    ids = {int(entry.target_id) for entry in entries if entry.target_id.isdigit()}
    names = {m.pk: m.pseudonym for m in Member.objects.filter(pk__in=ids, is_decoy=False)}
    return [
        (entry.at, names[int(entry.target_id)])
        for entry in entries
        if entry.target_id.isdigit() and int(entry.target_id) in names
    ]
