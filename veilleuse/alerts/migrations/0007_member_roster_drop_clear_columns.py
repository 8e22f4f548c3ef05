"""Drop the members' clear pseudonyms, languages and zones, now sealed (0006)."""

import veilleuse.alerts.fields
import veilleuse.alerts.models.network
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0006_member_roster_encrypt"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="member", name="one_pseudonym_per_network"),
        migrations.RemoveField(model_name="member", name="pseudonym"),
        migrations.RemoveField(model_name="member", name="pseudonym_key"),
        migrations.RemoveField(model_name="member", name="language"),
        migrations.RemoveField(model_name="member", name="languages"),
        migrations.RemoveField(model_name="member", name="zones"),
        migrations.RenameField(
            model_name="member", old_name="sealed_pseudonym", new_name="pseudonym"
        ),
        migrations.RenameField(model_name="member", old_name="sealed_language", new_name="language"),
        migrations.RenameField(
            model_name="member", old_name="sealed_languages", new_name="languages"
        ),
        migrations.AlterField(
            model_name="member",
            name="pseudonym",
            field=veilleuse.alerts.fields.EncryptedTextField(verbose_name="pseudonym"),
        ),
        migrations.AlterField(
            model_name="member",
            name="language",
            field=veilleuse.alerts.fields.EncryptedTextField(
                verbose_name="language of the interface and the alerts"
            ),
        ),
        migrations.AlterField(
            model_name="member",
            name="languages",
            field=veilleuse.alerts.fields.EncryptedJSONField(
                blank=True, default=list, verbose_name="languages"
            ),
        ),
        migrations.AlterField(
            model_name="member",
            name="zone_ids",
            field=veilleuse.alerts.fields.EncryptedJSONField(
                blank=True, default=list, verbose_name="zones"
            ),
        ),
        migrations.AlterField(
            model_name="member",
            name="created",
            field=models.DateTimeField(
                default=veilleuse.alerts.models.network.this_month,
                editable=False,
                verbose_name="joined (month)",
            ),
        ),
        migrations.AlterField(
            model_name="member",
            name="updated",
            field=models.DateTimeField(
                default=veilleuse.alerts.models.network.this_month,
                editable=False,
                verbose_name="joined (month)",
            ),
        ),
        migrations.AlterModelOptions(
            name="member",
            options={
                "ordering": ("association", "pk"),
                "verbose_name": "member",
                "verbose_name_plural": "members",
            },
        ),
        migrations.AddConstraint(
            model_name="member",
            constraint=models.UniqueConstraint(
                fields=("association", "pseudonym_hash"), name="one_pseudonym_hash_per_network"
            ),
        ),
    ]
