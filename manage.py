#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veilleuse.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    # A configuration mistake is the operator's to fix: say what it is in one line rather
    # than in a traceback.
    try:
        settings.INSTALLED_APPS  # noqa: B018 - forces the settings module to load
    except ImproperlyConfigured as error:
        sys.exit(f"veilleuse: configuration error: {error}")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
