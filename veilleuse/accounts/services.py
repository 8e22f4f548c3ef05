"""Every write of the accounts app: team memberships, two-factor devices, the 2FA policy.

Each service is keyword-only, validates with ``full_clean()`` before saving, runs in one
transaction and writes its audit entry inside it; e-mails leave only after commit.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from veilleuse.accounts.models import Association, Membership, Role, User
from veilleuse.core.audit import audit, audited_delete

TOTP_DEVICE_NAME = "authenticator"


# Team.


@transaction.atomic
def membership_add(
    *, actor: User, association: Association, username: str, email: str, role: str
) -> Membership:
    """Add a person to the association's staff.

    A new account gets no password: the person receives a link to choose one. A person who
    already has an account (same username *and* e-mail) is added as they are, so that one
    volunteer can help several associations.
    """
    user, created = _user_for_membership(username=username, email=email)
    if not created and Membership.objects.filter(user=user, association=association).exists():
        raise ValidationError(
            _("%(username)s is already on this team."),
            code="already_member",
            params={"username": user.username},
        )
    membership = Membership(user=user, association=association, role=role)
    membership.full_clean()
    membership.save()
    audit(
        actor=actor,
        action="membership.add",
        target=membership,
        association_id=association.pk,
        username=user.username,
        role=role,
        new_account=created,
    )
    if created:
        language = translation.get_language() or settings.LANGUAGE_CODE
        transaction.on_commit(
            lambda: welcome_email_send(
                user_id=user.pk, association_id=association.pk, language=language
            )
        )
    return membership


def _user_for_membership(*, username: str, email: str) -> tuple[User, bool]:
    existing = User.objects.filter(username=username).first()
    if existing is not None:
        # Matching the e-mail too stops an admin from enrolling a stranger by guessing a name.
        if existing.email and existing.email.casefold() == email.casefold():
            return existing, False
        raise ValidationError(
            {"username": _("This username is taken. Choose another one.")}, code="username_taken"
        )
    user = User(username=username, email=email)
    user.set_unusable_password()
    user.full_clean()
    user.save()
    return user, True


def welcome_email_send(*, user_id: int, association_id: int, language: str) -> None:
    """E-mail a new staff member the link to choose their password (Django's reset token)."""
    user = User.objects.get(pk=user_id)
    association = Association.objects.get(pk=association_id)
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {
        "user": user,
        "association": association,
        "link": settings.VEILLEUSE_SITE_URL + path,
    }
    with translation.override(language):
        subject = render_to_string("accounts/email/welcome_subject.txt", context)
        body = render_to_string("accounts/email/welcome_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [user.email])


@transaction.atomic
def membership_role_change(*, actor: User, membership: Membership, role: str) -> Membership:
    if membership.role == role:
        return membership
    if membership.role == Role.ADMIN:
        _refuse_if_last_admin(membership)
    previous = membership.role
    membership.role = role
    membership.full_clean()
    membership.save(update_fields=["role", "updated"])
    audit(
        actor=actor,
        action="membership.role_change",
        target=membership,
        association_id=membership.association_id,
        username=membership.user.username,
        previous=previous,
        role=role,
    )
    return membership


@transaction.atomic
def membership_remove(*, actor: User, membership: Membership) -> Membership:
    """Take a person off the team. Their account stays: they may belong to other teams."""
    if membership.role == Role.ADMIN:
        _refuse_if_last_admin(membership)
    audited_delete(
        actor=actor,
        action="membership.remove",
        target=membership,
        association_id=membership.association_id,
        username=membership.user.username,
        role=membership.role,
    )
    return membership


def _refuse_if_last_admin(membership: Membership) -> None:
    # Locking the admin rows makes two admins demoting each other at once queue up, instead
    # of both succeeding and leaving the association with nobody to run it.
    admins = list(
        Membership.objects.select_for_update()
        .filter(association_id=membership.association_id, role=Role.ADMIN)
        .values_list("pk", flat=True)
    )
    if admins == [membership.pk]:
        raise ValidationError(
            _(
                "An association needs at least one administrator: make someone else "
                "administrator first."
            ),
            code="last_admin",
        )


# Two-factor authentication.


@transaction.atomic
def totp_device_begin(*, user: User) -> TOTPDevice:
    """The user's authenticator being set up: reused while unconfirmed, so reloading the
    page does not change the secret already scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
        device.full_clean()
        device.save()
    return device


@transaction.atomic
def totp_device_confirm(*, user: User, device: TOTPDevice, token: str) -> TOTPDevice:
    """Mark the device confirmed if ``token`` is its current code; otherwise refuse."""
    if device.user_id != user.pk or device.confirmed:
        raise ValidationError(_("This authenticator cannot be confirmed."), code="invalid_device")
    if not device.verify_token(token):
        raise ValidationError(_("This code is not valid."), code="invalid_token")
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    # One authenticator per person: forgotten half-finished setups go.
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    audit(actor=user, action="two_factor.enable", target=user)
    return device


def totp_device_verify(*, device: TOTPDevice, token: str) -> TOTPDevice:
    """Check a sign-in code. django-otp records the code as used (no replay) and slows down
    repeated failures; the caller then marks the session verified."""
    # Locked, so two guesses sent at once cannot both slip past the throttle. The error is
    # raised after the transaction: raising inside would roll back the failure count.
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        allowed, _details = device.verify_is_allowed()
        verified = allowed and device.verify_token(token)
    if not allowed:
        raise ValidationError(
            _("Too many wrong codes. Wait a minute, then type the newest code."), code="throttled"
        )
    if not verified:
        raise ValidationError(
            _("This code is not valid. Check that your phone shows the right time."),
            code="invalid_token",
        )
    return device


@transaction.atomic
def totp_devices_remove(*, user: User) -> int:
    """The person removes their own authenticator (from a verified session)."""
    count, _details = TOTPDevice.objects.filter(user=user).delete()
    audit(actor=user, action="two_factor.remove", target=user)
    return int(count)


@transaction.atomic
def two_factor_reset(*, actor: User, membership: Membership) -> Membership:
    """An association admin resets a team member's authenticator (a lost phone): the member
    sets up a new one at their next sign-in."""
    TOTPDevice.objects.filter(user_id=membership.user_id).delete()
    audit(
        actor=actor,
        action="two_factor.reset",
        target=membership,
        association_id=membership.association_id,
        username=membership.user.username,
    )
    return membership


@transaction.atomic
def association_two_factor_set(
    *, actor: User, association: Association, required: bool
) -> Association:
    if association.require_two_factor == required:
        return association
    association.require_two_factor = required
    association.full_clean()
    association.save(update_fields=["require_two_factor", "updated"])
    audit(
        actor=actor,
        action="association.two_factor_set",
        target=association,
        association_id=association.pk,
        required=required,
    )
    return association
