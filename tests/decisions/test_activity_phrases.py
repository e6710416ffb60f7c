"""The activity requirement's reasons (aktivitetskrav, SoL 2025:400 as amended from 2026-07-01):
refusing or reducing försörjningsstöd because the client declined or stayed away from an
assigned activity, citing the act in force on the decision date, saying what was missed and why
the consequence is proportionate."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ekb.decisions.choices import Outcome, Purpose
from ekb.decisions.phrases import (
    PhraseError,
    communicated_phrase_in,
    needs_communication,
    phrase,
    phrases_for,
)

ACTIVITY_KEYS = (
    "livelihood.refused.activity_declined",
    "livelihood.refused.activity_absent",
    "livelihood.partly_granted.activity_declined",
    "livelihood.partly_granted.activity_absent",
)
VALUES = {
    "month": dt.date(2026, 12, 1),
    "missed": "Jobbsökarverkstaden den 3, 5 och 10 november 2026, 12 av 32 timmar.",
    "proportionality": "Frånvaron var en tredjedel av tiden, så vi sätter ned med 1 500 kr.",
    "communicated_on": dt.date(2026, 11, 20),
    "amount": Decimal("6230"),
}


@pytest.mark.parametrize("key", ACTIVITY_KEYS)
def test_a_decision_in_december_2026_cites_the_activity_requirement_of_sol_2025_400(key):
    made = phrase(key, on=dt.date(2026, 12, 5), **VALUES)
    assert made.legal_reference == (
        "12 kap. 1 § och 12 kap. 4 a–6 a §§ socialtjänstlagen (2025:400)"
    )
    assert made.version == "2026-07-01"
    assert VALUES["missed"] in made.text
    assert VALUES["proportionality"] in made.text
    assert "20 november 2026" in made.text


def test_the_first_day_of_the_activity_requirement_offers_the_reduction_the_day_before_does_not():
    def keys(on):
        return {c.key for c in phrases_for(Purpose.LIVELIHOOD, Outcome.PARTLY_GRANTED, on=on)}

    assert "livelihood.partly_granted.activity_absent" in keys(dt.date(2026, 7, 1))
    assert "livelihood.partly_granted.activity_absent" not in keys(dt.date(2026, 6, 30))
    with pytest.raises(PhraseError, match="no text in force on 2026-06-30"):
        phrase("livelihood.partly_granted.activity_absent", on=dt.date(2026, 6, 30), **VALUES)


def test_a_reduction_states_the_granted_amount_and_what_was_missed_in_swedish():
    made = phrase("livelihood.partly_granted.activity_absent", on=dt.date(2026, 12, 5), **VALUES)
    assert "beviljar 6 230 kr" in made.text
    assert "december 2026" in made.text
    assert "Du har varit borta från aktiviteter" in made.text


def test_the_reason_must_say_why_the_reduction_is_proportionate():
    without = {k: v for k, v in VALUES.items() if k != "proportionality"}
    with pytest.raises(PhraseError, match="proportionality"):
        phrase("livelihood.partly_granted.activity_declined", on=dt.date(2026, 12, 5), **without)


@pytest.mark.parametrize("key", ACTIVITY_KEYS)
def test_every_activity_reason_needs_communication_first(key):
    assert needs_communication(key)
    assert not needs_communication("livelihood.refused.income_above_norm")


def test_a_reason_is_recognised_however_the_caseworker_fills_its_sentences():
    text = phrase(
        "livelihood.refused.activity_declined",
        on=dt.date(2026, 12, 5),
        **{**VALUES, "missed": "Praktiken på biblioteket från den 2 november."},
    ).text
    on = dt.date(2026, 12, 5)
    assert (
        communicated_phrase_in(text, purpose=Purpose.LIVELIHOOD, outcome=Outcome.REFUSED, on=on)
        == "livelihood.refused.activity_declined"
    )
    # The same words under another outcome, and the caseworker's own words, are not the phrase.
    assert (
        communicated_phrase_in(
            text, purpose=Purpose.LIVELIHOOD, outcome=Outcome.PARTLY_GRANTED, on=on
        )
        is None
    )
    assert (
        communicated_phrase_in(
            "Du har inte kommit till praktiken.",
            purpose=Purpose.LIVELIHOOD,
            outcome=Outcome.REFUSED,
            on=on,
        )
        is None
    )


def test_a_couple_is_told_that_one_of_them_missed_the_activity():
    made = phrase(
        "livelihood.partly_granted.activity_absent", on=dt.date(2026, 12, 5), couple=True, **VALUES
    )
    assert "En av er har varit borta" in made.text
    assert (
        communicated_phrase_in(
            made.text,
            purpose=Purpose.LIVELIHOOD,
            outcome=Outcome.PARTLY_GRANTED,
            on=dt.date(2026, 12, 5),
        )
        == "livelihood.partly_granted.activity_absent"
    )
