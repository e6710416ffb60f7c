"""Staff who chose English read the warnings in English; the stored Swedish sentence stays the
record (what was acknowledged), Swedish staff read it as before. Issue 11, "Words"."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.html import escape

from ekb.applications.choices import ApplicationKind
from ekb.decisions.warning_words import TEMPLATES, register_facts, render, warning_text, words
from ekb.flow import journey
from tests.factories import PASSWORD
from tests.personas import DECEMBER, bearer, lines

INCOME = (
    "Inkomsterna har ändrats med +100 % jämfört med förra månaden (3\u00a0000 kr → 6\u00a0000 kr)."
)
INCOME_EN = (
    "The income has changed by +100 % compared with last month (3\u00a0000 kr → 6\u00a0000 kr)."
)
RENT = "Boendekostnad (hyra): 12\u00a0500 kr, mot normalt 7\u00a0200 kr de senaste månaderna."
RENT_EN = "Housing cost (rent): 12\u00a0500 kr, against a usual 7\u00a0200 kr over the last months."


@pytest.fixture
def warned(karin, org):
    karin.application = journey.receive_application(
        karin.case, DECEMBER, ApplicationKind.RENEWAL, lines(rent="12500", salary="6000")
    )
    return karin


def pages(client, karin, language):
    assert client.login(username="anna", password=PASSWORD)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return [
        client.get(url).content.decode()
        for url in (
            f"/handlaggare/ansokningar/{karin.application.pk}/",
            f"/handlaggare/arenden/{karin.case.pk}/",
            "/handlaggare/inkorg/",
        )
    ]


def test_the_stored_message_is_the_swedish_sentence_as_before(warned):
    warnings = {w.rule: w for w in warned.application.warnings.all()}
    assert warnings["income_change"].message == INCOME
    assert warnings["cost_above_history"].message == RENT


def test_a_caseworker_who_chose_english_reads_the_warnings_in_english(client, warned):
    for page in pages(client, warned, "en"):
        assert escape(INCOME_EN) in page
        assert "Inkomsterna har ändrats" not in page
    application_page = pages(client, warned, "en")[0]
    assert escape(RENT_EN) in application_page and "mot normalt" not in application_page


def test_a_caseworker_who_reads_swedish_sees_the_stored_sentence(client, warned):
    for page in pages(client, warned, "sv"):
        assert escape(INCOME) in page
    assert escape(RENT) in pages(client, warned, "sv")[0]


def test_a_warning_stored_before_its_words_shows_its_swedish_text_in_english(client, warned):
    warning = warned.application.warnings.get(rule="income_change")
    warning.detail = {k: v for k, v in warning.detail.items() if k != "words"}
    warning.save(update_fields=["detail"])
    assert escape(INCOME) in pages(client, warned, "en")[0]


def test_the_api_gives_the_swedish_record_and_the_english_text(client, warned):
    detail = client.get(
        f"/api/v1/applications/{warned.application.pk}", headers=bearer(client, "anna")
    ).json()
    warning = next(w for w in detail["warnings"] if w["rule"] == "income_change")
    assert (warning["message"], warning["message_en"]) == (INCOME, INCOME_EN)


@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_every_warning_template_has_an_english_text_with_the_same_placeholders(key):
    swedish = TEMPLATES[key].text
    with translation.override("en"):
        english = translation.gettext(swedish)
    assert english != swedish
    assert sorted(re.findall(r"%\((\w+)\)s", english)) == sorted(
        re.findall(r"%\((\w+)\)s", swedish)
    )


def test_a_lodger_warning_reads_in_english_without_changing_its_swedish():
    said = words(
        (
            "other_adult_rent.not_stated",
            {"names": ["Kim", "Adam"], "unlisted": 1, "rent": "9\u00a0000 kr"},
        ),
        ("other_adult_rent.assess_many", {"income": "Hyresdel från annan vuxen i hemmet"}),
    )
    assert render(said).startswith("Kim, Adam och 1 person till bor i hemmet")
    with translation.override("en"):
        english = render(said, english=True)
    assert english.startswith(
        "Living in the home but not part of the household's norm: Kim, Adam and 1 more person."
    )
    assert "the income “Rent share from another adult in the home”" in english


def test_register_facts_translate_their_fixed_words_and_keep_what_is_in_parentheses():
    text = "Barnbidrag (för barn) för Elias: 1\u00a0250 kr enligt registret, inte med i ansökan"
    with translation.override("en"):
        assert register_facts(text) == (
            "Child allowance (för barn) for Elias: 1\u00a0250 kr according to the register, "
            "not in the application"
        )
    with translation.override("sv"):
        assert register_facts(text) == text


def test_every_reader_who_reads_swedish_gets_the_record_even_with_words():
    class Stored:
        message = "Det som kvitterades."
        detail = {"words": words(("register_unavailable", {"label": "CSN"}))}

    with translation.override("sv"):
        assert warning_text(Stored()) == "Det som kvitterades."
    with translation.override("en"):
        assert warning_text(Stored()) == "CSN: could not be checked."
