"""The members' pages: joining, signing in, the feed, reporting, withdrawing; and reporting on
someone's behalf. Every member page is uncached, sends no referrer and has a quick exit."""

from __future__ import annotations

import logging
import re

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from veilleuse.alerts.cast import MEMBER_PASSPHRASE
from veilleuse.alerts.models import Identifier, Member, Report, ReportSource, ReportStatus
from veilleuse.alerts.selectors.member import provenance
from veilleuse.alerts.services.members import member_invitation_create, pseudonym_hash
from veilleuse.alerts.tests.reporting import alert_from, member_report

QUICK_EXIT = 'rel="noreferrer" data-quick-exit'


@pytest.fixture(autouse=True)
def empty_cache():
    # Sign-in throttling lives in the cache, which outlives a test's database.
    cache.clear()
    yield
    cache.clear()


def signed_in(member) -> Client:
    client = Client()
    client.force_login(member.user)
    return client


def report_form_data(**overrides) -> dict:
    data = {
        "occurred_on": timezone.localdate().isoformat(),
        "time_of_day": "night",
        "zone": "",
        "place": "",
        "kinds": ["theft"],
        "description": "Il ne m'a pas payée et a pris mon téléphone.",
        "aggressor": "",
        "phone_1": "06 12 34 56 78",
        "consent": "legal",
    }
    data.update(overrides)
    return data


def member_pages(network) -> list[str]:
    report = member_report(network.rosa)
    alert = alert_from(report)
    return [
        reverse("alerts:feed"),
        reverse("alerts:alert", args=[alert.pk]),
        reverse("alerts:report_new"),
        reverse("alerts:report_sent"),
        reverse("alerts:my_reports"),
        reverse("alerts:my_report", args=[report.pk]),
        reverse("alerts:my_report_withdraw", args=[report.pk]),
    ]


def assert_protected(response) -> None:
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"
    assert QUICK_EXIT in response.content.decode()


def test_every_member_page_speaks_rosas_language_and_protects_her(network):
    client = signed_in(network.rosa)
    for url in member_pages(network):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Language"] == "es", url
        assert '<html lang="es" dir="ltr">' in response.content.decode(), url
        assert_protected(response)


def test_the_member_language_switcher_offers_every_member_language(network):
    page = signed_in(network.rosa).get(reverse("alerts:feed")).content.decode()
    switcher = page[page.index('name="language"') :]
    for code, _name in settings.LANGUAGES:
        assert f'<option value="{code}"' in switcher


def test_staff_pages_offer_only_the_staff_languages(db):
    # db: the sign-in form's CSRF token is kept in the session (CSRF_USE_SESSIONS).
    page = Client().get(reverse("accounts:login")).content.decode()
    offered = re.findall(r'name="language" value="([\w-]+)"', page)
    assert offered == list(settings.STAFF_LANGUAGES)


def test_anonymous_visitors_are_sent_to_the_member_sign_in(network):
    for url in member_pages(network):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("alerts:login") + "?next=")


def test_a_suspended_member_sees_only_that_her_access_is_suspended(network):
    response = signed_in(network.sam).get(reverse("alerts:feed"))
    assert response.status_code == 403
    assert "alerts/member/suspended.html" in [t.name for t in response.templates]
    assert_protected(response)


def test_staff_are_not_members(network):
    client = Client()
    client.force_login(network.moderator)
    assert client.get(reverse("alerts:feed")).status_code == 404


def test_another_member_cannot_see_or_withdraw_rosas_report(network):
    report = member_report(network.rosa)
    lin = signed_in(network.lin)
    assert lin.get(reverse("alerts:my_report", args=[report.pk])).status_code == 404
    assert lin.post(reverse("alerts:my_report_withdraw", args=[report.pk])).status_code == 404
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.description


def test_the_feed_shows_text_in_the_members_language_with_provenance(network):
    report = member_report(network.rosa)
    alert = alert_from(report, independent_reports=2, verified=True, show_identifiers=True)
    page = signed_in(network.rosa).get(reverse("alerts:feed")).content.decode()
    assert "Cuidado: robo." in page
    assert "Attention : vol." not in page
    with translation.override("es"):
        assert escape(provenance(alert)) in page
    assert "+33 6 •• •• •• 78" in page
    assert "06 12 34 56 78" not in page


