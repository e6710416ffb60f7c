"""Input that cannot be calculated gives an error naming the field, in English and Swedish."""

from __future__ import annotations

import pytest

from ekb.norm import HouseholdError, calculate, calculate_many

from .casefiles import error_cases


@pytest.mark.parametrize("case", error_cases())
def test_each_bad_input_is_refused_with_the_field_named(case):
    with pytest.raises(HouseholdError) as caught:
        calculate(case["input"])
    assert caught.value.path == case["path"]
    assert caught.value.message and caught.value.message_sv
    assert caught.value.message != caught.value.message_sv


@pytest.mark.parametrize("case", error_cases())
def test_the_batch_refuses_the_same_input_and_names_the_household(case):
    good = {
        "month": "2026-03",
        "members": [{"id": "p1", "role": "applicant", "birth_date": "1985-04-02"}],
    }
    with pytest.raises(HouseholdError) as caught:
        calculate_many([good, case["input"]])
    assert caught.value.path == f"households[1].{case['path']}"


def test_a_swedish_message_is_there_for_people_to_read():
    with pytest.raises(HouseholdError) as caught:
        calculate(
            {
                "month": "2023-05",
                "members": [{"id": "p1", "role": "applicant", "birth_date": "1985-04-02"}],
            }
        )
    assert "inga normbelopp" in caught.value.message_sv
    assert caught.value.to_dict()["path"] == "month"


def test_a_household_that_is_not_an_object_is_refused():
    with pytest.raises(HouseholdError):
        calculate(["not", "a", "household"])
