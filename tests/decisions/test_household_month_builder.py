"""One builder of the household-month (ekb.decisions.household_month.assemble) for the robot,
the client's estimate and the demo: the rules of who owns an income and which costs are
calculated are written once."""

from __future__ import annotations

from ekb.decisions.household_month import assemble

SARA = {"id": "p1", "role": "applicant", "birth_date": "1985-02-01"}
JOHAN = {"id": "p2", "role": "co_applicant", "birth_date": "1984-06-11"}
NORA = {"id": "p3", "role": "other_adult", "birth_date": "2006-03-30"}


def test_an_income_tied_to_no_member_is_the_applicants():
    document, _ = assemble(
        "2026-12", [SARA], [], [{"member": None, "type": "salary", "amount": "3000"}]
    )

    assert document["incomes"] == [{"member": "p1", "type": "salary", "amount": "3000"}]


def test_another_adults_salary_is_their_own_but_what_they_pay_towards_the_rent_counts():
    incomes = [
        {"member": "p3", "type": "salary", "amount": "12000"},
        {"member": "p3", "type": "rent_contribution", "amount": "2000"},
    ]

    document, _ = assemble("2026-12", [SARA, NORA], [], incomes)

    assert document["incomes"] == [{"member": "p3", "type": "rent_contribution", "amount": "2000"}]
    assert document["cohabiting"] is False


def test_a_need_beyond_the_norm_is_returned_apart_and_not_calculated():
    costs = [{"type": "rent", "amount": "9800"}, {"type": "winter_clothing", "amount": "1200"}]

    document, needs = assemble("2026-12", [SARA, JOHAN], costs, [])

    assert document["costs"] == [{"type": "rent", "amount": "9800"}]
    assert needs == [{"type": "winter_clothing", "amount": "1200"}]
    assert document["cohabiting"] is True


def test_residents_who_are_not_members_raise_the_household_size_and_months_are_sorted_once():
    document, _ = assemble(
        "2026-12",
        [SARA, NORA],
        [],
        [],
        support_history=["2026-11", "2026-10", "2026-11"],
        other_residents=2,
    )

    assert document["household_size"] == 4
    assert document["support_history"] == ["2026-10", "2026-11"]


def test_without_other_residents_the_size_is_left_to_the_members():
    document, _ = assemble("2026-12", [SARA], [], [])

    assert "household_size" not in document