def test_the_feed_falls_back_to_french_and_has_an_empty_state(network):
    empty = signed_in(network.lin).get(reverse("alerts:feed"))
    assert 'class="empty"' in empty.content.decode()
    alert_from(member_report(network.rosa), languages=("zh-hans",), texts={"fr": "Attention."})
    assert "Attention." in signed_in(network.lin).get(reverse("alerts:feed")).content.decode()


def test_the_feed_costs_the_same_queries_for_one_alert_or_many(network):
    client = signed_in(network.rosa)
    alert_from(member_report(network.rosa), show_identifiers=True)
    # The session's first page stores its CSRF token (CSRF_USE_SESSIONS): not counted.
    client.get(reverse("alerts:feed"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("alerts:feed"))
    for _ in range(3):
        alert_from(member_report(network.lin, identifiers=[]), show_identifiers=True)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("alerts:feed"))
    assert response.content.decode().count('class="alert ') == 4
    assert len(many) == len(one)


# Signing in ---------------------------------------------------------------------------------


def sign_in(client: Client, pseudonym: str, passphrase: str):
    return client.post(reverse("alerts:login"), {"pseudonym": pseudonym, "passphrase": passphrase})


def test_a_member_signs_in_for_a_limited_session_in_her_language(network):
    client = Client()
    response = sign_in(client, "rosa", MEMBER_PASSPHRASE)
    assert response.status_code == 302
    assert response["Location"] == reverse("alerts:feed")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    assert client.session.get_expiry_age() == settings.VEILLEUSE_MEMBER_SESSION_HOURS * 3600
    assert_protected(client.get(reverse("alerts:login")))
    feed = client.get(reverse("alerts:feed"))
    assert feed["Content-Language"] == "es"


def test_signing_in_returns_to_the_page_asked_for_or_else_the_feed(network):
    asked = reverse("alerts:my_reports")
    page = Client().get(reverse("alerts:login"), {"next": asked}).content.decode()
    assert f'name="next" value="{asked}"' in page
    form = Client().get(reverse("alerts:login")).content.decode()
    login_form = form[form.index('action="' + reverse("alerts:login")) :]
    default = re.search(r'name="next" value="([^"]*)"', login_form).group(1)
    response = Client().post(
        reverse("alerts:login"),
        {"pseudonym": "Rosa", "passphrase": MEMBER_PASSPHRASE, "next": default},
    )
    assert response["Location"] == reverse("alerts:feed")
    outside = Client().post(
        reverse("alerts:login"),
        {"pseudonym": "Rosa", "passphrase": MEMBER_PASSPHRASE, "next": "https://evil.example/"},
    )
    assert outside["Location"] == reverse("alerts:feed")


def test_a_wrong_passphrase_and_an_unknown_pseudonym_get_the_same_answer(network):
    wrong = sign_in(Client(), "rosa", "not her passphrase")
    unknown = sign_in(Client(), "nobody-here", "not her passphrase")
    assert wrong.status_code == unknown.status_code == 400
    errors = [
        re.search(r'<ul class="errorlist nonfield">.*?</ul>', response.content.decode()).group(0)
        for response in (wrong, unknown)
    ]
    assert errors[0] == errors[1]


def test_five_failures_lock_a_pseudonym_for_a_while(network):
    client = Client()
    for _ in range(5):
        assert sign_in(client, "rosa", "guessing again").status_code == 400
    locked = sign_in(client, "ROSA", MEMBER_PASSPHRASE)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another pseudonym is unaffected, and an unknown one locks the same way.
    assert sign_in(Client(), "lin", MEMBER_PASSPHRASE).status_code == 302
    for _ in range(5):
        sign_in(client, "ghost", "guessing")
    assert sign_in(client, "ghost", "guessing").status_code == 429


def test_signing_out_is_a_post(network):
    client = signed_in(network.rosa)
    assert client.get(reverse("alerts:logout")).status_code == 405
    assert client.post(reverse("alerts:logout")).status_code == 302
    assert client.get(reverse("alerts:feed")).status_code == 302


# Joining ------------------------------------------------------------------------------------


