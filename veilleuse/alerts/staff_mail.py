"""Contentless e-mails to staff about number checks and legal matches (background tasks).

They carry no number, plate, report text or case detail: only that something needs a look
(and, for a lookup alarm, the member's pseudonym and how many checks), with a link.

The worker registers tasks from each app's ``tasks`` module: ``veilleuse/alerts/tasks.py``
must import this module (``from veilleuse.alerts import staff_mail  # noqa: F401``) for
the worker to run them and the 15-minute schedule.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from veilleuse.core.tasks import periodic, task


def _staff_addresses(association_id: int, role: str) -> list[str]:
    from veilleuse.alerts.models import NetworkRole

    return sorted(
        set(
            NetworkRole.objects.in_force()
            .filter(association_id=association_id, role=role)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


def _send_each(addresses: list[str], subject: str, body: str) -> int:
    # One message per person: staff must not see each other's addresses.
    for address in addresses:
        send_mail(subject, body, None, [address])
    return len(addresses)


@task(retries=2, retry_delay=300)
def lookup_alarm_notify(*, alarm_id: int) -> int:
    """Tell the association's moderators that a member checked many numbers today."""
    from veilleuse.alerts.models import LookupAlarm, NetworkRoleKind

    alarm = LookupAlarm.objects.select_related("member", "association").get(pk=alarm_id)
    link = settings.VEILLEUSE_SITE_URL + reverse(
        "alerts:check_alarms", kwargs={"slug": alarm.association.slug}
    )
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Veilleuse: a member checked many numbers today")
        body = _(
            "The member %(pseudonym)s has made %(count)s number checks today.\n\n"
            "Open Veilleuse to see the alarms: %(link)s\n"
        ) % {"pseudonym": alarm.member.pseudonym, "count": alarm.count, "link": link}
    addresses = _staff_addresses(alarm.association_id, NetworkRoleKind.MODERATOR)
    return _send_each(addresses, subject, body)


@task(retries=2, retry_delay=300)
def duress_sign_in_notify(*, member_id: int) -> int:
    """Tell the association's moderators that a member signed in with her duress passphrase
    (she chose to have them told): a link to the page that says who, no name."""
    from veilleuse.alerts.models import Member, NetworkRoleKind

    member = Member.objects.select_related("association").get(pk=member_id)
    link = settings.VEILLEUSE_SITE_URL + reverse(
        "alerts:remote_sign_out", kwargs={"slug": member.association.slug}
    )
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Veilleuse: a member signed in under duress")
        # No pseudonym: a mailbox keeps it; the page, behind sign-in, says who.
        body = _(
            "A member signed in under duress. She may be in danger. "
            "Open Veilleuse to see who: %(link)s\n"
        ) % {"link": link}
    addresses = _staff_addresses(member.association_id, NetworkRoleKind.MODERATOR)
    return _send_each(addresses, subject, body)


@task(retries=2, retry_delay=300)
def identifier_match_notify(*, match_id: int) -> int:
    """Tell the association's legal workers that a new same-identifier match appeared."""
    from veilleuse.alerts.models import IdentifierMatch, NetworkRoleKind

    match = IdentifierMatch.objects.select_related("association").get(pk=match_id)
    link = settings.VEILLEUSE_SITE_URL + reverse(
        "alerts:legal_home", kwargs={"slug": match.association.slug}
    )
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Veilleuse: several reports name the same person")
        body = _(
            "Several independent reports name the same phone number or plate.\n\n"
            "Open Veilleuse to see it: %(link)s\n"
        ) % {"link": link}
    addresses = _staff_addresses(match.association_id, NetworkRoleKind.LEGAL)
    return _send_each(addresses, subject, body)


@periodic(minute="*/15")
def identifier_matches_watch() -> int:
    """Every quarter of an hour, look for new same-identifier matches in every network with
    a legal worker (moderation may also call ``identifier_matches_refresh`` at once)."""
    from veilleuse.alerts.models import NetworkRole, NetworkRoleKind
    from veilleuse.alerts.services.legal import identifier_matches_refresh

    networks = set(
        NetworkRole.objects.in_force()
        .filter(role=NetworkRoleKind.LEGAL)
        .values_list("association_id", flat=True)
    )
    return sum(
        len(identifier_matches_refresh(association_id=association_id))
        for association_id in sorted(networks)
    )


@task(retries=2, retry_delay=300)
def network_role_granted_notify(*, role_id: int) -> int:
    """Tell the holders of a role that the network's only administrator gave it to someone:
    with no second administrator to approve, they are the ones who can object."""
    from veilleuse.alerts.models import NetworkRole

    role = NetworkRole.objects.select_related("association", "user", "granted_by").get(pk=role_id)
    link = settings.VEILLEUSE_SITE_URL + reverse(
        "alerts:network_home", kwargs={"slug": role.association.slug}
    )
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Veilleuse: a new %(role)s in the network") % {"role": role.get_role_display()}
        body = _(
            "%(admin)s gave the role %(role)s to %(user)s in the network of %(network)s. "
            "The network has no second administrator to approve it: if you did not expect "
            "it, tell the association.\n\n%(link)s\n"
        ) % {
            "admin": role.granted_by.get_username() if role.granted_by else "?",
            "role": role.get_role_display(),
            "user": role.user.get_username(),
            "network": role.association.name,
            "link": link,
        }
    holders = [
        address
        for address in _staff_addresses(role.association_id, role.role)
        if address != role.user.email
    ]
    return _send_each(holders, subject, body)


@task(retries=2, retry_delay=300)
def contest_notify(*, contest_id: int, reminder: bool) -> int:
    """Tell the data-protection contact and the admins that a contest waits (or is near or
    past its deadline): no identifier, no contact detail, only the deadline and a link."""
    from veilleuse.alerts.models import Contest
    from veilleuse.alerts.services.contest import contest_addresses

    contest = Contest.objects.select_related("association").get(pk=contest_id)
    link = settings.VEILLEUSE_SITE_URL + reverse(
        "alerts:contest_detail", kwargs={"slug": contest.association.slug, "pk": contest.pk}
    )
    with translation.override(settings.LANGUAGE_CODE):
        if reminder:
            subject = _("Veilleuse: a data-protection request is due on %(date)s")
        else:
            subject = _("Veilleuse: a new data-protection request, due on %(date)s")
        subject %= {"date": contest.due_on.isoformat()}
        body = _(
            "Someone who thinks they are named in the network of %(network)s asked for "
            "access, correction or erasure. The law gives one month to answer.\n\n%(link)s\n"
        ) % {"network": contest.association.name, "link": link}
    return _send_each(contest_addresses(association_id=contest.association_id), subject, body)


@periodic(hour="8", minute="5")
def contests_remind() -> int:
    """Every morning: remind the contact of contests near or past their one-month deadline."""
    from django.utils import timezone

    from veilleuse.alerts.services.contest import contest_reminded, contests_due_reminders

    today = timezone.localdate()
    due = contests_due_reminders(today=today)
    for contest_id in due:
        contest_reminded(contest_id=contest_id, today=today)
        contest_notify(contest_id=contest_id, reminder=True)
    return len(due)
