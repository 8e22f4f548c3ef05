"""Two-factor authentication: setting up an authenticator, confirming a sign-in with it,
removing it, and the ``staff_view`` wrapper that sends people to do so."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import Http404, HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from veilleuse.accounts.access import staff_membership
from veilleuse.accounts.decorators import staff_view
from veilleuse.accounts.tests.conftest import PASSWORD, code_for, confirmed_device, sign_in
from veilleuse.core.models import AuditEntry

pytestmark = pytest.mark.django_db

SETUP = reverse("accounts:two_factor_setup")
VERIFY = reverse("accounts:two_factor_verify")
ACCOUNT = reverse("accounts:account")


def wrong_code_for(device: TOTPDevice) -> str:
    accepted = {code_for(device, steps_ahead=step) for step in (-1, 0, 1)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in accepted)


# Setting up an authenticator.


def test_the_setup_page_shows_a_qr_code_and_the_key_to_type(client: Client, cast) -> None:
    client.force_login(cast.reviewer)

    response = client.get(SETUP)

    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=cast.reviewer)
    assert device.confirmed is False
    content = response.content.decode()
    assert '<svg viewBox="0 0' in content
    assert " ".join(response.context["secret_groups"]) in content


def test_reloading_the_setup_page_keeps_the_key_already_scanned(client: Client, cast) -> None:
    client.force_login(cast.reviewer)

    first = client.get(SETUP).context["secret_groups"]
    second = client.get(SETUP).context["secret_groups"]

    assert first == second
    assert TOTPDevice.objects.filter(user=cast.reviewer).count() == 1


def test_the_right_code_confirms_the_authenticator_and_verifies_the_session(
    client: Client, cast
) -> None:
    client.force_login(cast.reviewer)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=cast.reviewer)

    response = client.post(f"{SETUP}?next=/accounts/", {"token": code_for(device), "next": ACCOUNT})

    assert response.status_code == 302
    assert response.url == ACCOUNT
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert AuditEntry.objects.filter(action="two_factor.enable", actor=cast.reviewer).exists()


def test_a_code_typed_with_a_space_as_phones_show_it_is_accepted(client: Client, cast) -> None:
    client.force_login(cast.reviewer)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=cast.reviewer)
    code = code_for(device)

    response = client.post(SETUP, {"token": f"{code[:3]} {code[3:]}", "next": ACCOUNT})

    assert response.status_code == 302


def test_a_wrong_code_leaves_the_authenticator_unconfirmed(client: Client, cast) -> None:
    client.force_login(cast.reviewer)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=cast.reviewer)

    response = client.post(SETUP, {"token": wrong_code_for(device)})

    assert response.status_code == 200
    assert "This code is not valid." in response.context["form"].errors["token"]
    device.refresh_from_db()
    assert device.confirmed is False
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_someone_with_an_authenticator_cannot_add_another_without_a_code(
    client: Client, cast
) -> None:
    confirmed_device(cast.reviewer)
    client.force_login(cast.reviewer)

    response = client.get(SETUP)

    assert response.status_code == 302
    assert response.url.startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=cast.reviewer).count() == 1


# Confirming a sign-in.


def test_the_right_code_verifies_the_sign_in_and_returns_to_next(client: Client, cast) -> None:
    device = confirmed_device(cast.admin)
    client.post(
        reverse("accounts:login"), {"username": "alice", "password": PASSWORD, "next": ACCOUNT}
    )

    response = client.post(f"{VERIFY}?next=/accounts/", {"token": code_for(device)})

    assert response.status_code == 302
    assert response.url == ACCOUNT
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


def test_a_wrong_code_does_not_verify_the_sign_in(client: Client, cast) -> None:
    device = confirmed_device(cast.admin)
    client.force_login(cast.admin)

    response = client.post(VERIFY, {"token": wrong_code_for(device), "next": ACCOUNT})

    assert response.status_code == 200
    assert response.context["form"].errors["token"] == [
        "This code is not valid. Check that your phone shows the right time."
    ]
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_a_code_cannot_be_used_twice(client: Client, cast) -> None:
    device = confirmed_device(cast.admin)
    code = code_for(device)
    sign_in(client, cast.admin)
    client.post(VERIFY, {"token": code, "next": ACCOUNT})
    other_browser = Client(HTTP_ACCEPT_LANGUAGE="en")
    other_browser.force_login(cast.admin)

    response = other_browser.post(VERIFY, {"token": code, "next": ACCOUNT})

    assert response.status_code == 200
    assert DEVICE_ID_SESSION_KEY not in other_browser.session


def test_after_a_wrong_code_the_next_guess_must_wait(client: Client, cast) -> None:
    device = confirmed_device(cast.admin)
    client.force_login(cast.admin)
    client.post(VERIFY, {"token": wrong_code_for(device)})

    response = client.post(VERIFY, {"token": code_for(device)})

    assert "Too many wrong codes" in response.context["form"].errors["token"][0]


def test_the_next_address_must_stay_on_this_site(client: Client, cast, settings) -> None:
    settings.LOGIN_REDIRECT_URL = "accounts:account"
    device = confirmed_device(cast.admin)
    client.force_login(cast.admin)

    response = client.post(VERIFY, {"token": code_for(device), "next": "https://evil.example/"})

    assert response.status_code == 302
    assert response.url == ACCOUNT


def test_the_verify_page_sends_someone_without_an_authenticator_to_set_one_up(
    client: Client, cast
) -> None:
    client.force_login(cast.viewer)

    response = client.get(f"{VERIFY}?next=/accounts/")

    assert response.status_code == 302
    assert response.url == f"{SETUP}?next=%2Faccounts%2F"


# Removing one's own authenticator.


def test_a_verified_person_removes_their_authenticator_with_their_password(
    client: Client, cast
) -> None:
    device = confirmed_device(cast.reviewer)
    sign_in(client, cast.reviewer, verified_with=device)

    response = client.post(reverse("accounts:two_factor_remove"), {"password": PASSWORD})

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=cast.reviewer).exists()
    assert AuditEntry.objects.filter(action="two_factor.remove", actor=cast.reviewer).exists()


def test_a_password_alone_cannot_remove_the_authenticator(client: Client, cast) -> None:
    confirmed_device(cast.reviewer)
    sign_in(client, cast.reviewer)

    response = client.post(reverse("accounts:two_factor_remove"), {"password": PASSWORD})

    assert response.url.startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=cast.reviewer).exists()


def test_a_wrong_password_keeps_the_authenticator(client: Client, cast) -> None:
    device = confirmed_device(cast.reviewer)
    sign_in(client, cast.reviewer, verified_with=device)

    client.post(reverse("accounts:two_factor_remove"), {"password": "wrong"})

    assert TOTPDevice.objects.filter(user=cast.reviewer).exists()


# staff_view, the wrapper the other apps put around their staff pages.


@staff_view
def association_page(request: HttpRequest, association_id: int) -> HttpResponse:
    """A staff page as the other apps write them: the access gate first."""
    staff_membership(request.user, association_id)
    return HttpResponse("inside")


def staff_request(user: Any, *, device: TOTPDevice | None = None) -> HttpRequest:
    request = RequestFactory().get("/campaigns/paris-2026/?tab=grid")
    request.user = user
    request.session = {}  # type: ignore[assignment]  # what SessionMiddleware would add
    # What OTPMiddleware sets on a verified session.
    user.otp_device = device
    user.is_verified = lambda: device is not None
    return request


def test_staff_view_sends_an_anonymous_visitor_to_sign_in_with_next(cast) -> None:
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/campaigns/paris-2026/")
    request.user = AnonymousUser()

    response = association_page(request, association_id=cast.association.pk)

    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/campaigns/paris-2026/"


def test_staff_view_lets_a_member_in_when_the_association_does_not_require_2fa(cast) -> None:
    response = association_page(staff_request(cast.viewer), association_id=cast.association.pk)

    assert response.status_code == 200


def test_staff_view_sends_a_member_without_authenticator_to_set_one_up(cast) -> None:
    cast.association.require_two_factor = True
    cast.association.save()

    response = association_page(staff_request(cast.viewer), association_id=cast.association.pk)

    assert response.status_code == 302
    assert response.url == f"{SETUP}?next=%2Fcampaigns%2Fparis-2026%2F%3Ftab%3Dgrid"


def test_staff_view_sends_a_member_with_an_authenticator_to_type_a_code(cast) -> None:
    cast.association.require_two_factor = True
    cast.association.save()
    confirmed_device(cast.viewer)

    response = association_page(staff_request(cast.viewer), association_id=cast.association.pk)

    assert response.status_code == 302
    assert response.url == f"{VERIFY}?next=%2Fcampaigns%2Fparis-2026%2F%3Ftab%3Dgrid"


def test_staff_view_lets_a_verified_member_in(cast) -> None:
    cast.association.require_two_factor = True
    cast.association.save()
    device = confirmed_device(cast.viewer)

    response = association_page(
        staff_request(cast.viewer, device=device), association_id=cast.association.pk
    )

    assert response.status_code == 200
    assert response.content == b"inside"


def test_staff_view_leaves_a_404_from_the_gate_alone(cast) -> None:
    with pytest.raises(Http404):
        association_page(staff_request(cast.outsider), association_id=cast.association.pk)


def test_the_server_wide_setting_requires_2fa_of_every_association(cast, settings) -> None:
    settings.VEILLEUSE_REQUIRE_2FA = True

    response = association_page(
        staff_request(cast.outsider), association_id=cast.other_association.pk
    )

    assert response.status_code == 302
    assert response.url.startswith(SETUP)


def test_a_whole_journey_sign_in_set_up_and_back_to_the_team_page(client: Client, cast) -> None:
    cast.association.require_two_factor = True
    cast.association.save()
    team = reverse("accounts:team", kwargs={"slug": "demo"})
    client.post(
        reverse("accounts:login"), {"username": "alice", "password": PASSWORD, "next": team}
    )

    to_setup = client.get(team)
    assert to_setup.url == f"{SETUP}?next=%2Faccounts%2Fteam%2Fdemo%2F"
    client.get(to_setup.url)
    device = TOTPDevice.objects.get(user=cast.admin)
    back = client.post(to_setup.url, {"token": code_for(device), "next": team})

    assert back.url == team
    assert client.get(team).status_code == 200
