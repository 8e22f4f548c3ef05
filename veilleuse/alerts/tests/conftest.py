"""The alerts tests read messages in English, the language of the source strings; pages
for members still switch to each member's language, as they do in production."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_by_default(settings: object) -> Iterator[None]:
    settings.LANGUAGE_CODE = "en"  # type: ignore[attr-defined]
    with translation.override("en"):
        yield
