"""Staff who chose English read the phrase library's words to them in English (why a reason
cannot be kept, a phrase's title); the reasons themselves and the letter stay Swedish.
Issue 11, "Words"."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.utils import translation
from django.utils.html import escape

from ekb.decisions.calculation import latest_calculation
from ekb.decisions.phrases import phrase, phrases_for
from ekb.decisions.proposal import propose_lines
from tests.factories import PASSWORD
from tests.personas import DECEMBER, acknowledging

NEED = Decimal("16770")  # Karin's norm + rent 7 200 + electricity 400
UNTRUE = {
    "en": "The household's income, 3 000 kr, does not cover the norm and the costs, "
    "16 770 kr. The reason says that it does. Choose another reason or write your own.",
    "sv": "Hushållets inkomster, 3 000 kr, räcker inte till riksnormen och kostnaderna, "
    "16 770 kr. Skälet säger att de gör det. Välj ett annat skäl eller skriv egna skäl.",
}


def post_a_refusal_saying_the_income_covers_the_need(client, renewal, language):
    """Anna refuses the livelihood line with the library's "the income covers the need" text,
    which Karin's calculation denies."""
    application = renewal.application
    snapshot = latest_calculation(application)
    untrue = phrase(
        "livelihood.refused.income_above_norm",
        on=dt.date(2026, 11, 20),
        month=DECEMBER,
        income=snapshot.countable_income,
        need=NEED,
    ).text
    proposed = propose_lines(application, snapshot)
    data = {
        "lines-TOTAL_FORMS": str(len(proposed)),
        "lines-INITIAL_FORMS": str(len(proposed)),
        "children_consideration": "Elias bor kvar hemma och hans vardag påverkas inte.",
        **{f"warning-{pk}": text for pk, text in acknowledging(application).items()},
    }
    for i, line in enumerate(proposed):
        refused = i == 0
        data |= {
            f"lines-{i}-purpose": line.purpose,
            f"lines-{i}-outcome": "refused" if refused else line.outcome,
            f"lines-{i}-amount": "0" if refused else str(line.amount),
            f"lines-{i}-amount_applied": ""
            if line.amount_applied is None
            else str(line.amount_applied),
            f"lines-{i}-calculated": str(line.calculated),
            f"lines-{i}-reasons": untrue if refused else line.reasons,
        }
    assert client.login(username="anna", password=PASSWORD)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.post(f"/handlaggare/ansokningar/{application.pk}/beslut/", data)
    assert response.status_code == 400
    assert not application.decisions.exists()
    return response.content.decode(), untrue


def test_a_caseworker_who_chose_english_is_told_in_english_why_a_reason_is_untrue(client, renewal):
    page, untrue = post_a_refusal_saying_the_income_covers_the_need(client, renewal, "en")
    assert escape(UNTRUE["en"]) in page and escape(UNTRUE["sv"]) not in page
    assert untrue.split(",")[0] in page  # the reason she typed is kept, in Swedish


def test_a_caseworker_who_reads_swedish_is_told_in_swedish_as_before(client, renewal):
    page, _ = post_a_refusal_saying_the_income_covers_the_need(client, renewal, "sv")
    assert escape(UNTRUE["sv"]) in page


def test_a_phrase_title_reads_in_the_language_of_the_reader_and_the_text_stays_swedish():
    (choice,) = [
        c
        for c in phrases_for("livelihood", "refused", on=dt.date(2026, 11, 20))
        if c.key == "livelihood.refused.income_above_norm"
    ]
    assert choice.title_en and choice.title_en != choice.title
    with translation.override("en"):
        assert choice.staff_title == choice.title_en
        filled = phrase(choice.key, on=dt.date(2026, 11, 20), month=DECEMBER, income=1, need=2).text
    with translation.override("sv"):
        assert choice.staff_title == choice.title
    assert filled.startswith("Hushållets inkomster")  # the letter's sentence: Swedish