def test_joining_takes_the_code_first_then_shows_the_networks_zones(network):
    _, code = member_invitation_create(actor=None, association=network.association)
    client = Client()
    first = client.get(reverse("alerts:join"))
    assert "Belleville" not in first.content.decode()
    assert_protected(first)
    refused = client.post(reverse("alerts:join"), {"code": "AAAA-BBBB-CCCC-DDDD"})
    assert refused.status_code == 400
    assert 'id="id_code_error"' in refused.content.decode()
    accepted = client.post(reverse("alerts:join"), {"code": code})
    assert accepted["Location"] == reverse("alerts:join")
    second = client.get(reverse("alerts:join"))
    assert "Belleville" in second.content.decode()
    assert code not in second.content.decode()
    nuit = {"pseudonym": "Nuit", "passphrase": "quatre mots bien longs", "language": "ro"}
    mismatch = client.post(
        reverse("alerts:join"), {**nuit, "passphrase_again": "autre chose encore"}
    )
    assert mismatch.status_code == 400
    nuit_hash = pseudonym_hash(association_id=network.association.pk, pseudonym="Nuit")
    assert not Member.objects.filter(pseudonym_hash=nuit_hash).exists()
    joined = client.post(
        reverse("alerts:join"),
        {
            **nuit,
            "passphrase_again": nuit["passphrase"],
            "languages": ["fr"],
            "zones": [network.zones["belleville"].pk],
        },
    )
    assert joined["Location"] == reverse("alerts:feed")
    assert joined.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ro"
    member = Member.objects.get(pseudonym_hash=nuit_hash)
    assert member.languages == ["ro", "fr"]
    assert client.get(reverse("alerts:feed"))["Content-Language"] == "ro"
    # The code is spent: a new visitor cannot use it again.
    again = Client().post(reverse("alerts:join"), {"code": code})
    assert again.status_code == 400


# Reporting ----------------------------------------------------------------------------------


def test_rosa_reports_with_the_consent_ladder_and_gets_a_confirmation(network):
    client = signed_in(network.rosa)
    form = client.get(reverse("alerts:report_new")).content.decode()
    assert 'type="date"' in form
    assert "<legend>" in form
    response = client.post(
        reverse("alerts:report_new"),
        report_form_data(zone=network.zones["belleville"].pk),
    )
    assert response["Location"] == reverse("alerts:report_sent")
    report = Report.objects.get()
    assert (report.author, report.source, report.language) == (
        network.rosa,
        ReportSource.MEMBER,
        "es",
    )
    assert (
        report.consent_alert,
        report.consent_statistics,
        report.consent_legal,
        report.consent_police,
    ) == (True, True, True, False)
    assert report.identifiers.get().value == "+33612345678"


