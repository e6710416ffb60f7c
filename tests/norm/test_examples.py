"""The shared worked examples (shared/norm/examples.jsonl) pass within ±1 kr.

They are copied into cases/2025 and cases/2026 so the suite runs anywhere; this test also
reads the shared file itself when it is present, so a new example there is picked up.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from ekb.norm import calculate

from .casefiles import ONE_KRONA, assert_totals, calculation_cases

SHARED = Path(__file__).resolve().parents[3] / "shared" / "norm" / "examples.jsonl"


def _shared_examples():
    if not SHARED.exists():
        return []
    lines = SHARED.read_text(encoding="utf-8").splitlines()
    return [
        pytest.param(json.loads(line), id=json.loads(line)["name"])
        for line in lines
        if line.strip()
    ]


def test_every_shared_example_is_kept_as_a_case_in_the_data_files():
    if not SHARED.exists():
        pytest.skip("shared/norm/examples.jsonl is not beside the repository")
    kept = {p.values[0]["name"]: p.values[0] for p in calculation_cases()}
    for param in _shared_examples():
        example = param.values[0]
        assert example["name"] in kept, f"{example['name']} is missing from tests/norm/cases"
        assert kept[example["name"]]["input"] == example["input"]
        assert kept[example["name"]]["expected"] == example["expected"]


@pytest.mark.parametrize("example", _shared_examples())
def test_each_shared_example_is_within_one_krona(example):
    assert_totals(calculate(example["input"]).totals(), example["expected"], ONE_KRONA)


def test_the_examples_copied_into_the_data_files_are_all_there():
    names = {p.values[0]["name"] for p in calculation_cases()}
    assert {
        "single-adult-2026",
        "couple-2026",
        "single-parent-preschooler-2025",
        "salary-with-jobbstimulans",
        "child-every-other-week",
        "adult-sharing-home-of-three",
    } <= names
    assert (
        Decimal("7420.00")
        == calculate(
            next(
                p.values[0]
                for p in calculation_cases()
                if p.values[0]["name"] == "salary-with-jobbstimulans"
            )["input"]
        ).amount
    )
