"""The development mail backend: Django's console backend, without the recipients.

Members give a contact address only for contentless notifications; printed in a terminal it
would stay in scrollback and in any log the output is sent to, which erasure cannot reach.
The message is printed with its recipients replaced by how many there are.
"""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.core.mail.backends.console import EmailBackend

RECIPIENT_HEADERS = ("To", "Cc", "Bcc", "Reply-To")


class ConsoleEmailBackend(EmailBackend):
    def write_message(self, message: EmailMessage) -> None:
        mime = message.message()
        for header in RECIPIENT_HEADERS:
            if header in mime:
                del mime[header]
        mime["To"] = f"[{len(message.recipients())} recipient(s), not shown]"
        # Django's messages are UTF-8 (DEFAULT_CHARSET); undecodable bytes are shown, not fatal.
        self.stream.write(mime.as_bytes().decode("utf-8", errors="replace") + "\n")
        self.stream.write("-" * 79 + "\n")
