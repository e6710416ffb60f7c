"""Every calculation case in the data files gives its expected totals and rows, both ways."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ekb.norm import calculate, calculate_many

from .casefiles import assert_totals, calculation_cases


@pytest.mark.parametrize("case", calculation_cases())
def test_each_case_gives_its_expected_totals_exactly(case):
    result = calculate(case["input"])
    assert_totals(result.totals(), case["expected"])


@pytest.mark.parametrize("case", calculation_cases())
def test_each_case_shows_its_expected_rows(case):
    rows = [r.to_dict() for r in calculate(case["input"]).rows]
    for wanted in case.get("rows", []):
        matches = [
            r
            for r in rows
            if all(
                (Decimal(r[k]) == Decimal(str(v))) if k == "amount" else r[k] == v
                for k, v in wanted.items()
            )
        ]
        assert matches, f"no row matches {wanted}; rows were {rows}"


def test_the_batch_gives_the_same_totals_as_the_data_files():
    cases = [p.values[0] for p in calculation_cases()]
    totals = calculate_many([c["input"] for c in cases])
    for i, case in enumerate(cases):
        assert_totals(totals.kronor(i), case["expected"])


def test_the_rows_of_each_kind_add_up_to_the_totals():
    for param in calculation_cases():
        result = calculate(param.values[0]["input"])
        by_kind = {}
        for row in result.rows:
            by_kind[row.kind] = by_kind.get(row.kind, Decimal(0)) + row.amount
        assert by_kind.get("norm", 0) == result.norm
        assert by_kind.get("cost", 0) == result.reasonable_costs
        assert by_kind.get("income", 0) + by_kind.get("exemption", 0) == result.countable_income
        assert result.need == result.norm + result.reasonable_costs
        assert result.amount == max(Decimal(0), result.need - result.countable_income)
