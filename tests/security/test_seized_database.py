"""Finding 9 of issue 12: a copy of the database, without the keys, does not reveal the roster.

The demo world (what ``veilleuse demo`` loads) plus what members and staff do every day: a
newcomer joins with a code and chooses zones and languages, signs in, files a report naming a
number and a plate; another visitor has typed a code and stopped there; a moderator has set up
an authenticator. Then every column of every table is read with raw SQL, session data decoded
the way a thief would (base64, no key needed), and searched for what identifies a person.
"""

from __future__ import annotations

import base64
import re
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from veilleuse.alerts.models import Member, Report, Zone
from veilleuse.alerts.services.members import member_invitation_create

NEWCOMER = "Quokka Nocturne"
DEMO_PSEUDONYMS = ("Rosa", "Lin", "Ana", "Sam")
PASSPHRASE = "quatre mots bien longs ici"
PHONE_NATIONAL = "06 98 76 54 32"
PLATE = "GH-482-KT"
# A voice note recorded by Chromium (WebM/Opus): a voice identifies the one who speaks.
RECORDING = (
    Path(__file__).resolve().parents[1] / "fixtures" / "voice" / "chromium-opus.webm"
).read_bytes()
# A number's digits in any spelling: "+33 6 98…", "0698…", "6.98.76…".
PHONES = (
    re.compile(r"6\D{0,3}98\D{0,3}76\D{0,3}54\D{0,3}32"),
    re.compile(r"6\D{0,3}12\D{0,3}34\D{0,3}56\D{0,3}78"),  # the demo's fictitious number
)


@pytest.fixture(autouse=True)
def english_and_empty_cache(settings):
    settings.LANGUAGE_CODE = "en"
    cache.clear()
    yield
    cache.clear()


def session_texts(raw: str) -> Iterator[str]:
    """What a thief reads in ``django_session.session_data`` without the secret key."""
    payload = raw.split(":", 1)[0]
    compressed = payload.startswith(".")
    payload = payload.lstrip(".")
    data = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    yield (zlib.decompress(data) if compressed else data).decode("utf-8", "replace")


