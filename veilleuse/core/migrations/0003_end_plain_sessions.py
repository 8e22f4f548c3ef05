"""End every session kept by Django's own store, whose rows held the cookies' values: a copy
of the database must open no session (veilleuse/core/sessions.py). Everyone signs in again."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def end_plain_sessions(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("sessions", "Session").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_hashed_sessions"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(end_plain_sessions, migrations.RunPython.noop)]
