"""Drop the reports' clear link to their author, now sealed (0009)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0009_report_author_seal"),
    ]

    operations = [
        migrations.RemoveField(model_name="report", name="author"),
    ]
