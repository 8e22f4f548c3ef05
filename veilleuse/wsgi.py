"""WSGI entry point, for gunicorn and the like: ``gunicorn veilleuse.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veilleuse.settings")

application = get_wsgi_application()
