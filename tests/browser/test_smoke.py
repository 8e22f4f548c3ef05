"""The browser can reach the live server: the foundation every journey stands on."""

from __future__ import annotations

from typing import Any


def test_the_health_check_answers_in_a_real_browser(live_server: Any, phone: Any) -> None:
    response = phone.goto(f"{live_server.url}/healthz")
    assert response is not None
    assert response.status == 200
    assert '"status": "ok"' in phone.content()
