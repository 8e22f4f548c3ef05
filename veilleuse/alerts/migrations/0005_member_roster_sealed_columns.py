"""Columns for the member roster encrypted at rest (issue 12, finding 9); filled by 0006."""

import veilleuse.alerts.fields
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0004_pseudonyms_unique_per_network"),
    ]

    operations = [
        migrations.AddField(
            model_name="member",
            name="sealed_pseudonym",
            field=veilleuse.alerts.fields.EncryptedTextField(null=True),
        ),
        migrations.AddField(
            model_name="member",
            name="pseudonym_hash",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="member",
            name="sealed_language",
            field=veilleuse.alerts.fields.EncryptedTextField(null=True),
        ),
        migrations.AddField(
            model_name="member",
            name="sealed_languages",
            field=veilleuse.alerts.fields.EncryptedJSONField(null=True),
        ),
        migrations.AddField(
            model_name="member",
            name="zone_ids",
            field=veilleuse.alerts.fields.EncryptedJSONField(null=True),
        ),
    ]