def test_an_unreadable_phone_number_is_shown_on_its_field_and_nothing_is_saved(network):
    client = signed_in(network.rosa)
    response = client.post(
        reverse("alerts:report_new"),
        report_form_data(zone=network.zones["belleville"].pk, phone_2="call me maybe"),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_phone_2_error"' in page
    assert re.search(r'aria-describedby="id_phone_2_error"', page)
    assert "call me maybe" in page  # what was typed is kept
    assert not Report.objects.exists()
    assert not Identifier.objects.exists()


def test_a_future_date_or_no_kind_is_refused(network):
    client = signed_in(network.rosa)
    tomorrow = (timezone.localdate() + timezone.timedelta(days=1)).isoformat()
    response = client.post(
        reverse("alerts:report_new"),
        report_form_data(zone=network.zones["belleville"].pk, occurred_on=tomorrow, kinds=[]),
    )
    assert response.status_code == 400
    assert 'id="id_occurred_on_error"' in response.content.decode()
    assert 'id="id_kinds_error"' in response.content.decode()
    assert not Report.objects.exists()


def test_past_the_daily_limit_the_member_gets_a_429_page(network, settings):
    settings.VEILLEUSE_REPORTS_PER_DAY = 1
    client = signed_in(network.rosa)
    data = report_form_data(zone=network.zones["belleville"].pk)
    assert client.post(reverse("alerts:report_new"), data).status_code == 302
    refused = client.post(reverse("alerts:report_new"), data)
    assert refused.status_code == 429
    assert "alerts/member/rate_limited.html" in [t.name for t in refused.templates]
    assert_protected(refused)
    assert Report.objects.count() == 1


def test_rosa_withdraws_her_report_after_confirming(network):
    report = member_report(network.rosa)
    client = signed_in(network.rosa)
    mine = client.get(reverse("alerts:my_reports")).content.decode()
    assert reverse("alerts:my_report", args=[report.pk]) in mine
    confirm = client.get(reverse("alerts:my_report_withdraw", args=[report.pk]))
    assert 'method="post"' in confirm.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    done = client.post(reverse("alerts:my_report_withdraw", args=[report.pk]), follow=True)
    report.refresh_from_db()
    assert report.status == ReportStatus.WITHDRAWN
    assert report.description == ""
    assert done.status_code == 200
    assert reverse("alerts:my_report_withdraw", args=[report.pk]) not in done.content.decode()


# On someone's behalf ------------------------------------------------------------------------


def on_behalf_url(network) -> str:
    return reverse("alerts:report_on_behalf", args=[network.association.slug])


def test_a_moderator_and_a_partner_report_on_someones_behalf(network):
    data = report_form_data(zone=network.zones["bois-de-boulogne"].pk, language="pt")
    for user, source in (
        (network.moderator, ReportSource.STAFF),
        (network.partner_staff, ReportSource.PARTNER),
    ):
        client = Client()
        client.force_login(user)
        assert client.get(on_behalf_url(network)).status_code == 200
        response = client.post(on_behalf_url(network), data)
        assert response.status_code == 302
        report = Report.objects.get(filed_by=user)
        assert (report.source, report.author, report.language) == (source, None, "pt")
    assert Report.objects.get(source=ReportSource.PARTNER).partner == network.partner_association


def test_others_cannot_report_on_someones_behalf(network, cast):
    assert Client().get(on_behalf_url(network)).status_code == 302
    for user in (cast.admin, cast.outsider, network.legal_worker):
        client = Client()
        client.force_login(user)
        assert client.get(on_behalf_url(network)).status_code == 404, user
    member = Client()
    member.force_login(network.rosa.user)
    assert member.get(on_behalf_url(network))["Location"] == reverse("alerts:feed")


def test_a_staff_member_past_the_daily_limit_keeps_the_form_with_a_429(network, settings):
    settings.VEILLEUSE_REPORTS_PER_DAY = 1
    client = Client()
    client.force_login(network.moderator)
    data = report_form_data(zone=network.zones["belleville"].pk, language="fr")
    assert client.post(on_behalf_url(network), data).status_code == 302
    refused = client.post(on_behalf_url(network), data)
    assert refused.status_code == 429
    assert data["description"].replace("'", "&#x27;") in refused.content.decode()
    assert Report.objects.count() == 1


# Privacy ------------------------------------------------------------------------------------


def text_columns_containing(needle: str) -> list[str]:
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            for column in connection.introspection.get_table_description(cursor, table):
                name = connection.ops.quote_name(column.name)
                cursor.execute(
                    f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)} "
                    f"WHERE CAST({name} AS TEXT) LIKE %s",
                    [f"%{needle}%"],
                )
                if cursor.fetchone()[0]:
                    found.append(f"{table}.{column.name}")
    return found


def test_no_ip_address_is_stored_or_logged_when_a_member_reports(network, caplog):
    for name in ("django", "veilleuse"):
        logging.getLogger(name).addHandler(caplog.handler)
    caplog.set_level(logging.DEBUG)
    try:
        client = Client(REMOTE_ADDR="127.0.0.1", HTTP_USER_AGENT="TelephoneBonMarche/1.0")
        assert sign_in(client, "rosa", MEMBER_PASSPHRASE).status_code == 302
        data = report_form_data(zone=network.zones["belleville"].pk)
        assert client.post(reverse("alerts:report_new"), data).status_code == 302
        client.get(reverse("alerts:my_report", args=[999999]))  # a 404, which Django logs
    finally:
        for name in ("django", "veilleuse"):
            logging.getLogger(name).removeHandler(caplog.handler)
    assert Report.objects.count() == 1
    assert text_columns_containing("127.0.0.1") == []
    assert text_columns_containing("TelephoneBonMarche") == []
    for session in Session.objects.all():
        assert "127.0.0.1" not in str(session.get_decoded())
    assert caplog.records, "the 404 should have been logged"
    assert "127.0.0.1" not in caplog.text
    assert "TelephoneBonMarche" not in caplog.text
