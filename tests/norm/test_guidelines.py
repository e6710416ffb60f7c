"""Municipal guidelines warn about a cost above them, with their reason, and never cut it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import ekb.norm
from ekb.norm import HouseholdError, calculate, load_guidelines

EXAMPLE = Path(ekb.norm.__file__).with_name("guidelines") / "example.yaml"


@pytest.fixture(scope="module")
def guidelines():
    return load_guidelines(EXAMPLE)


def household(rent: int, insurance: int = 100, month: str = "2026-03") -> dict:
    return {
        "month": month,
        "members": [
            {"id": "p1", "role": "applicant", "birth_date": "1985-04-02"},
            {"id": "c1", "role": "child", "birth_date": "2015-01-01"},
        ],
        "costs": [
            {"type": "rent", "amount": rent},
            {"type": "home_insurance", "amount": insurance},
        ],
    }


def test_the_example_guideline_file_says_it_is_an_example(guidelines):
    assert guidelines["example"] is True
    assert "exempel" in guidelines["municipality"].lower()


def test_rent_above_the_guideline_gives_a_warning_with_its_reason_and_is_still_counted(guidelines):
    result = calculate(household(rent=8000), guidelines=guidelines)
    (warning,) = result.warnings
    assert warning.cost_type == "rent"
    assert warning.guideline_value == Decimal(7400)  # two persons
    assert warning.applied_amount == Decimal(8000)
    assert "låginkomsttagare" in warning.reason
    assert "7 400" in warning.message
    assert result.reasonable_costs == Decimal(8100)
    assert result.totals() == calculate(household(rent=8000)).totals()


def test_costs_within_the_guidelines_give_no_warning(guidelines):
    assert calculate(household(rent=7400, insurance=250), guidelines=guidelines).warnings == ()


def test_home_insurance_above_its_ceiling_is_flagged(guidelines):
    (warning,) = calculate(household(rent=5000, insurance=300), guidelines=guidelines).warnings
    assert warning.code == "guideline_exceeded.home_insurance"
    assert warning.guideline_value == Decimal(250)


def test_a_guideline_applies_only_from_its_start_date(guidelines):
    assert calculate(household(rent=9000, month="2025-12"), guidelines=guidelines).warnings == ()


def test_warnings_are_in_the_json_snapshot(guidelines):
    data = calculate(household(rent=8000), guidelines=guidelines).to_dict()
    assert data["warnings"][0]["guideline_value"] == "7400.00"
    assert data["versions"]["guidelines"].startswith("Exempelkommun")


def test_a_guideline_without_a_reason_is_refused():
    bad = {
        "guidelines": [
            {"cost_type": "rent", "periods": [{"valid_from": "2026-01-01", "limit": 5000}]}
        ]
    }
    with pytest.raises(HouseholdError) as caught:
        calculate(household(rent=8000), guidelines=bad)
    assert caught.value.path.endswith("reason")
