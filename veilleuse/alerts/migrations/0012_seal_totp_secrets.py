"""Seal the staff authenticators' secrets already stored (issue 12, finding 9): from now on
``veilleuse.alerts.totp_sealing`` seals each one as it is saved."""

from django.db import migrations

from veilleuse.alerts.totp_sealing import is_sealed, seal, unseal


def seal_all(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id, key FROM otp_totp_totpdevice")
        for pk, key in cursor.fetchall():
            if key and not is_sealed(key):
                cursor.execute(
                    "UPDATE otp_totp_totpdevice SET key = %s WHERE id = %s", [seal(key), pk]
                )


def unseal_all(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id, key FROM otp_totp_totpdevice")
        for pk, key in cursor.fetchall():
            if key and is_sealed(key):
                cursor.execute(
                    "UPDATE otp_totp_totpdevice SET key = %s WHERE id = %s", [unseal(key), pk]
                )


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0011_network_role_grant_approval"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(seal_all, unseal_all)]
