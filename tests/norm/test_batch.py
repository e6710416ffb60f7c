"""The columnar batch format: arrays as a database would return them, in any row order,
give the totals worked out by hand in the case files (tests/norm/cases)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ekb.norm import Batch, HouseholdError, calculate_many
from ekb.norm.household import parse_household, read_households
from ekb.norm.months import month_ordinal

from .casefiles import assert_totals, calculation_cases
from .strategies import households

CASES = [p.values[0]["input"] for p in calculation_cases()]
EXPECTED = [p.values[0]["expected"] for p in calculation_cases()]


def assert_expected(totals, expected) -> None:
    """Every household's five totals are the hand-worked ones of its case."""
    assert len(totals) == len(expected)
    for i, case in enumerate(expected):
        assert_totals(totals.kronor(i), case)


def shuffled(batch: Batch, seed: int) -> Batch:
    """The same batch with every long table in a random row order (no ORDER BY)."""
    rng = np.random.default_rng(seed)
    m = rng.permutation(batch.member_household.size)
    where = np.empty_like(m)
    where[m] = np.arange(m.size)
    i = rng.permutation(batch.income_household.size)
    c = rng.permutation(batch.cost_household.size)
    s = rng.permutation(batch.support_household.size)
    t = rng.permutation(batch.member_support_member.size)
    return Batch(
        month=batch.month,
        cohabiting=batch.cohabiting,
        household_size=batch.household_size,
        member_household=batch.member_household[m],
        member_role=batch.member_role[m],
        birth_date=batch.birth_date[m],
        lunch_at_home=batch.lunch_at_home[m],
        days_in_household=batch.days_in_household[m],
        in_school=batch.in_school[m],
        member_first_day=batch.member_first_day[m],
        member_last_day=batch.member_last_day[m],
        income_household=batch.income_household[i],
        income_member=where[batch.income_member[i]],
        income_type=batch.income_type[i],
        income_ore=batch.income_ore[i],
        income_earned_before_ore=batch.income_earned_before_ore[i],
        cost_household=batch.cost_household[c],
        cost_type=batch.cost_type[c],
        cost_ore=batch.cost_ore[c],
        support_household=batch.support_household[s],
        support_month=batch.support_month[s],
        member_has_support_history=batch.member_has_support_history[m],
        member_support_member=where[batch.member_support_member[t]],
        member_support_month=batch.member_support_month[t],
    )


def test_a_columnar_batch_gives_the_totals_worked_out_by_hand():
    assert_expected(calculate_many(Batch.from_households(CASES)), EXPECTED)
    assert_expected(calculate_many(Batch.from_households(CASES), validate=False), EXPECTED)


def test_long_tables_in_any_row_order_give_the_totals_worked_out_by_hand():
    batch = Batch.from_households(CASES)
    for seed in range(3):
        assert_expected(calculate_many(shuffled(batch, seed)), EXPECTED)


def test_a_batch_of_several_months_gives_the_totals_worked_out_by_hand():
    # The cases span 2014-2026: every month gets its own parameters; reversed, the rows of
    # the long tables are no longer ordered by household.
    assert len({hh["month"] for hh in CASES}) > 5
    reverse = list(range(len(CASES)))[::-1]
    assert_expected(calculate_many([CASES[i] for i in reverse]), [EXPECTED[i] for i in reverse])


def test_a_mapping_of_columns_is_accepted_and_totals_are_int64_ore():
    columns = {
        "month": [month_ordinal(2026, 1)],
        "cohabiting": [False],
        "household_size": [0],
        "member_household": [0],
        "member_role": [0],
        "birth_date": np.array(["1990-01-01"], dtype="datetime64[D]"),
        "lunch_at_home": [True],
        "days_in_household": [0],
        "in_school": [False],
        "income_household": [0],
        "income_member": [0],
        "income_type": [0],
        "income_ore": [400000],
        "cost_household": [0],
        "cost_type": [0],
        "cost_ore": [520000],
        "support_household": [0] * 6,
        "support_month": [month_ordinal(2025, 7 + k) for k in range(6)],
    }
    totals = calculate_many(columns)
    assert totals.amount.dtype == np.int64
    assert totals.amount.tolist() == [(5220 + 5200 - 3000) * 100]
    assert str(totals.kronor(0)["amount"]) == "7420.00"


def test_a_bad_row_in_a_columnar_batch_names_the_household_and_field():
    batch = Batch.from_households(CASES)
    batch.cost_ore[1] = -100
    with pytest.raises(HouseholdError) as caught:
        calculate_many(batch)
    owner = int(batch.cost_household[1])
    assert caught.value.path.startswith(f"households[{owner}].costs[")
    assert caught.value.path.endswith("].amount")


def test_an_unknown_column_is_refused():
    with pytest.raises(HouseholdError) as caught:
        calculate_many({"month": [1], "colour": [2]})
    assert caught.value.path == "colour"


def test_an_empty_batch_gives_empty_totals():
    assert len(calculate_many([])) == 0


def test_a_batch_where_no_household_ever_had_support_is_calculated():
    # Found by the property test: with no support rows at all the history pass had no blocks.
    from ekb.norm import calculate, calculate_many

    household = {
        "month": "2025-01",
        "cohabiting": True,
        "members": [
            {"id": "p1", "role": "applicant", "birth_date": "2000-01-01"},
            {"id": "p2", "role": "co_applicant", "birth_date": "2000-01-01"},
        ],
        "costs": [],
        "incomes": [{"member": "p2", "type": "salary", "amount": 0}],
        "support_history": [],
    }
    totals = calculate_many([household])
    assert totals.kronor(0)["amount"] == calculate(household).amount


