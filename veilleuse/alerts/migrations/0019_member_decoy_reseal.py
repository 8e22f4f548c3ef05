"""Seal each member's ``decoy_ref`` afresh: the column's default was written once for every
existing row, and equal ciphertexts would set apart the members who later choose a duress
passphrase."""

from django.db import migrations


def reseal(apps, schema_editor):
    Member = apps.get_model("alerts", "Member")
    for member in Member.objects.only("pk").iterator():
        member.decoy_ref = "000000000000"
        member.save(update_fields=["decoy_ref"])


class Migration(migrations.Migration):
    dependencies = [("alerts", "0018_member_decoy")]

    operations = [migrations.RunPython(reseal, migrations.RunPython.noop)]
