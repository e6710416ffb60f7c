"""A couple (sökande and medsökande) is addressed as "ni" by every phrase a letter can print,
a single applicant as "du" (issue 9: the rent line said "Du får ..." to a couple)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ekb.decisions.choices import Purpose
from ekb.decisions.phrases import ANY, library, phrase, placeholders
from tests.personas import SINGULAR_YOU

SAMPLE_VALUES = {
    "amount": Decimal("2330"),
    "amount_applied": Decimal("9800"),
    "guideline_amount": Decimal("8000"),
    "income": Decimal("18250"),
    "need": Decimal("28596"),
    "norm_amount": Decimal("14694"),
    "total_amount": Decimal("10346"),
    "month": dt.date(2026, 11, 1),
    "notice_date": dt.date(2026, 6, 2),
    "applied_on": dt.date(2026, 12, 1),
    "requested_on": dt.date(2026, 11, 10),
    "meeting_date": dt.date(2026, 11, 20),
    "details": "Hyran är högre än för en bostad av rimlig storlek.",
    "what": "lönebesked för oktober",
    "municipality_name": "Testby kommun",
    "automation_decision": "socialnämndens beslut den 15 januari 2026, § 4",
    "consideration": "Barnen får pengar till mat och kläder som tidigare.",
    "income_type": "barnbidrag",
    "person": "Alva",
    "source": "Försäkringskassan",
    "name": "Nora",
    "age": 19,
    "child_name": "Elias",
    "decided_on": dt.date(2026, 11, 20),
    "deadline": dt.date(2026, 12, 14),
    "received_on": dt.date(2027, 1, 11),
    "missed": "Jobbsökarverkstaden den 3, 5 och 10 november 2026, 12 av 32 timmar.",
    "proportionality": "Frånvaron var en del av månaden, och hushållet har barn.",
    "communicated_on": dt.date(2026, 11, 12),
}


def _every_version():
    for entry in library().entries.values():
        for version in entry.versions:
            purpose = None
            if entry.purposes:
                purpose = Purpose.RENT if ANY in entry.purposes else entry.purposes[0]
            yield pytest.param(
                entry.key, version.valid_from, purpose, id=f"{entry.key}@{version.valid_from}"
            )


@pytest.mark.parametrize(("key", "on", "purpose"), list(_every_version()))
def test_every_phrase_a_letter_can_print_says_ni_to_the_couple_sara_and_johan(key, on, purpose):
    values = {
        name: SAMPLE_VALUES[name]
        for entry_version in library().entries[key].versions
        for name in placeholders(entry_version.sv)
        if name in SAMPLE_VALUES
    }
    if purpose is not None:
        values["purpose"] = purpose
    filled = phrase(key, on=on, couple=True, **values)
    assert "{" not in filled.text
    assert not SINGULAR_YOU.search(filled.title), f"{key}: {filled.title}"
    found = SINGULAR_YOU.findall(filled.text)
    assert not found, f"{key} says {found} to a couple: {filled.text}"


def test_a_single_applicant_is_still_du_on_the_as_applied_line():
    single = phrase(
        "any.granted.as_applied",
        on=dt.date(2026, 11, 1),
        purpose=Purpose.RENT,
        amount=Decimal("9800"),
        month=dt.date(2026, 11, 1),
    )
    couple = phrase(
        "any.granted.as_applied",
        on=dt.date(2026, 11, 1),
        couple=True,
        purpose=Purpose.RENT,
        amount=Decimal("9800"),
        month=dt.date(2026, 11, 1),
    )
    assert "du ansökte om" in single.text
    assert "ni ansökte om" in couple.text
