"""E-mail: one contentless message through Django's mail backend (SMTP in production)."""

from __future__ import annotations

import smtplib
from typing import TYPE_CHECKING

from django.core.mail import EmailMessage

from veilleuse.alerts.channels import ChannelError, Keyed, feed_url, notice_text, register_channel

if TYPE_CHECKING:
    from veilleuse.alerts.models import Member


@register_channel("email")
class EmailChannel:
    name = "email"

    def wants(self, member: Member) -> bool:
        return bool(member.notify_email and member.contact_email)

    def send(self, delivery: Keyed, member: Member) -> None:
        subject = notice_text(member.language)
        message = EmailMessage(
            subject=subject,
            body=f"{subject}\n\n{feed_url()}\n",
            to=[member.contact_email or ""],  # wants() sends only to members who gave one
            # Lets a relay or the mailbox drop a repeat after a retry.
            headers={"X-Idempotency-Key": delivery.idempotency_key},
        )
        try:
            message.send()
        except smtplib.SMTPRecipientsRefused:
            raise ChannelError("address refused by the mail server", temporary=False) from None
        except (smtplib.SMTPException, OSError) as error:
            raise ChannelError(
                f"mail server unavailable ({type(error).__name__})", temporary=True
            ) from None
