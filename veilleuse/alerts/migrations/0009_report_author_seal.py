"""Replace each report's clear link to its author by a keyed hash and an encrypted reference
(issue 12, finding 9). Raw SQL, as in 0006."""

from django.db import migrations

from veilleuse.alerts.crypto import decrypt, encrypt
from veilleuse.alerts.identifiers import keyed_hash

PURPOSE = "alerts.Report.author_ref"


def seal(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id, author_id FROM alerts_report WHERE author_id IS NOT NULL")
        for pk, author_id in cursor.fetchall():
            cursor.execute(
                "UPDATE alerts_report SET author_hash = %s, author_ref = %s WHERE id = %s",
                [
                    keyed_hash("report-author", str(author_id)),
                    encrypt(str(author_id), purpose=PURPOSE),
                    pk,
                ],
            )


def unseal(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id, author_ref FROM alerts_report WHERE author_ref IS NOT NULL")
        for pk, ref in cursor.fetchall():
            cursor.execute(
                "UPDATE alerts_report SET author_id = %s WHERE id = %s",
                [int(decrypt(ref, purpose=PURPOSE)), pk],
            )


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0008_report_author_sealed_columns"),
    ]

    operations = [migrations.RunPython(seal, unseal)]
