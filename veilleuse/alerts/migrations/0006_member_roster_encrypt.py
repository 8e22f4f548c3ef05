"""Encrypt the members' pseudonyms, languages and zones, hash their pseudonyms per network,
keep when they joined to the month and forget their last sign-in (issue 12, finding 9).

Raw SQL on purpose: the values are sealed for the columns they end in (0007 renames
``sealed_pseudonym`` to ``pseudonym``...), which the historical models cannot express.
"""

import json
from datetime import UTC, datetime

from django.db import migrations
from django.utils import timezone

from veilleuse.alerts.crypto import decrypt, encrypt
from veilleuse.alerts.identifiers import keyed_hash

PURPOSE = "alerts.Member.{}"


def month_of(moment):
    """Midnight on the first of ``moment``'s month (local time), as the member model does."""
    if isinstance(moment, str):  # SQLite without converters
        moment = datetime.fromisoformat(moment)
    if timezone.is_naive(moment):  # stored in UTC
        moment = timezone.make_aware(moment, UTC)
    local = timezone.localtime(moment)
    return timezone.make_aware(datetime(local.year, local.month, 1))


def seal(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, association_id, user_id, pseudonym, pseudonym_key, language, languages,"
            " created FROM alerts_member"
        )
        members = cursor.fetchall()
        for pk, association_id, user_id, pseudonym, key, language, languages, created in members:
            cursor.execute("SELECT zone_id FROM alerts_member_zones WHERE member_id = %s", [pk])
            zone_ids = sorted(row[0] for row in cursor.fetchall())
            if isinstance(languages, str):
                languages = json.loads(languages)
            month = connection.ops.adapt_datetimefield_value(month_of(created))
            cursor.execute(
                "UPDATE alerts_member SET sealed_pseudonym = %s, pseudonym_hash = %s,"
                " sealed_language = %s, sealed_languages = %s, zone_ids = %s,"
                " created = %s, updated = %s WHERE id = %s",
                [
                    encrypt(pseudonym, purpose=PURPOSE.format("pseudonym")),
                    keyed_hash("pseudonym", f"{association_id}:{key}"),
                    encrypt(language, purpose=PURPOSE.format("language")),
                    encrypt(json.dumps(languages or []), purpose=PURPOSE.format("languages")),
                    encrypt(json.dumps(zone_ids), purpose=PURPOSE.format("zone_ids")),
                    month,
                    month,
                    pk,
                ],
            )
            cursor.execute(
                "UPDATE accounts_user SET last_login = NULL, date_joined = %s WHERE id = %s",
                [month, user_id],
            )


def unseal(apps, schema_editor):
    from veilleuse.alerts.services.members import pseudonym_key

    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, sealed_pseudonym, sealed_language, sealed_languages, zone_ids"
            " FROM alerts_member"
        )
        for pk, pseudonym, language, languages, zone_ids in cursor.fetchall():
            plain = decrypt(pseudonym, purpose=PURPOSE.format("pseudonym"))
            cursor.execute(
                "UPDATE alerts_member SET pseudonym = %s, pseudonym_key = %s, language = %s,"
                " languages = %s WHERE id = %s",
                [
                    plain,
                    pseudonym_key(pseudonym=plain),
                    decrypt(language, purpose=PURPOSE.format("language")),
                    decrypt(languages, purpose=PURPOSE.format("languages")),
                    pk,
                ],
            )
            for zone_id in json.loads(decrypt(zone_ids, purpose=PURPOSE.format("zone_ids"))):
                cursor.execute(
                    "INSERT INTO alerts_member_zones (member_id, zone_id) VALUES (%s, %s)",
                    [pk, zone_id],
                )


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0005_member_roster_sealed_columns"),
        ("accounts", "0002_memberships_and_two_factor_option"),
    ]

    operations = [migrations.RunPython(seal, unseal)]
