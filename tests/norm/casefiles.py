"""Loading the calculation cases kept as data files under tests/norm/cases/<year>/."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

CASES = Path(__file__).with_name("cases")
TOTALS = ("norm", "reasonable_costs", "need", "countable_income", "amount")
ONE_KRONA = Decimal(1)


def calculation_cases() -> list[Any]:
    """Every case in cases/<year>/*.yaml as a pytest param, id'd by year and name."""
    params = []
    for path in sorted(CASES.glob("[0-9][0-9][0-9][0-9]/*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in doc["cases"]:
            params.append(pytest.param(case, id=f"{path.parent.name}/{path.stem}: {case['name']}"))
    return params


def error_cases() -> list[Any]:
    doc = yaml.safe_load((CASES / "errors.yaml").read_text(encoding="utf-8"))
    return [pytest.param(case, id=case["name"]) for case in doc["cases"]]


def assert_totals(
    actual: dict[str, Decimal], expected: dict[str, Any], tolerance: Decimal = Decimal(0)
) -> None:
    for name in TOTALS:
        want = Decimal(str(expected[name]))
        got = actual[name]
        assert abs(got - want) <= tolerance, f"{name}: expected {want}, got {got}"