def every_cell() -> Iterator[tuple[str, str, str]]:
    """(table, column, text) for every cell of every table, read with raw SQL."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            columns = [column[0] for column in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if value is None:
                        continue
                    text = value.hex() if isinstance(value, bytes | memoryview) else str(value)
                    yield table, column, text
                    if table == "django_session" and column == "session_data":
                        for decoded in session_texts(text):
                            yield table, "session_data (decoded)", decoded


def newcomer_joins_signs_in_and_reports(association, code: str) -> None:
    """Through the pages, as a member does: a code, a profile, sign-in, a report."""
    belleville = Zone.objects.get(association=association, slug="belleville")
    joining = Client()
    joining.post(reverse("alerts:join"), {"code": code})
    profile = {"pseudonym": NEWCOMER, "passphrase": PASSPHRASE, "passphrase_again": PASSPHRASE}
    profile |= {"language": "ro", "languages": ["pt"], "zones": [belleville.pk]}
    joined = joining.post(reverse("alerts:join"), profile)
    assert joined.status_code == 302, joined.content.decode()
    member = Client()
    signed = member.post(reverse("alerts:login"), {"pseudonym": NEWCOMER, "passphrase": PASSPHRASE})
    assert signed.status_code == 302
    filed = member.post(
        reverse("alerts:report_new"),
        {
            "occurred_on": timezone.localdate().isoformat(),
            "time_of_day": "night",
            "zone": belleville.pk,
            "kinds": ["theft"],
            "description": "Il est parti sans payer. (Fictif.)",
            "phone_1": PHONE_NATIONAL,
            "plate_1": PLATE,
            "consent": "legal",
            "voice": SimpleUploadedFile("voice-note.webm", RECORDING, "audio/webm"),
        },
    )
    assert filed.status_code == 302, filed.content.decode()


@pytest.fixture
def seized(db) -> dict[str, str]:
    """The demo world and a day of use; returns the secrets that must not be found."""
    from veilleuse.accounts.models import User
    from veilleuse.accounts.services import totp_device_begin
    from veilleuse.demo import demo_load

    association = demo_load(tracking=False).association
    _, code = member_invitation_create(actor=None, association=association)
    newcomer_joins_signs_in_and_reports(association, code)
    _, pending_code = member_invitation_create(actor=None, association=association)
    Client().post(reverse("alerts:join"), {"code": pending_code})  # stops after the code
    device = totp_device_begin(user=User.objects.get(username="mona"))
    return {
        "invitation code": code,
        "invitation code (typed)": pending_code,
        "TOTP secret": device.key,
        "TOTP secret (base32)": base64.b32encode(bytes.fromhex(device.key)).decode(),
    }


def test_no_cell_holds_a_pseudonym(seized):
    names = re.compile(
        r"\b(" + "|".join(re.escape(name) for name in (NEWCOMER, *DEMO_PSEUDONYMS)) + r")\b",
        re.IGNORECASE,
    )
    found = [(t, c, names.search(x).group(0)) for t, c, x in every_cell() if names.search(x)]
    assert not found, found


def test_no_cell_holds_a_phone_number_or_a_plate(seized):
    plate = re.compile(r"GH\W?482\W?KT", re.IGNORECASE)
    found = [
        (table, column)
        for table, column, text in every_cell()
        if plate.search(text) or any(phone.search(text) for phone in PHONES)
    ]
    assert not found, found


def found_anywhere(secrets: dict[str, str]) -> list[tuple[str, str, str]]:
    """Where each secret (dashes and case aside) appears in a cell."""
    wanted = {name: value.replace("-", "").upper() for name, value in secrets.items()}
    return [
        (table, column, name)
        for table, column, text in every_cell()
        for name, value in wanted.items()
        if value in text.replace("-", "").upper()
    ]


def test_no_cell_holds_the_voice_note_in_any_encoding(seized):
    from veilleuse.alerts.models import VoiceNote

    assert VoiceNote.objects.count() == 1  # the newcomer's report has one, read back whole
    assert VoiceNote.objects.get().audio[:40] == RECORDING[:40]  # (a duration is written in)
    traces = {
        "hex": RECORDING[200:232].hex(),
        "base64": base64.b64encode(RECORDING[:48]).decode(),
        "url-safe base64": base64.urlsafe_b64encode(RECORDING[:48]).decode().rstrip("="),
        "Opus header": "OpusHead",
    }
    found = [
        (table, column, name)
        for table, column, text in every_cell()
        for name, trace in traces.items()
        if trace in text
    ]
    assert not found


def test_no_cell_holds_an_invitation_code_not_even_in_session_data(seized):
    found = found_anywhere({k: v for k, v in seized.items() if k.startswith("invitation")})
    assert not found, found


def test_no_cell_holds_a_staff_authenticator_secret(seized):
    found = found_anywhere({k: v for k, v in seized.items() if k.startswith("TOTP")})
    assert not found, found


def test_a_sealed_authenticator_secret_still_confirms_the_code_of_the_phone(seized):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from veilleuse.accounts.services import totp_device_confirm

    device = TOTPDevice.objects.get(user__username="mona")
    assert device.key == seized["TOTP secret"]  # what the phone scanned, read back
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp_device_confirm(user=device.user, device=device, token=f"{code:0{device.digits}d}")
    assert TOTPDevice.objects.get(pk=device.pk).confirmed


def test_no_table_links_a_member_to_a_zone_or_to_a_report(seized):
    """A zone, a language or a report is stored next to a member only encrypted or key-hashed:
    no model (nor many-to-many table) relates members to zones, and reports name no member."""
    linked = []
    for model in apps.get_models(include_auto_created=True):
        related = {
            field.related_model
            for field in model._meta.get_fields()
            if field.is_relation and not field.auto_created
        }
        if model is Member:
            related.add(Member)
        if Member in related and (Zone in related or Report in related):
            linked.append(model._meta.label)
        if model is Report and Member in related:
            linked.append("alerts.Report → alerts.Member")
    assert not linked, linked
    with connection.cursor() as cursor:
        cursor.execute("SELECT language, languages FROM alerts_member")
        clear = [row for row in cursor.fetchall() if re.fullmatch(r"[a-z-]{2,8}", row[0])]
    assert not clear, clear


def test_members_last_sign_in_is_not_kept_and_joining_is_known_to_the_month(seized):
    rows = Member.objects.values_list("user__last_login", "user__date_joined", "created", "updated")
    assert len(rows) == 5  # the four demo members and the newcomer, who signed in
    for last_login, *moments in rows:
        assert last_login is None
        for moment in moments:
            local = timezone.localtime(moment)
            assert (local.day, local.hour, local.minute, local.second) == (1, 0, 0, 0)


def test_a_sent_notification_no_longer_says_which_member_got_which_alert(network, settings):
    """Deliveries link a member to an alert (so to its zones and languages) only while the
    notification waits to go or failed for good; once sent, the link is gone, in the row as
    stored. The outbox's at-least-once sending is unchanged: a row loses its member only in
    the UPDATE that records it as sent."""
    from veilleuse.alerts.models import Delivery, DeliveryState
    from veilleuse.alerts.services.delivery import deliveries_run, outbox_process
    from veilleuse.alerts.tests.delivery_world import published_alert

    settings.VEILLEUSE_SMS_BACKEND = ""
    rosa = network.rosa
    rosa.contact_email, rosa.notify_email = "rosa.seized@example.org", True
    rosa.save()
    _, entry = published_alert(network.association, [network.zones["belleville"]], ["es"])
    outbox_process(outbox_id=entry.pk)
    waiting = Delivery.objects.get(member=rosa)
    assert deliveries_run() == {"sent": 1}
    with connection.cursor() as cursor:
        cursor.execute("SELECT member_id, state FROM alerts_delivery WHERE id = %s", [waiting.pk])
        assert cursor.fetchone() == (None, DeliveryState.SENT)
    assert not Delivery.objects.filter(member__isnull=False, state=DeliveryState.SENT).exists()
