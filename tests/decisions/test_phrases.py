"""The phrase library: dated texts that cite the act in force, with placeholders that must be
filled, an English translation for every text, and a phrase for every purpose and outcome."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ekb.decisions.choices import Outcome, Purpose
from ekb.decisions.phrases import (
    PhraseError,
    appeal_instructions,
    automated_notice,
    default_reason,
    format_amount,
    join_references,
    legal_reference_for,
    library,
    oral_notice,
    phrase,
    phrases_for,
    placeholders,
)

OLD_ACT_DAY = dt.date(2025, 6, 30)
NEW_ACT_DAY = dt.date(2025, 7, 1)
OCTOBER = dt.date(2025, 10, 1)
SAMPLE_DAYS = [dt.date(2019, 1, 1), OLD_ACT_DAY, NEW_ACT_DAY, dt.date(2026, 8, 1)]
# A livelihood reason is built from its calculation: income 3 000, norm and costs 8 180.
CALCULATED = dict(amount=5180, income=3000, need=8180)


def test_a_decision_before_july_2025_cites_the_old_social_services_act():
    text = phrase("livelihood.granted.norm", on=OLD_ACT_DAY, month=OLD_ACT_DAY, **CALCULATED)
    assert text.legal_reference == "4 kap. 1 § socialtjänstlagen (2001:453)"
    assert text.version == "2002-01-01"


def test_a_decision_from_july_2025_cites_the_new_act_chapter_12():
    text = phrase("livelihood.granted.norm", on=NEW_ACT_DAY, month=NEW_ACT_DAY, **CALCULATED)
    assert text.legal_reference == "12 kap. 1 § socialtjänstlagen (2025:400)"
    assert text.version == "2025-07-01"


def test_the_decision_date_not_the_month_applied_for_chooses_the_act():
    text = phrase(
        "livelihood.granted.norm", on=dt.date(2025, 7, 3), month=dt.date(2025, 6, 1), **CALCULATED
    )
    assert "juni 2025" in text.text
    assert "(2025:400)" in text.legal_reference


def test_costs_outside_the_norm_cite_the_reasonable_costs_paragraph_too():
    assert legal_reference_for(Purpose.RENT, on=OLD_ACT_DAY) == (
        "4 kap. 1 § och 4 kap. 3 § första stycket 2 socialtjänstlagen (2001:453)"
    )
    assert legal_reference_for(Purpose.RENT, on=NEW_ACT_DAY) == (
        "12 kap. 1 § och 12 kap. 7 § socialtjänstlagen (2025:400)"
    )
    assert legal_reference_for(Purpose.DENTAL, on=NEW_ACT_DAY) == (
        "12 kap. 1 § socialtjänstlagen (2025:400)"
    )


def test_assistance_beyond_the_right_cites_chapter_12_section_2():
    text = phrase(
        "any.granted.beyond_right",
        on=OCTOBER,
        purpose=Purpose.OTHER,
        amount=600,
        month=OCTOBER,
        details="Du behöver träningskort för att komma i gång med din rehabilitering.",
    )
    assert text.legal_reference == "12 kap. 1 § och 12 kap. 2 § socialtjänstlagen (2025:400)"
    old = phrase(
        "any.granted.beyond_right",
        on=OLD_ACT_DAY,
        purpose=Purpose.OTHER,
        amount=600,
        month=OLD_ACT_DAY,
        details="Skäl.",
    )
    assert "4 kap. 2 §" in old.legal_reference


def test_the_labour_market_condition_cites_the_second_paragraph_under_the_old_act():
    values = dict(month=OLD_ACT_DAY, details="Du har inte sökt arbete.")
    old = phrase("livelihood.refused.not_available_labour_market", on=OLD_ACT_DAY, **values)
    assert old.legal_reference == "4 kap. 1 § andra stycket socialtjänstlagen (2001:453)"


def test_placeholders_are_filled_with_swedish_amounts_months_and_dates():
    text = phrase(
        "rent.partly_granted.after_notice",
        on=OCTOBER,
        amount=Decimal("6330"),
        amount_applied=Decimal("8123.50"),
        guideline_amount=6330,
        notice_date=dt.date(2025, 4, 2),
        month=OCTOBER,
    )
    assert "Din hyra är 8 123,50 kr i månaden." in text.text
    assert "riktlinje för ett hushåll som ditt är 6 330 kr" in text.text
    assert "Den 2 april 2025 fick du veta" in text.text
    assert "hyra för oktober 2025" in text.text
    assert "{" not in text.text


def test_the_purpose_reads_as_words_in_the_text():
    text = phrase("any.refused.default", on=OCTOBER, purpose=Purpose.GLASSES, month=OCTOBER)
    assert text.text == "Vi avslår din ansökan om bistånd till glasögon för oktober 2025."
    assert (
        text.text_en == "We refuse your application for assistance with glasses for October 2025."
    )


def test_amounts_are_formatted_the_swedish_way():
    assert format_amount(Decimal("1234")) == "1 234 kr"
    assert format_amount(Decimal("1234.5")) == "1 234,50 kr"
    assert format_amount(1234567) == "1 234 567 kr"
    assert format_amount(Decimal("0")) == "0 kr"


def test_a_missing_placeholder_is_a_clear_error_naming_it():
    with pytest.raises(PhraseError, match=r"needs a value for amount_applied, guideline_amount"):
        phrase(
            "any.partly_granted.above_guideline",
            on=OCTOBER,
            purpose=Purpose.RENT,
            amount=6000,
            month=OCTOBER,
        )


def test_a_blank_free_text_counts_as_missing():
    with pytest.raises(PhraseError, match="details"):
        phrase(
            "livelihood.refused.not_available_labour_market", on=OCTOBER, month=OCTOBER, details=" "
        )


def test_an_unknown_key_is_a_clear_error_with_a_suggestion():
    with pytest.raises(
        PhraseError, match=r"Unknown phrase 'livelihood\.granted\.nrom'.*livelihood\.granted\.norm"
    ):
        phrase("livelihood.granted.nrom", on=OCTOBER)


def test_a_phrase_for_several_purposes_needs_the_purpose():
    with pytest.raises(PhraseError, match="give purpose="):
        phrase("any.granted.as_applied", on=OCTOBER, amount=100, month=OCTOBER)
    with pytest.raises(PhraseError, match="not for the purpose 'dental'"):
        phrase(
            "rent.partly_granted.shared_home", on=OCTOBER, purpose="dental", amount=1, month=OCTOBER
        )


def test_a_date_before_a_texts_first_version_is_a_clear_error():
    with pytest.raises(PhraseError, match="no text in force on 2017-01-01"):
        appeal_instructions(on=dt.date(2017, 1, 1), municipality_name="Testby kommun")


@pytest.mark.parametrize("on", SAMPLE_DAYS, ids=str)
def test_every_purpose_and_outcome_has_at_least_one_phrase(on):
    for purpose in Purpose.values:
        for outcome in Outcome.values:
            choices = phrases_for(purpose, outcome, on=on)
            assert choices, f"{purpose} × {outcome} on {on}"
            assert choices[0].is_default, f"{purpose} × {outcome}: a default comes first"


@pytest.mark.parametrize("on", SAMPLE_DAYS, ids=str)
def test_every_purpose_and_outcome_has_a_default_reason_from_amount_and_month(on):
    for purpose in Purpose.values:
        for outcome in Outcome.values:
            text = default_reason(purpose, outcome, on=on, amount=Decimal("1500"))
            assert text and "{" not in text


def test_every_text_has_an_english_translation_with_the_same_placeholders():
    assert len(library().entries) > 20 and len(library().references) > 5  # the library loaded
    for entry in library().entries.values():
        assert entry.title_sv and entry.title_en, entry.key
        for version in entry.versions:
            assert version.en and version.en != version.sv, entry.key
            assert set(placeholders(version.sv)) == set(placeholders(version.en)), entry.key
    for key, versions in library().references.items():
        assert all(v.en for v in versions), key


def test_every_reference_has_one_version_in_force_on_each_day():
    # At least one reference has changed (the new socialtjänstlag of 1 July 2025).
    assert any(len(versions) > 1 for versions in library().references.values())
    for key, versions in library().references.items():
        for earlier, later in zip(versions, versions[1:], strict=False):
            assert earlier.valid_to == later.valid_from - dt.timedelta(days=1), key


def test_the_choices_list_what_the_caseworker_must_fill_in():
    choices = {c.key: c for c in phrases_for(Purpose.RENT, Outcome.PARTLY_GRANTED, on=OCTOBER)}
    above = choices["any.partly_granted.above_guideline"]
    assert above.placeholders == ("amount_applied", "month", "guideline_amount", "amount")
    assert above.legal_reference == "12 kap. 1 § och 12 kap. 7 § socialtjänstlagen (2025:400)"
    assert "rent.partly_granted.shared_home" in choices
    assert "rent.partly_granted.shared_home" not in {
        c.key for c in phrases_for(Purpose.DENTAL, Outcome.PARTLY_GRANTED, on=OCTOBER)
    }


def test_a_refused_livelihood_defaults_to_income_above_the_norm_only_when_it_is():
    facts = {"income_covers_need": True, "income_covers_norm": True, "costs_on_own_lines": True}
    text = default_reason(
        Purpose.LIVELIHOOD, Outcome.REFUSED, on=OCTOBER, amount=0, facts=facts,
        income=Decimal("18250"), need=Decimal("16000"),
    )  # fmt: skip
    assert text.startswith(
        "Hushållets inkomster för oktober 2025, 18 250 kr, räcker till riksnormen och dina "
        "skäliga kostnader, 16 000 kr."
    )


def test_the_appeal_instructions_say_three_weeks_the_court_and_where_to_send_it():
    notice = appeal_instructions(on=OCTOBER, municipality_name="Testby kommun")
    assert "inom tre veckor från den dag du tog del av beslutet" in notice.text
    assert "förvaltningsrätten" in notice.text
    assert "socialnämnden i Testby kommun" in notice.text
    assert "hur du vill att beslutet ska ändras" in notice.text
    assert notice.legal_reference == "33, 40, 43 och 44 §§ förvaltningslagen (2017:900)"
    assert ("ul", [
        "vilket beslut du överklagar, till exempel beslutets datum och ärendenummer",
        "hur du vill att beslutet ska ändras",
        "varför du tycker att beslutet ska ändras",
        "ditt namn, din adress och ditt telefonnummer.",
    ]) in notice.blocks  # fmt: skip
    assert "administrative court" in notice.text_en


def test_the_automated_and_oral_notices_are_data_too():
    automated = automated_notice(on=OCTOBER, automation_decision="nämndens beslut 2025-03-01 § 7")
    assert automated.legal_reference == "28 § förvaltningslagen (2017:900)"
    assert "automatiskt" in automated.text
    assert "nämndens beslut 2025-03-01 § 7" in automated.text
    oral = oral_notice(on=OCTOBER, meeting_date=dt.date(2025, 10, 3))
    assert "vid vårt möte den 3 oktober 2025" in oral.text
    assert oral.legal_reference == "33 § förvaltningslagen (2017:900)"


def test_references_of_one_act_are_joined_the_swedish_way():
    assert (
        join_references(
            [
                "12 kap. 1 § socialtjänstlagen (2025:400)",
                "12 kap. 7 § socialtjänstlagen (2025:400)",
                "20 § förvaltningslagen (2017:900)",
            ]
        )
        == "12 kap. 1 § och 12 kap. 7 § socialtjänstlagen (2025:400); 20 § förvaltningslagen (2017:900)"
    )
