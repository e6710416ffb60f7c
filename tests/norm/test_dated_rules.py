"""A rule, not only an amount, can start on a date; earlier months calculate as before.

The reform proposed from 2027-01-01 (a cap for large households among other things) is not
law, so this uses a test-only layer (tests/norm/layers/reform_2027) with made-up round
numbers and a made-up cap rule.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest

from ekb.norm import Engine, HouseholdError, calculate
from ekb.norm.money import whole_kronor_of
from ekb.norm.result import NORM, Row
from ekb.norm.rules.context import Context
from ekb.norm.rulesets import RIKSNORM_V1, Rule, RuleSet

LAYER = Path(__file__).with_name("layers") / "reform_2027"
CAP = "test/norm_cap"


def cap_amounts(ctx: Context, acc: dict[str, np.ndarray]) -> np.ndarray:
    """TEST ONLY: households with many children get at most `cap` in norm."""
    b = ctx.batch
    params = ctx.table(CAP, lambda v: [v["from_children"], v["cap"] * 100])[ctx.hh_month]
    children = np.bincount(b.member_household[b.member_role == 2], minlength=b.n)
    capped = children >= params[:, 0]
    cut = np.where(capped, np.maximum(acc["norm"] - params[:, 1], 0), 0)
    acc["norm"] -= cut
    return cut


def cap_rows(ctx: Context, ids: list[str], cut: np.ndarray) -> list[Row]:
    if not cut[0]:
        return []
    period = ctx.period(CAP)
    label = "Tak för stora hushåll (test)"
    amount = -whole_kronor_of(int(cut[0]))
    return [Row(NORM, None, label, amount, "test_norm_cap", period.legal_reference, period.tag)]


REFORM = RuleSet(
    "test-reform-2027",
    "0.0.1-test",
    (*RIKSNORM_V1.rules, Rule("test_norm_cap", cap_amounts, cap_rows)),
)


def family(month: str, children: int) -> dict:
    members = [
        {"id": "p1", "role": "applicant", "birth_date": "1985-01-01"},
        {"id": "p2", "role": "co_applicant", "birth_date": "1986-01-01"},
    ]
    members += [
        {"id": f"c{i}", "role": "child", "birth_date": f"{2010 + i}-06-01"} for i in range(children)
    ]
    return {"month": month, "cohabiting": True, "members": members}


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(parameter_layers=(LAYER,), rulesets={REFORM.id: REFORM})


def test_december_2026_calculates_with_the_rules_in_force_then(engine):
    hh = family("2026-12", 5)
    assert engine.calculate(hh).totals() == calculate(hh).totals()
    assert engine.calculate(hh).versions["ruleset"]["id"] == "riksnorm-v1"


def test_january_2027_applies_the_new_rule_from_its_start_date(engine):
    result = engine.calculate(family("2027-01", 5))
    # test amounts: 7000 + 5 × 4000 + 1000 + 2 × 0 (the flat test table) = 28000, capped at 20000
    assert result.norm == Decimal(20000)
    assert result.versions["ruleset"]["id"] == "test-reform-2027"
    assert any(r.rule_id == "test_norm_cap" and r.amount == Decimal(-8000) for r in result.rows)


def test_the_new_rule_leaves_small_households_alone(engine):
    result = engine.calculate(family("2027-01", 2))
    assert result.norm == Decimal(7000 + 2 * 4000 + 1000)


def test_a_batch_across_the_reform_date_uses_each_months_rules(engine):
    hhs = [family("2026-12", 5), family("2027-01", 5), family("2027-01", 1)]
    totals = engine.calculate_many(hhs)
    for i, hh in enumerate(hhs):
        assert totals.kronor(i) == engine.calculate(hh).totals()


def test_without_the_layer_2027_has_no_parameters_and_is_refused():
    with pytest.raises(HouseholdError) as caught:
        calculate(family("2027-01", 1))
    assert caught.value.path == "month"
