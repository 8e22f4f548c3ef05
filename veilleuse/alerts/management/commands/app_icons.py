"""``manage.py app_icons``: draw the installable app's PNG icons (``alerts/app_icons.py``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from veilleuse.alerts.app_icons import app_icons_write


class Command(BaseCommand):
    help = "Draw the PNG icons (192 and 512 pixels) of the members' installable app."

    def handle(self, *args: Any, **options: Any) -> None:
        for path in app_icons_write():
            self.stdout.write(str(path))
