"""Properties that hold for every valid household-month (hypothesis)."""

from __future__ import annotations

import copy
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ekb.norm import calculate, calculate_many

from .strategies import households

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(households())
def test_the_amount_is_never_negative(hh):
    result = calculate(hh)
    assert result.amount >= 0
    assert result.amount == max(Decimal(0), result.need - result.countable_income)


@SETTINGS
@given(households(), st.integers(1, 100000), st.data())
def test_more_income_never_raises_the_amount(hh, extra, data):
    before = calculate(hh).amount
    richer = copy.deepcopy(hh)
    member = data.draw(st.sampled_from(richer["members"]))
    kind = (
        "child_salary"
        if member["role"] == "child"
        else data.draw(st.sampled_from(["salary", "pension", "other"]))
    )
    richer["incomes"].append({"member": member["id"], "type": kind, "amount": extra})
    assert calculate(richer).amount <= before


@SETTINGS
@given(households(max_children=8), st.integers(0, 17), st.booleans())
def test_adding_a_child_never_lowers_the_norm(hh, age, lunch_at_home):
    before = calculate(hh).norm
    year, month = map(int, hh["month"].split("-"))
    bigger = copy.deepcopy(hh)
    bigger["members"].append(
        {
            "id": "new-child",
            "role": "child",
            "birth_date": f"{year - age - 1:04d}-{month:02d}-01",
            "lunch_at_home": lunch_at_home,
            # Aged 1–18: an 18-year-old is the parents' to support only while in school
            # (7 kap. 1 § FB); one not in school shares the home without being in the norm.
            "in_school": True,
        }
    )
    if bigger.get("household_size") is not None:
        bigger["household_size"] = max(bigger["household_size"], len(bigger["members"]))
    assert calculate(bigger).norm >= before


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(households(), min_size=1, max_size=12))
def test_the_batch_equals_calculate_for_every_household(hhs):
    totals = calculate_many(hhs)
    for i, hh in enumerate(hhs):
        expected = calculate(hh).totals()
        got = totals.kronor(i)
        assert got == expected, f"household {i}: batch {got} != calculate {expected}"


@settings(max_examples=60, deadline=None)
@given(households())
def test_giving_each_adult_the_households_months_as_their_own_changes_nothing(hh):
    """Jobbstimulans per person: a member's own history that equals the household's gives the
    same amount as the household's history alone (the fallback is the v1 rule)."""
    plain = copy.deepcopy(hh)
    for m in plain["members"]:
        m.pop("support_history", None)
    own = copy.deepcopy(plain)
    for m in own["members"]:
        if m["role"] in ("applicant", "co_applicant"):
            m["support_history"] = list(own["support_history"])
    assert calculate(own).totals() == calculate(plain).totals()
    totals = calculate_many([own, plain])
    assert totals.kronor(0) == totals.kronor(1) == calculate(plain).totals()
