"""Use under duress: the quick exit ends the session on the server before leaving, and asks
the browser to forget the site (issue 14, item 2; issue 17)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse
from PIL import Image

from veilleuse.alerts.app_icons import app_icon_png
from veilleuse.alerts.cast import MEMBER_PASSPHRASE
from veilleuse.alerts.models import AppLook, Member
from veilleuse.core.models import AuditEntry, HashedSession
from veilleuse.core.sessions import account_key_hash

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    # Sign-in throttling lives in the cache, which outlives a test's database.
    cache.clear()
    yield
    cache.clear()


def test_quick_exit_ends_the_session_on_the_server_then_leaves_for_the_neutral_site(
    network, settings
) -> None:
    settings.VEILLEUSE_QUICK_EXIT_URL = "https://weather.example/"
    client = Client()
    client.force_login(network.rosa.user, backend="veilleuse.alerts.auth.MemberBackend")
    rosa_sessions = HashedSession.objects.filter(account_key=account_key_hash(network.rosa.user.pk))
    assert rosa_sessions.count() == 1

    response = client.get(reverse("alerts:quick_exit"))

    assert response.status_code == 302
    assert response["Location"] == "https://weather.example/"
    assert rosa_sessions.count() == 0
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    expired = {name for name, morsel in response.cookies.items() if morsel["max-age"] == 0}
    assert {"sessionid", "django_language", "veilleuse_device"} <= expired
    assert client.get(reverse("alerts:feed")).status_code == 302  # to the sign-in page


def test_every_member_page_leads_its_quick_exit_through_the_server(network) -> None:
    client = Client()
    client.force_login(network.rosa.user, backend="veilleuse.alerts.auth.MemberBackend")
    page = client.get(reverse("alerts:report_new")).content.decode()

    assert f'href="{reverse("alerts:quick_exit")}"' in page
    assert "data-signed-out" not in page
    assert "data-signed-out" in Client().get(reverse("alerts:login")).content.decode()


def test_what_she_types_in_a_report_is_never_offered_back_by_the_browser(network) -> None:
    client = Client()
    client.force_login(network.rosa.user, backend="veilleuse.alerts.auth.MemberBackend")
    page = client.get(reverse("alerts:report_new")).content.decode()

    assert 'autocomplete="off" novalidate' in page
    for name in ("place", "description", "aggressor", "phone_1", "plate_1"):
        (tag,) = re.findall(rf'<(?:input|textarea)[^>]*name="{name}"[^>]*>', page)
        assert 'autocomplete="off"' in tag, tag


# Remote sign-out --------------------------------------------------------------------------


def member_client(member) -> Client:
    client = Client()
    client.force_login(member.user, backend="veilleuse.alerts.auth.MemberBackend")
    return client


def sign_in_form(client: Client, pseudonym: str, passphrase: str = MEMBER_PASSPHRASE):
    return client.post(reverse("alerts:login"), {"pseudonym": pseudonym, "passphrase": passphrase})


def test_a_member_ends_every_session_of_her_account_from_another_device(network) -> None:
    phone, laptop = member_client(network.rosa), member_client(network.rosa)
    lin = member_client(network.lin)

    done = laptop.post(reverse("alerts:sign_out_everywhere"))

    assert done.status_code == 200
    assert 'id="signed-out-everywhere"' in done.content.decode()
    for client in (phone, laptop):
        assert client.get(reverse("alerts:feed"))["Location"].startswith(reverse("alerts:login"))
    assert lin.get(reverse("alerts:feed")).status_code == 200  # nobody else's
    entry = AuditEntry.objects.get(action="member.sign_out_everywhere")
    assert entry.actor is None  # a member is never named in the log
    assert entry.target_id == str(network.rosa.pk)
    assert entry.data == {"sessions": 2}


def test_her_next_sign_in_asks_for_her_passphrase_once_more(network) -> None:
    member_client(network.rosa).post(reverse("alerts:sign_out_everywhere"))
    client = Client()

    first = sign_in_form(client, "Rosa")
    assert first["Location"].startswith(reverse("alerts:passphrase_confirm"))
    assert client.get(reverse("alerts:feed")).status_code == 302  # not signed in yet
    wrong = client.post(first["Location"], {"passphrase": "not her passphrase at all"})
    assert wrong.status_code == 400
    right = client.post(first["Location"], {"passphrase": MEMBER_PASSPHRASE})

    assert right["Location"] == reverse("alerts:feed")
    assert client.get(reverse("alerts:feed")).status_code == 200
    network.rosa.refresh_from_db()
    assert network.rosa.passphrase_confirm is False
    assert sign_in_form(Client(), "Rosa")["Location"] == reverse("alerts:feed")


def test_the_confirmation_step_refuses_guesses_after_a_few(network) -> None:
    member_client(network.rosa).post(reverse("alerts:sign_out_everywhere"))
    client = Client()
    url = sign_in_form(client, "Rosa")["Location"]

    answers = [client.post(url, {"passphrase": f"guess number {i}"}).status_code for i in range(8)]

    assert answers[-1] == 429
    assert client.post(url, {"passphrase": MEMBER_PASSPHRASE}).status_code == 429


def test_a_moderator_ends_a_members_sessions_at_her_request_and_it_is_audited(network) -> None:
    phone = member_client(network.rosa)
    mona = Client()
    mona.force_login(network.moderator)
    url = reverse("alerts:remote_sign_out", kwargs={"slug": network.association.slug})

    unknown = mona.post(url, {"pseudonym": "Nobody Here"})
    done = mona.post(url, {"pseudonym": "  rosa "})

    assert unknown.status_code == 400
    assert "No member of this network has this pseudonym." in unknown.content.decode()
    assert done.status_code == 302
    assert phone.get(reverse("alerts:feed")).status_code == 302
    entry = AuditEntry.objects.get(action="member.sign_out_everywhere")
    assert entry.actor == network.moderator
    assert entry.target_id == str(network.rosa.pk)
    network.rosa.refresh_from_db()
    assert network.rosa.passphrase_confirm is True


# The neutral installable app -----------------------------------------------------------------


def test_the_manifest_names_the_app_as_she_chose_and_never_veilleuse(network) -> None:
    client = member_client(network.rosa)
    client.post(reverse("alerts:app_settings"), {"look": "weather"})
    page = client.get(reverse("alerts:feed")).content.decode()
    manifest_url = reverse("alerts:manifest", kwargs={"look": "weather", "language": "es"})
    assert f'href="{manifest_url}"' in page

    manifest = Client().get(manifest_url)  # fetched without cookies

    assert manifest["Content-Type"] == "application/manifest+json"
    data = manifest.json()
    assert data["name"] == "Tiempo"
    assert data["scope"] == "/alertes/"
    assert "eilleuse" not in manifest.content.decode()
    assert Client().get("/alertes/application/unknown/es.webmanifest").status_code == 404


@pytest.mark.parametrize("look", ["notes", "weather", "calculator", "calendar"])
def test_the_manifest_lists_png_icons_of_192_and_512_pixels_that_are_served(look) -> None:
    """Chrome's install criteria: a 192 and a 512 pixel PNG icon in the manifest."""
    url = reverse("alerts:manifest", kwargs={"look": look, "language": "fr"})
    icons = {icon["sizes"]: icon for icon in Client().get(url).json()["icons"]}

    for size in (192, 512):
        icon = icons[f"{size}x{size}"]
        assert icon["type"] == "image/png"
        path = finders.find(icon["src"].removeprefix(settings.STATIC_URL))
        assert path is not None, icon["src"]
        with Image.open(path) as image:
            assert (image.format, image.size) == ("PNG", (size, size))
        # The committed file is the one drawn by ``manage.py app_icons``.
        assert Path(path).read_bytes() == app_icon_png(look=look, size=size)
    assert icons["any"]["type"] == "image/svg+xml"


