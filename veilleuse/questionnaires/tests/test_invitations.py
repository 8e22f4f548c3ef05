"""A candidate's personal link: made, sent, reminded, withdrawn; and what it opens."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from veilleuse.core.models import AuditEntry
from veilleuse.questionnaires.models import (
    ContactAttempt,
    ContactKind,
    Invitation,
    QuestionnaireVersion,
    Response,
    ResponseStatus,
)
from veilleuse.questionnaires.selectors.invitations import (
    InvitationInvalid,
    invitation_for_token,
    invitation_token,
)
from veilleuse.questionnaires.services.invitations import (
    contact_log_add,
    invitation_create,
    invitation_remind,
    invitation_revoke,
    invitation_send,
    invitation_url,
)


@pytest.fixture(autouse=True)
def _english(settings: Any) -> Iterator[None]:
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def reason_for(token: str) -> str:
    with pytest.raises(InvitationInvalid) as caught:
        invitation_for_token(token)
    return caught.value.reason


def test_a_link_opens_the_invitation_it_was_made_for(cast: Any) -> None:
    invitation = invitation_create(actor=cast.admin, candidate=cast.list_a)

    assert invitation_for_token(invitation_token(invitation)) == invitation
    assert invitation_url(invitation=invitation).startswith("http")
    assert invitation_token(invitation) in invitation_url(invitation=invitation)


def test_the_secret_is_not_stored_and_the_link_can_be_shown_again(cast: Any) -> None:
    invitation = invitation_create(actor=cast.admin, candidate=cast.list_a)
    token = invitation_token(invitation)
    secret = token.split(".", 1)[1]

    reloaded = Invitation.objects.get(pk=invitation.pk)
    assert secret not in str(reloaded.__dict__)
    assert invitation_token(reloaded) == token


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: token.split(".")[0],
        lambda token: "999999." + token.split(".", 1)[1],
        lambda token: "not-a-link",
        lambda token: "",
        lambda token: "٣." + token.split(".", 1)[1],
    ],
)
def test_a_tampered_link_opens_nothing(cast: Any, tamper: Any) -> None:
    invitation = invitation_create(actor=cast.admin, candidate=cast.list_a)

    assert reason_for(tamper(invitation_token(invitation))) == "unknown"


def test_a_link_of_one_list_never_opens_another(cast: Any) -> None:
    a = invitation_create(actor=cast.admin, candidate=cast.list_a)
    b = invitation_create(actor=cast.admin, candidate=cast.list_b)
    forged = f"{b.pk}.{invitation_token(a).split('.', 1)[1]}"

    assert reason_for(forged) == "unknown"


def test_a_withdrawn_link_says_so_and_a_new_link_works_alone(cast: Any) -> None:
    invitation = invitation_create(actor=cast.admin, candidate=cast.list_a)
    old = invitation_token(invitation)

    invitation_revoke(actor=cast.admin, candidate=cast.list_a)
    assert reason_for(old) == "revoked"

    renewed = invitation_create(actor=cast.admin, candidate=cast.list_a)
    assert invitation_for_token(invitation_token(renewed)) == renewed
    assert reason_for(old) == "unknown"


def test_a_link_expires_thirty_days_after_the_deadline(cast: Any) -> None:
    deadline = timezone.now() + timedelta(days=10)
    cast.campaign.deadline = deadline
    cast.campaign.save()
    invitation = invitation_create(actor=cast.admin, candidate=cast.list_a)
    token = invitation_token(invitation)

    assert invitation.expires_at == deadline + timedelta(days=30)
    assert invitation_for_token(token, now=deadline + timedelta(days=29)) == invitation
    with pytest.raises(InvitationInvalid) as caught:
        invitation_for_token(token, now=deadline + timedelta(days=31))
    assert caught.value.reason == "expired"


def test_without_a_deadline_a_link_does_not_expire(cast: Any) -> None:
    assert invitation_create(actor=cast.admin, candidate=cast.list_a).expires_at is None


def test_the_first_link_freezes_the_questionnaire_as_version_1(cast: Any) -> None:
    assert not cast.campaign.questionnaire_frozen

    invitation_create(actor=cast.admin, candidate=cast.list_a)
    invitation_create(actor=cast.admin, candidate=cast.list_b)

    cast.campaign.refresh_from_db()
    assert cast.campaign.questionnaire_frozen
    version = QuestionnaireVersion.objects.get(campaign=cast.campaign)
    assert version.number == 1
    assert len(version.snapshot["questions"]) == 10


def test_making_a_link_twice_keeps_the_first(cast: Any) -> None:
    first = invitation_create(actor=cast.admin, candidate=cast.list_a)
    again = invitation_create(actor=cast.admin, candidate=cast.list_a)

    assert invitation_token(again) == invitation_token(first)


def test_no_link_without_questions(cast: Any) -> None:
    cast.campaign.questions.all().delete()

    with pytest.raises(ValidationError, match="Add questions"):
        invitation_create(actor=cast.admin, candidate=cast.list_a)
    assert not Invitation.objects.exists()


def test_sending_mails_the_link_after_commit_and_logs_the_contact(
    cast: Any, django_capture_on_commit_callbacks: Any
) -> None:
    cast.list_a.email = "liste-a@example.org"
    cast.list_a.save()

    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_send(actor=cast.admin, candidate=cast.list_a)
        assert mail.outbox == [], "the e-mail left before the transaction committed"

    (message,) = mail.outbox
    assert message.to == ["liste-a@example.org"]
    assert invitation_url(invitation=invitation) in message.body
    assert invitation.first_sent_at is not None
    contact = ContactAttempt.objects.get(candidate=cast.list_a)
    assert (contact.kind, contact.author) == (ContactKind.EMAIL, cast.admin)
    assert AuditEntry.objects.filter(action="invitation.send").count() == 1


def test_sending_without_an_e_mail_address_says_so_and_writes_nothing(cast: Any) -> None:
    with pytest.raises(ValidationError, match="no e-mail address"):
        invitation_send(actor=cast.admin, candidate=cast.list_a)

    assert not Invitation.objects.exists()
    assert not ContactAttempt.objects.exists()


def test_reminders_go_to_the_lists_that_were_sent_the_link_and_have_not_answered(
    cast: Any, django_capture_on_commit_callbacks: Any
) -> None:
    for candidate in (cast.list_a, cast.list_b):
        candidate.email = f"{candidate.pk}@example.org"
        candidate.save()
        invitation_send(actor=cast.admin, candidate=candidate)
    Response.objects.create(
        candidate=cast.list_b, status=ResponseStatus.SUBMITTED, submitted_at=timezone.now()
    )

    with django_capture_on_commit_callbacks(execute=True):
        count = invitation_remind(actor=cast.admin, campaign=cast.campaign)

    assert count == 1
    assert [m.to for m in mail.outbox] == [[cast.list_a.email]]
    assert Invitation.objects.get(candidate=cast.list_a).reminders == 1
    assert ContactAttempt.objects.filter(kind=ContactKind.REMINDER).count() == 1


def test_reminding_one_list_that_cannot_be_reminded_says_why(cast: Any) -> None:
    invitation_create(actor=cast.admin, candidate=cast.list_a)

    with pytest.raises(ValidationError, match="No reminder sent"):
        invitation_remind(actor=cast.admin, campaign=cast.campaign, candidate=cast.list_a)
    assert not ContactAttempt.objects.exists()


def test_withdrawing_a_link_that_does_not_exist_is_refused(cast: Any) -> None:
    with pytest.raises(ValidationError, match="no link to withdraw"):
        invitation_revoke(actor=cast.admin, candidate=cast.list_a)


def test_staff_log_calls_and_letters(cast: Any) -> None:
    contact = contact_log_add(
        actor=cast.admin, candidate=cast.list_a, kind=ContactKind.PHONE, note="Répondeur."
    )

    assert list(cast.list_a.contacts.all()) == [contact]
    assert AuditEntry.objects.filter(action="contact.add").exists()


def test_a_contact_of_an_unknown_kind_is_refused(cast: Any) -> None:
    with pytest.raises(ValidationError):
        contact_log_add(actor=cast.admin, candidate=cast.list_a, kind="pigeon")
    assert not ContactAttempt.objects.exists()


def test_an_admin_copies_the_link_from_the_list_page_and_a_viewer_never_sees_it(
    client: Any, cast: Any
) -> None:
    invitation = invitation_create(actor=cast.admin, candidate=cast.list_a)
    page = f"/c/{cast.campaign.slug}/candidates/{cast.list_a.pk}/"

    client.force_login(cast.admin)
    assert invitation_url(invitation=invitation) in client.get(page).content.decode()
    client.force_login(cast.viewer)
    assert invitation_token(invitation) not in client.get(page).content.decode()


def test_an_admin_sends_the_invitation_from_the_list_page(
    client: Any, cast: Any, django_capture_on_commit_callbacks: Any
) -> None:
    cast.list_a.email = "liste-a@example.org"
    cast.list_a.save()
    client.force_login(cast.admin)
    base = f"/c/{cast.campaign.slug}/candidates/{cast.list_a.pk}"

    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(f"{base}/invitation/send/")
    log = client.get(f"{base}/").content.decode()

    assert sent.status_code == 302
    assert len(mail.outbox) == 1
    assert "liste-a@example.org" in log
    assert ContactAttempt.objects.filter(candidate=cast.list_a, kind=ContactKind.EMAIL).exists()


def test_a_refused_action_is_explained_on_the_list_page(client: Any, cast: Any) -> None:
    client.force_login(cast.admin)
    base = f"/c/{cast.campaign.slug}/candidates/{cast.list_a.pk}"

    page = client.post(f"{base}/invitation/send/", follow=True)

    assert "e-mail" in page.content.decode()
    assert not Invitation.objects.exists()
