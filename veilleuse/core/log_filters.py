"""Logging filters. Veilleuse logs no IP address: for its members, being located is a risk."""

from __future__ import annotations

import ipaddress
import logging
import re

REDACTED = "[ip]"

# Candidates only; each is confirmed by the ipaddress module so that times ("23:59:01") and
# ordinary numbers are left alone.
_IPV4_CANDIDATE = re.compile(r"(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w.])")
_IPV6_CANDIDATE = re.compile(r"(?<![\w:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:])")


def redact_ip_addresses(text: str) -> str:
    """Replace every IPv4 and IPv6 address in ``text`` with ``[ip]``."""

    def replace(match: re.Match[str]) -> str:
        try:
            ipaddress.ip_address(match.group(0))
        except ValueError:
            return match.group(0)
        return REDACTED

    return _IPV6_CANDIDATE.sub(replace, _IPV4_CANDIDATE.sub(replace, text))


class IPAddressRedactingFilter(logging.Filter):
    """Scrub addresses from the message and drop the request a record may carry.

    Django attaches the request to some records (``django.request``, ``django.server``); a
    formatter or handler could otherwise reach ``request.META["REMOTE_ADDR"]``.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact_ip_addresses(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            # Formatters reuse exc_text when set, so the traceback is scrubbed too.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact_ip_addresses(record.exc_text)
        if hasattr(record, "request"):
            record.request = None
        return True
