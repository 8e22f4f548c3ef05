"""Columns for a report's author kept as a keyed hash and an encrypted reference (issue 12,
finding 9); filled by 0009."""

import veilleuse.alerts.fields
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0007_member_roster_drop_clear_columns"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="author_hash",
            field=models.CharField(blank=True, default="", editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="report",
            name="author_ref",
            field=veilleuse.alerts.fields.EncryptedTextField(
                blank=True, editable=False, null=True
            ),
        ),
        migrations.AddIndex(
            model_name="report",
            index=models.Index(fields=["author_hash"], name="report_author"),
        ),
    ]
