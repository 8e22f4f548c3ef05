"""Lists, months and language names in each language's own patterns (CLDR, through Babel)."""

from __future__ import annotations

from datetime import date

import pytest
from django.template import Context, Template
from django.utils import translation

from veilleuse.core.locales import language_name, list_text, month_text

NOVEMBER = date(2026, 11, 3)


@pytest.mark.parametrize(
    ("code", "items", "month", "french"),
    [
        ("fr", "vol et menaces", "novembre 2026", "français"),
        ("en", "theft and threats", "November 2026", "French"),
        ("es", "robo y amenazas", "noviembre de 2026", "francés"),
        ("zh-hans", "盗窃、威胁和骚扰", "2026年11月", "法语"),
        ("ro", "furt și amenințări", "noiembrie 2026", "franceză"),
        ("pt", "roubo e ameaças", "novembro de 2026", "francês"),
        ("ar", "سرقة وتهديدات", "نوفمبر 2026", "الفرنسية"),
        ("bg", "кражба и заплахи", "ноември 2026\N{NARROW NO-BREAK SPACE}г.", "френски"),
        ("ru", "кража и угрозы", "ноябрь 2026\N{NARROW NO-BREAK SPACE}г.", "французский"),
        ("uk", "крадіжка і погрози", "листопад 2026\N{NARROW NO-BREAK SPACE}р.", "французька"),
    ],
)
def test_each_language_writes_lists_months_and_names_its_own_way(code, items, month, french):
    words = {
        "fr": ["vol", "menaces"],
        "en": ["theft", "threats"],
        "es": ["robo", "amenazas"],
        "zh-hans": ["盗窃", "威胁", "骚扰"],
        "ro": ["furt", "amenințări"],
        "pt": ["roubo", "ameaças"],
        "ar": ["سرقة", "تهديدات"],
        "bg": ["кражба", "заплахи"],
        "ru": ["кража", "угрозы"],
        "uk": ["крадіжка", "погрози"],
    }[code]
    with translation.override(code):
        assert list_text(words) == items
        assert month_text(NOVEMBER) == month
        assert language_name("fr") == french


def test_an_empty_list_is_empty_and_one_item_stands_alone():
    assert list_text([]) == ""
    assert list_text(["Belleville"], language="zh-hans") == "Belleville"


def test_the_filters_speak_the_pages_language():
    template = Template(
        "{% load locales %}{{ kinds|list_text }} · {{ day|month_text }} · {{ 'es'|language_name }}"
    )
    with translation.override("zh-hans"):
        page = template.render(Context({"kinds": ["盗窃", "威胁", "骚扰"], "day": NOVEMBER}))
    assert page == "盗窃、威胁和骚扰 · 2026年11月 · 西班牙语"


def test_an_unknown_language_falls_back_to_english():
    assert language_name("xx", language="en") == "xx"
    assert month_text(NOVEMBER, language="xx") == "November 2026"
