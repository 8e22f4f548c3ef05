"""The sentences a member's safety depends on, pinned in every language (issue 14).

A native reader found that some translations said something else than the English: "it does
not prove the person is safe" read as "self-confident"; "Reported" read as "warned"; "Sign
out" looked like the quick exit; consent choices read as orders. These tests pin the fixed
wording, so that a later edit of a catalogue cannot bring the old one back unnoticed. A change
of these sentences must be deliberate: change the test with it, and say why in the commit.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from veilleuse.alerts.forms.member import CONSENT_CHOICES
from veilleuse.alerts.tests.test_member_translations import catalogue, member_entries

NOTHING_FOUND = (
    "Nobody has reported this number or plate so far. This does not mean the person is not "
    "dangerous: trust your instincts."
)
# "This does not mean the person is not dangerous", as each language says it.
NOT_DANGEROUS = {
    "fr": "Cela ne veut pas dire que la personne n’est pas dangereuse",
    "en": "This does not mean the person is not dangerous",
    "es": "Eso no significa que la persona no sea peligrosa",
    "zh-hans": "这并不意味着这个人没有危险",
    "ro": "Asta nu înseamnă că persoana nu e periculoasă",
    "pt": "Isso não quer dizer que a pessoa não seja perigosa",
    "ar": "هذا لا يعني أن الشخص غير خطير",
    "bg": "Това не означава, че човекът не е опасен",
    "ru": "Это не значит, что человек не опасен",
    "uk": "Це не означає, що людина не небезпечна",
}
REPORTED = {
    "fr": "Signalé\N{NO-BREAK SPACE}: danger",
    "en": "Reported: danger",
    "es": "Hay informes: peligro",
    "zh-hans": "有报告：危险",
    "ro": "Are semnalări: pericol",
    "pt": "Tem relatos: perigo",
    "ar": "توجد تقارير عنه: خطر",
    "bg": "Има сигнали за него: опасност",
    "ru": "О нём есть сообщения: опасность",
    "uk": "Про нього є повідомлення: небезпека",
}
SIGN_OUT = {
    "fr": "Se déconnecter",
    "en": "Sign out",
    "es": "Cerrar sesión",
    "zh-hans": "退出登录",
    "ro": "Deconectare",
    "pt": "Sair da conta",
    "ar": "تسجيل الخروج من الحساب",
    "bg": "Изход от профила",
    "ru": "Выйти из учётной записи",
    "uk": "Вийти з облікового запису",
}
# The consent choice that matters most, in the first person.
POLICE = {
    "fr": "En plus\N{NO-BREAK SPACE}: j’accepte qu’il soit transmis à la police",
    "en": "Also: I agree that it is passed to the police",
    "es": "Además: acepto que se pase a la policía",
    "zh-hans": "另外：我同意转交警方",
    "ro": "În plus: accept ca semnalarea să fie trimisă poliției",
    "pt": "Também: aceito que o relato seja passado à polícia",
    "ar": "وأيضًا: أوافق على إحالته إلى الشرطة",
    "bg": "Също: разрешавам да се предаде на полицията",
    "ru": "Также: я разрешаю передать его в полицию",
    "uk": "Також: я дозволяю передати його поліції",
}
LANGUAGES = sorted(code for code, _name in settings.LANGUAGES)


def test_every_language_is_pinned() -> None:
    for table in (NOT_DANGEROUS, REPORTED, SIGN_OUT, POLICE):
        assert sorted(table) == LANGUAGES


@pytest.mark.parametrize("code", LANGUAGES)
def test_nothing_found_never_says_the_person_is_safe(code: str) -> None:
    with translation.override(code):
        sentence = gettext(NOTHING_FOUND)
    assert NOT_DANGEROUS[code] in sentence


@pytest.mark.parametrize("code", LANGUAGES)
def test_a_reported_number_says_there_are_reports(code: str) -> None:
    with translation.override(code):
        heading = gettext("Reported: %(severity)s") % {"severity": gettext("danger")}
    assert heading == REPORTED[code]


@pytest.mark.parametrize("code", LANGUAGES)
def test_sign_out_does_not_read_like_the_quick_exit(code: str) -> None:
    with translation.override(code):
        sign_out, quick_exit = gettext("Sign out"), gettext("Leave quickly")
    assert sign_out == SIGN_OUT[code]
    assert sign_out != quick_exit
    assert not quick_exit.startswith(sign_out)
    assert not sign_out.startswith(quick_exit)


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_footer_quotes_the_quick_exit_button_exactly(network, code: str) -> None:
    client = Client()
    client.force_login(network.rosa.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = code
    page = client.get(reverse("alerts:feed")).content.decode()
    with translation.override(code):
        button = gettext("Leave quickly")
    footer = page[page.index('<footer class="member">') :]
    assert re.search(
        rf"[«“„\"]\N{{NO-BREAK SPACE}}?{re.escape(button)}\N{{NO-BREAK SPACE}}?[»”“\"]", footer
    )
    assert f">{button}</a>" in page  # the button itself says the same words


@pytest.mark.parametrize("code", LANGUAGES)
def test_consent_choices_are_in_the_first_person(code: str) -> None:
    labels = dict(CONSENT_CHOICES)
    with translation.override(code):
        assert str(labels["police"]) == POLICE[code]
        choices = [str(label) for label in labels.values()]
    assert len(set(choices)) == len(choices)


def catalogue_texts(directory: str, about: str = "") -> list[str]:
    """The member-facing translations of a catalogue whose English text matches ``about``."""
    texts: list[str] = []
    for entry in member_entries(catalogue(directory)):
        if re.search(about, entry.msgid, re.IGNORECASE):
            texts += [text for text in entry.msgstr.values() if text]
    return texts


@pytest.mark.parametrize(
    ("directory", "about", "forbidden"),
    [
        # A report is an "informe": "aviso" collides with "avisar a las demás" (the alert),
        # and "denuncia" means a complaint to the police.
        ("es", "report", r"\b[Aa]visos?\b|\b[Aa]visad[oa]\b|[Dd]enuncia"),
        # "relatar" takes an event, not a person: "fez um relato sobre esta pessoa".
        ("pt", "report", r"\brelat(ou|aram|ado)\b|[Rr]elatado"),
        # "Apelido" is a surname in Portugal; one word for zone: "região".
        ("pt", "", r"\b[Aa]pelido\b|\b[Zz]onas?\b"),
        # "机构" reads as an institution, possibly official: the association is "协会".
        ("zh_Hans", "", r"(?<!数据保护)机构|任何检查"),
        # "sigur(ă)" reads as "self-confident", not "not dangerous".
        ("ro", "", r"\be sigură"),
    ],
)
def test_the_words_a_native_reader_flagged_are_gone(
    directory: str, about: str, forbidden: str
) -> None:
    found = [text for text in catalogue_texts(directory, about) if re.search(forbidden, text)]
    assert not found, found


@pytest.mark.parametrize("code", LANGUAGES)
def test_report_and_alert_are_two_different_words(code: str) -> None:
    with translation.override(code):
        report, alert = gettext("report"), gettext("alert")
        my_reports, alerts = gettext("My reports"), gettext("Alerts")
    assert report != alert
    assert my_reports != alerts


def test_chinese_says_police_stop_and_the_association() -> None:
    with translation.override("zh-hans"):
        advice = gettext("Know your rights; contact the association after any check.")
    assert "被警察盘查后" in advice
    assert "协会" in advice


def test_portuguese_asks_for_an_invented_name() -> None:
    with translation.override("pt"):
        assert gettext("Pseudonym") == "Pseudônimo (nome inventado)"
        assert gettext("Zone") == "Região"
