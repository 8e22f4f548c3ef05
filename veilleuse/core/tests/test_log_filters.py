"""No IP address reaches the logs."""

from __future__ import annotations

import logging
import sys
from typing import Any

import pytest

from veilleuse.core.log_filters import IPAddressRedactingFilter, redact_ip_addresses


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("login from 192.168.1.20 refused", "login from [ip] refused"),
        ("client 2001:db8::8a2e:370:7334 said hi", "client [ip] said hi"),
        ("from [::1]:8000", "from [[ip]]:8000"),
        ("peer 10.0.0.7:51234", "peer [ip]:51234"),
    ],
)
def test_ip_addresses_are_redacted(text: str, expected: str) -> None:
    assert redact_ip_addresses(text) == expected


@pytest.mark.parametrize("text", ["at 23:59:01", "version 5.2", "question 1.2.3", "ab:cd"])
def test_times_and_numbers_are_left_alone(text: str) -> None:
    assert redact_ip_addresses(text) == text


def test_the_filter_redacts_arguments_and_drops_the_request() -> None:
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found from %s", ("203.0.113.9",), None
    )
    record.request = object()

    assert IPAddressRedactingFilter().filter(record)
    assert record.getMessage() == "Not Found from [ip]"
    assert record.request is None


def test_the_filter_redacts_tracebacks() -> None:
    try:
        raise ConnectionError("cannot reach 198.51.100.23")
    except ConnectionError:
        record = logging.LogRecord(
            "huey", logging.ERROR, __file__, 1, "task failed", None, sys.exc_info()
        )

    IPAddressRedactingFilter().filter(record)

    assert "198.51.100.23" not in logging.Formatter().format(record)
    assert "cannot reach [ip]" in (record.exc_text or "")


def test_every_configured_handler_redacts_and_none_mails_requests(settings: Any) -> None:
    handlers = settings.LOGGING["handlers"]

    assert handlers
    for name, handler in handlers.items():
        assert "no_ip_addresses" in handler.get("filters", []), name
        assert "AdminEmailHandler" not in handler["class"], name
