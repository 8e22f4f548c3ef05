"""Seal ``Member.app_look``: the neutral look a member chose says that she installed a
disguised app (decision 0016). The clear column is renamed, the sealed one added, and every
row sealed afresh from it (the added column's default is one ciphertext for every row, which
would set apart the members who later choose another look); then the clear column goes."""

from django.db import migrations

import veilleuse.alerts.fields

LOOKS = [
    ("notes", "Notes"),
    ("weather", "Weather"),
    ("calculator", "Calculator"),
    ("calendar", "Calendar"),
]


def seal(apps, schema_editor):
    Member = apps.get_model("alerts", "Member")
    for member in Member.objects.only("pk", "app_look_clear").iterator():
        member.app_look = member.app_look_clear or "notes"
        member.save(update_fields=["app_look"])


def unseal(apps, schema_editor):
    Member = apps.get_model("alerts", "Member")
    for member in Member.objects.only("pk", "app_look").iterator():
        member.app_look_clear = member.app_look
        member.save(update_fields=["app_look_clear"])


class Migration(migrations.Migration):
    dependencies = [("alerts", "0022_contests_and_alert_reviews")]

    operations = [
        migrations.RenameField("member", "app_look", "app_look_clear"),
        migrations.AddField(
            model_name="member",
            name="app_look",
            field=veilleuse.alerts.fields.EncryptedTextField(
                choices=LOOKS, default="notes", verbose_name="name and icon of the app"
            ),
        ),
        migrations.RunPython(seal, unseal),
        migrations.RemoveField("member", "app_look_clear"),
    ]
