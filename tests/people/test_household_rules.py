"""The rules a household member must meet (ekb.people.household), the same for the e-service,
the case page and the API, and the one default for a child's lunch at home."""

from __future__ import annotations

import datetime as dt

import pytest

from ekb.people.household import DateError, household_errors, member_errors, parse_date
from ekb.people.models import HouseholdMember

NOVEMBER = dt.date(2026, 11, 1)


def test_a_child_eats_lunch_at_home_unless_told_otherwise_as_in_the_norm_engine():
    from ekb.norm.household import parse_household

    assert HouseholdMember._meta.get_field("lunch_at_home").default is True
    household = parse_household(
        {
            "month": "2026-12",
            "cohabiting": False,
            "members": [
                {"id": "a", "role": "applicant", "birth_date": "1990-01-01"},
                {"id": "c", "role": "child", "birth_date": "2022-01-01"},
            ],
            "costs": [],
            "incomes": [],
        }
    )
    assert household["members"][1]["lunch_at_home"] is True


@pytest.mark.parametrize(
    ("raw", "message"),
    [("2026-02-30", "Datumet finns inte"), ("30/2 2026", "Skriv datumet som ÅÅÅÅ-MM-DD")],
)
def test_an_impossible_date_is_refused_with_a_message(raw, message):
    with pytest.raises(DateError) as error:
        parse_date(raw)
    assert message in error.value.message


def test_a_nineteen_year_old_not_in_school_is_not_a_child_but_one_in_school_is():
    born = dt.date(2007, 5, 8)
    assert (
        "går inte i skolan" in member_errors(role="child", birth_date=born, month=NOVEMBER)["role"]
    )
    assert member_errors(role="child", birth_date=born, month=NOVEMBER, in_school=True) == {}
    assert member_errors(role="other_adult", birth_date=born, month=NOVEMBER) == {}


def test_days_in_the_home_cannot_exceed_the_days_of_the_month():
    errors = member_errors(
        role="child", birth_date=dt.date(2016, 2, 14), month=dt.date(2027, 2, 1), days_per_month=29
    )
    assert errors["days_per_month"].startswith("Dagar i hemmet ska vara mellan 1 och 28")


def test_a_move_out_before_the_move_in_and_a_move_in_before_birth_are_refused():
    errors = member_errors(
        role="child",
        birth_date=dt.date(2026, 11, 3),
        month=NOVEMBER,
        valid_from=dt.date(2026, 11, 1),
        valid_to=dt.date(2026, 10, 31),
    )
    assert set(errors) == {"valid_from", "valid_to"}


def test_a_co_applicant_not_registered_at_the_address_needs_a_reason():
    born = dt.date(1986, 9, 3)
    errors = member_errors(
        role="co_applicant", birth_date=born, month=NOVEMBER, registered_at_address=False
    )
    assert "unregistered_reason" in errors
    assert (
        member_errors(
            role="co_applicant",
            birth_date=born,
            month=NOVEMBER,
            registered_at_address=False,
            unregistered_reason="Flyttade in i oktober.",
        )
        == {}
    )


def test_the_applicant_cannot_also_be_a_child_and_there_is_one_co_applicant():
    assert household_errors([("p1", "applicant"), ("p1", "child")]) == {
        "p1": "Personen är redan sökande i hushållet och kan inte också vara barn."
    }
    assert "p3" in household_errors(
        [("p1", "applicant"), ("p2", "co_applicant"), ("p3", "co_applicant")]
    )
