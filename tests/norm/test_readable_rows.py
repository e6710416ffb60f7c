"""What a person reads from the engine has no internal ids; every income type has its rule."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
import yaml

from ekb.norm import Batch, HouseholdError, calculate, calculate_many
from ekb.norm.explain import explain
from ekb.norm.vocabulary import INCOME_LABELS_SV, INCOME_TYPES

from .casefiles import calculation_cases

INCOME_RULES = Path(__file__).resolve().parents[2] / "ekb/norm/parameters/income/income_types.yaml"


@pytest.mark.parametrize("case", calculation_cases())
def test_no_row_label_names_a_member_by_its_id(case):
    result = calculate(case["input"])
    ids = [m["id"] for m in case["input"]["members"]]
    for row in result.rows:
        for member_id in ids:
            # The id stays in Row.member for the screens to name the person; never in text.
            assert not re.search(rf"\b{re.escape(member_id)}\b", row.label), row.label
    text = explain(result)
    for member_id in ids:
        assert f"({member_id})" not in text


def test_the_rows_still_carry_the_member_the_amount_belongs_to():
    result = calculate(
        {
            "month": "2026-11",
            "members": [
                {"id": "p116", "role": "applicant", "birth_date": "1985-05-05"},
                {"id": "p117", "role": "child", "birth_date": "2018-03-03", "in_school": True},
            ],
            "incomes": [{"member": "p116", "type": "salary", "amount": 1000}],
        }
    )
    rows = {(r.member, r.label) for r in result.rows if r.member}
    assert rows == {
        ("p116", "Personliga kostnader, ensamstående"),
        ("p116", "Lön"),
        ("p117", "Personliga kostnader, barn 7–10 år"),
    }


def test_every_income_type_has_its_rule_and_source_as_data():
    rules = yaml.safe_load(INCOME_RULES.read_text(encoding="utf-8"))["types"]
    assert set(rules) == set(INCOME_TYPES)
    for name, rule in rules.items():
        assert rule["label"] == INCOME_LABELS_SV[name]
        assert rule["counted"] in ("full", "partly")
        assert rule["source"]
        if rule["counted"] == "partly":
            # A partial rule is a dated parameter file with a legal reference.
            rule_file = INCOME_RULES.parent.parent / rule["rule"]
            periods = yaml.safe_load(rule_file.read_text(encoding="utf-8"))["periods"]
            assert all(p["legal_reference"] for p in periods)


def test_the_batch_refuses_membership_days_out_of_order_and_names_the_field():
    good = {
        "month": "2026-03",
        "members": [{"id": "p1", "role": "applicant", "birth_date": "1985-04-02"}],
    }
    batch = Batch.from_households([good, good])
    batch.member_first_day = np.array([0, 20], dtype=np.int8)
    batch.member_last_day = np.array([0, 10], dtype=np.int8)
    with pytest.raises(HouseholdError) as caught:
        calculate_many(batch)
    assert caught.value.path == "households[1].members[0].in_household_to"
    batch.member_first_day = np.array([0, 32], dtype=np.int8)
    batch.member_last_day = np.array([0, 0], dtype=np.int8)
    with pytest.raises(HouseholdError) as caught:
        calculate_many(batch)
    assert caught.value.path == "households[1].members[0].in_household_from"