def test_a_copy_of_the_database_does_not_tell_which_look_she_chose(network) -> None:
    client = member_client(network.rosa)
    client.post(reverse("alerts:app_settings"), {"look": "weather"})
    member_client(network.lin).post(reverse("alerts:app_settings"), {"look": "weather"})
    with connection.cursor() as cursor:
        cursor.execute("SELECT app_look FROM alerts_member")
        stored = [str(value) for (value,) in cursor.fetchall()]

    assert not any(look in value for value in stored for look in AppLook.values)
    assert len(set(stored)) == len(stored)  # sealed afresh on every row, even the same look
    network.rosa.refresh_from_db()
    assert network.rosa.app_look == "weather"


def test_a_signed_in_members_page_titles_carry_the_apps_neutral_name(network) -> None:
    client = member_client(network.rosa)
    client.post(reverse("alerts:app_settings"), {"look": "weather"})

    for name in ("alerts:feed", "alerts:my_reports", "alerts:report_new", "alerts:my_data"):
        title = re.search(r"<title>(.*?)</title>", client.get(reverse(name)).content.decode())
        assert title is not None, name
        assert title.group(1).endswith(" · Tiempo"), title.group(1)  # her language, Spanish
        assert "eilleuse" not in title.group(1)


def test_a_notification_shows_only_the_apps_neutral_name_and_a_sentence_that_says_nothing(
    network,
) -> None:
    client = member_client(network.rosa)
    client.post(reverse("alerts:app_settings"), {"look": "calendar"})

    worker = client.get(reverse("alerts:service_worker")).content.decode()

    assert 'var APP_NAME = "Calendario";' in worker
    assert "showNotification(APP_NAME" in worker
    assert "eilleuse" not in worker.split("*/", 1)[1]


@pytest.mark.django_db(transaction=True)
def test_the_migration_seals_the_look_each_member_already_chose(network) -> None:
    from django.db.migrations.executor import MigrationExecutor

    Member.objects.filter(pk=network.rosa.pk).update(app_look="calendar")
    executor = MigrationExecutor(connection)
    executor.migrate([("alerts", "0022_contests_and_alert_reviews")])  # back: the clear column
    with connection.cursor() as cursor:
        cursor.execute("SELECT app_look FROM alerts_member WHERE id = %s", [network.rosa.pk])
        assert cursor.fetchone()[0] == "calendar"

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([("alerts", "0023_member_app_look_sealed")])
    with connection.cursor() as cursor:
        cursor.execute("SELECT app_look FROM alerts_member WHERE id = %s", [network.rosa.pk])
        assert "calendar" not in str(cursor.fetchone()[0])
    assert Member.objects.get(pk=network.rosa.pk).app_look == "calendar"
