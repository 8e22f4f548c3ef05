"""The member's notification settings page, push subscriptions, the service worker, and the
staff page of deliveries and dead letters."""

from __future__ import annotations

import json
import re

import pytest

from veilleuse.alerts.models import Delivery, DeliveryState, PushSubscription
from veilleuse.alerts.services.delivery import outbox_process
from veilleuse.alerts.tests.delivery_world import published_alert

PAGE = "/alertes/notifications/"
SUBSCRIPTION = {
    "endpoint": "https://fcm.googleapis.com/fcm/send/abc123",
    "keys": {"p256dh": "BPqub-EQObFgnBZZQd4bYmMIN8h", "auth": "c2VjcmV0LWF1dGg"},
}


@pytest.fixture
def rosa_client(client, network, settings):
    """Rosa, signed in, who switched the pages to English (she reads Spanish otherwise)."""
    client.force_login(network.rosa.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_visitors_sign_in_first_and_suspended_members_are_refused(client, network):
    assert client.get(PAGE)["Location"].startswith("/alertes/connexion/?next=")
    client.force_login(network.sam.user)
    assert client.get(PAGE).status_code == 403


def test_the_page_offers_push_without_inline_script(rosa_client):
    page = rosa_client.get(PAGE)
    html = page.content.decode()
    assert page.status_code == 200
    assert "no-cache" in page["Cache-Control"]
    assert re.search(r'data-vapid-key="[A-Za-z0-9_-]{80,}"', html)
    scripts = re.findall(r"<script[^>]*>", html)
    assert '<script src="/static/alerts/push.js" defer>' in scripts
    assert all(" src=" in tag for tag in scripts)
    assert "style=" not in html
    assert "<style" not in html


def test_a_member_opts_in_to_sms_with_a_national_number(rosa_client, network):
    answer = rosa_client.post(PAGE, {"notify_sms": "on", "phone": "06 12 34 56 78", "email": ""})
    assert answer.status_code == 302
    network.rosa.refresh_from_db()
    assert (network.rosa.notify_sms, network.rosa.contact_phone) == (True, "+33612345678")
    assert network.rosa.contact_email is None


def test_a_wrong_number_is_explained_and_nothing_is_saved(rosa_client, network):
    answer = rosa_client.post(PAGE, {"notify_sms": "on", "phone": "12", "notify_email": "on"})
    assert answer.status_code == 400
    assert "valid phone number" in answer.content.decode()
    assert "e-mail address to be notified" in answer.content.decode()
    network.rosa.refresh_from_db()
    assert not network.rosa.notify_sms
    assert network.rosa.contact_phone is None


def test_a_browser_subscribes_and_unsubscribes(rosa_client, network):
    url = "/alertes/notifications/push/"
    answer = rosa_client.post(url, json.dumps(SUBSCRIPTION), content_type="application/json")
    assert answer.status_code == 200
    network.rosa.refresh_from_db()
    assert network.rosa.notify_push
    assert PushSubscription.objects.get(member=network.rosa).endpoint == SUBSCRIPTION["endpoint"]
    rosa_client.post(
        url + "supprimer/",
        json.dumps({"endpoint": SUBSCRIPTION["endpoint"]}),
        content_type="application/json",
    )
    network.rosa.refresh_from_db()
    assert not network.rosa.notify_push
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        json.dumps({"endpoint": "http://insecure.example/x", "keys": SUBSCRIPTION["keys"]}),
        json.dumps({"endpoint": SUBSCRIPTION["endpoint"]}),
        json.dumps([1, 2]),
    ],
)
def test_a_subscription_we_cannot_use_is_refused_with_a_sentence(rosa_client, body):
    answer = rosa_client.post("/alertes/notifications/push/", body, content_type="application/json")
    assert answer.status_code == 400
    assert answer.json()["error"]
    assert not PushSubscription.objects.exists()


def test_a_test_notification_goes_out_once_per_two_minutes(
    rosa_client, network, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.VEILLEUSE_SMS_BACKEND, settings.VEILLEUSE_SMS_DIR = "file", tmp_path
    network.rosa.notify_sms, network.rosa.contact_phone = True, "+33612345678"
    network.rosa.save()
    with django_capture_on_commit_callbacks(execute=True):
        rosa_client.post("/alertes/notifications/test/")
    assert len(list(tmp_path.iterdir())) == 1
    answer = rosa_client.post("/alertes/notifications/test/", follow=True)
    assert "Try again in two minutes" in answer.content.decode()
    assert len(list(tmp_path.iterdir())) == 1


def test_the_service_worker_covers_the_members_pages(client):
    answer = client.get("/alertes/sw.js")
    assert answer["Content-Type"].startswith("text/javascript")
    assert answer["Service-Worker-Allowed"] == "/alertes/"
    assert b"showNotification" in answer.content


@pytest.fixture
def dead_letter(network):
    network.rosa.notify_sms, network.rosa.contact_phone = True, "+33612345678"
    network.rosa.save()
    _alert, entry = published_alert(network.association, [network.zones["belleville"]], ["es"])
    outbox_process(outbox_id=entry.pk)
    Delivery.objects.update(
        state=DeliveryState.DEAD, attempts=8, last_error="SMS gateway answered 503"
    )
    return Delivery.objects.get()


def test_moderators_see_dead_letters_by_pseudonym_and_requeue_them(client, network, dead_letter):
    client.force_login(network.moderator)
    page = client.get("/reseau/demo/envois/").content.decode()
    assert "Rosa" in page
    assert "SMS gateway answered 503" in page
    assert "+33612345678" not in page
    answer = client.post(f"/reseau/demo/envois/{dead_letter.pk}/relancer/")
    assert answer.status_code == 302
    dead_letter.refresh_from_db()
    assert dead_letter.state == DeliveryState.PENDING


@pytest.mark.parametrize("who", ["admin", "oscar", "legal_worker", "rosa"])
def test_only_moderators_reach_the_deliveries(client, cast, network, dead_letter, who):
    user = {
        "admin": cast.admin,
        "oscar": cast.outsider,
        "legal_worker": network.legal_worker,
        "rosa": network.rosa.user,
    }[who]
    client.force_login(user)
    # A member's session is sent to their feed from every staff page; staff get 404.
    refused = 302 if who == "rosa" else 404
    assert client.get("/reseau/demo/envois/").status_code == refused
    assert client.post(f"/reseau/demo/envois/{dead_letter.pk}/relancer/").status_code == refused
    dead_letter.refresh_from_db()
    assert dead_letter.state == DeliveryState.DEAD
