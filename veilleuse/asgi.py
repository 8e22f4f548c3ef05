"""ASGI entry point, for uvicorn and the like: ``uvicorn veilleuse.asgi:application``."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veilleuse.settings")

application = get_asgi_application()
