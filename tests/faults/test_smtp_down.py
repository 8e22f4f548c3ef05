"""The mail server is down when a staff member sends an invitation: the page says so, the
invitation and the contact are recorded, and the e-mail leaves once the server is back —
once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from huey.contrib.djhuey import HUEY

from tests.faults.smtp_server import smtp_server
from tests.test_platform import free_port


@pytest.fixture
def smtp_port(settings: Any) -> int:
    port = free_port()  # nothing listens there until the test starts the server
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_TIMEOUT = 3
    return port


@pytest.fixture
def admin(transactional_db: None, client: Client, cast: Any) -> Client:
    # Real commits: the e-mail is attempted when the service's transaction commits, before
    # the page is rendered, as in production.
    cast.list_a.email = "liste-a@example.org"
    cast.list_a.save()
    client.force_login(cast.admin)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def send_url(cast: Any) -> str:
    kwargs = {"slug": cast.campaign.slug, "candidate_id": cast.list_a.pk}
    return reverse("questionnaires:invitation_send", kwargs=kwargs)


def run_due_retries() -> int:
    """What the worker does once the retry delay has passed."""
    # Taken off the schedule; huey's schedule holds naive datetimes.
    due = HUEY.read_schedule(dt.datetime.now() + dt.timedelta(days=1))  # noqa: DTZ005
    for queued in due:
        queued.eta = None  # its time has come
        HUEY.execute(queued)
    return len(due)


def test_an_invitation_sent_while_the_mail_server_is_down_is_recorded_and_sent_later(
    admin: Client, cast: Any, smtp_port: int
) -> None:
    from veilleuse.questionnaires.models import ContactAttempt, Invitation

    HUEY.storage.flush_all()
    response = admin.post(send_url(cast), follow=True)

    page = response.content.decode()
    assert response.status_code == 200
    assert "the mail server did not answer" in page
    assert "was sent to" not in page
    invitation = Invitation.objects.get(candidate=cast.list_a)
    assert invitation.last_sent_at is not None
    assert ContactAttempt.objects.filter(candidate=cast.list_a).count() == 1

    with smtp_server(smtp_port) as mailbox:
        assert run_due_retries() == 1
        assert run_due_retries() == 0  # sent: nothing left to retry

    (message,) = mailbox.messages
    assert message["To"] == "liste-a@example.org"
    token_path = reverse("questionnaires:answer", kwargs={"token": "x"}).rsplit("x/", 1)[0]
    assert token_path in message.get_payload(decode=True).decode()


def test_with_the_mail_server_up_the_page_says_sent_and_one_e_mail_leaves(
    admin: Client, cast: Any, smtp_port: int
) -> None:
    HUEY.storage.flush_all()
    with smtp_server(smtp_port) as mailbox:
        response = admin.post(send_url(cast), follow=True)

    assert "The invitation was sent to liste-a@example.org" in response.content.decode()
    assert len(mailbox.messages) == 1
    assert HUEY.scheduled() == []