# --- jobbstimulans per person: the per-member support table (ekb.norm.rules.jobbstimulans) -----

PER_PERSON_CASES = [
    p.values[0]
    for p in calculation_cases()
    if "jobbstimulans_per_person" in p.id and p.values[0]["input"]["month"] == "2026-09"
]
PER_PERSON = [case["input"] for case in PER_PERSON_CASES]


def test_a_month_end_batch_with_histories_per_person_gives_the_hand_worked_totals():
    assert len(PER_PERSON) >= 4
    batch = Batch.from_households(PER_PERSON * 3)  # one month: the sorted fast path
    assert batch.member_has_support_history.any()
    expected = [case["expected"] for case in PER_PERSON_CASES] * 3
    for candidate in (batch, shuffled(batch, 1)):
        assert_expected(calculate_many(candidate), expected)


def test_a_new_sambo_in_a_mapping_of_columns_gets_no_disregard_from_her_partners_months():
    """Sara (member 0) has seven months of her own, Jonas (member 1) none; the household's
    months would qualify both. 2026-09, sambo 7 100 + 1 410, rent 6 000, 4 000 each."""
    september = month_ordinal(2026, 9)
    seven = [month_ordinal(2026, 2 + k) for k in range(7)]
    columns = {
        "month": [september],
        "cohabiting": [True],
        "household_size": [0],
        "member_household": [0, 0],
        "member_role": [0, 1],
        "birth_date": np.array(["1990-02-14", "1988-06-01"], dtype="datetime64[D]"),
        "lunch_at_home": [True, True],
        "days_in_household": [0, 0],
        "in_school": [False, False],
        "income_household": [0, 0],
        "income_member": [0, 1],
        "income_type": [0, 0],
        "income_ore": [400000, 400000],
        "cost_household": [0],
        "cost_type": [0],
        "cost_ore": [600000],
        "support_household": [0] * 7,
        "support_month": seven,
        "member_has_support_history": [True, True],
        "member_support_member": [0] * 7,
        "member_support_month": seven,
    }
    assert calculate_many(columns).kronor(0)["amount"] == 14510 - (8000 - 1000)
    columns["member_has_support_history"] = [False, False]
    columns["member_support_member"], columns["member_support_month"] = [], []
    assert calculate_many(columns).kronor(0)["amount"] == 14510 - (8000 - 2000)


def test_member_support_rows_are_checked_like_the_dicts():
    batch = Batch.from_households(PER_PERSON)
    child = Batch.from_households(
        [
            {
                "month": "2026-09",
                "members": [
                    {"id": "p1", "role": "applicant", "birth_date": "1990-02-14"},
                    {"id": "c1", "role": "child", "birth_date": "2015-01-01"},
                ],
            }
        ]
    )
    child.member_has_support_history[1] = True
    with pytest.raises(HouseholdError) as caught:
        calculate_many(child)
    assert caught.value.path == "households[0].members[1].support_history"
    batch.member_has_support_history[:] = False  # rows left for members without the flag
    with pytest.raises(HouseholdError) as orphan:
        calculate_many(batch)
    assert orphan.value.path.endswith(".support_history")
    batch.member_support_member[0] = batch.member_household.size  # out of range
    with pytest.raises(HouseholdError) as out_of_range:
        calculate_many(batch)
    assert out_of_range.value.path == "member_support_member[0]"


# --- household-month dicts: read column by column, or by parse_household ---------------------


def _parsed_one_by_one(households: list[dict]) -> Batch:
    """The columns of what parse_household makes of each dict, checked field by field."""
    return Batch.from_columns(read_households([parse_household(hh) for hh in households]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(households(), min_size=1, max_size=6))
def test_plain_dicts_are_read_into_the_columns_parse_household_gives(hhs):
    fast, slow = Batch.from_households(hhs), _parsed_one_by_one(hhs)
    for name, column in dataclasses.asdict(slow).items():
        assert np.array_equal(getattr(fast, name), column), name


BAD_VALUES = [None, -1, "x", 1.5, True, [], {}, "2026-13", "2026-02-30", "", 10**12, "1.005"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(households(), st.data())
def test_a_dict_that_is_not_plainly_valid_gets_the_error_parse_household_gives(hh, data):
    """Whatever one field is changed to, the batch refuses it as parse_household does (the
    same path and message), or accepts it with the same columns."""
    place, key = hh, data.draw(st.sampled_from(list(hh)))
    while isinstance(place[key], dict | list) and place[key] and data.draw(st.booleans()):
        place = place[key]
        key = data.draw(
            st.sampled_from(list(place) if isinstance(place, dict) else range(len(place)))
        )
    place[key] = data.draw(st.sampled_from(BAD_VALUES))
    try:
        expected = _parsed_one_by_one([hh])
    except HouseholdError as refused:
        with pytest.raises(HouseholdError) as caught:
            calculate_many([hh])
        path = f"households[0].{refused.path}"
        assert (caught.value.path, caught.value.message) == (path, refused.message)
        return
    got = Batch.from_households([hh])
    for name, column in dataclasses.asdict(expected).items():
        assert np.array_equal(getattr(got, name), column), name
