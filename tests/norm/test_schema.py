"""schemas/household-month.v1.json describes exactly what the engine accepts."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from ekb.norm.vocabulary import COST_TYPES, INCOME_TYPES, ROLES

from .casefiles import calculation_cases, error_cases

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "schemas" / "household-month.v1.json").read_text()
)


def test_the_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("case", calculation_cases())
def test_every_calculation_case_is_valid_under_the_schema(case):
    jsonschema.Draft202012Validator(SCHEMA).validate(case["input"])


@pytest.mark.parametrize("case", [c for c in error_cases() if c.values[0].get("schema", True)])
def test_the_schema_rejects_the_shape_errors_too(case):
    assert not jsonschema.Draft202012Validator(SCHEMA).is_valid(case["input"])


def test_the_schema_lists_the_same_types_as_the_engine():
    props = SCHEMA["properties"]
    assert props["costs"]["items"]["properties"]["type"]["enum"] == list(COST_TYPES)
    assert props["incomes"]["items"]["properties"]["type"]["enum"] == list(INCOME_TYPES)
    assert props["members"]["items"]["properties"]["role"]["enum"] == list(ROLES)
