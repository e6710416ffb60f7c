"""The shared worked examples pass within ±1 kr.

The examples are kept in the repository (tests/norm/examples.jsonl, a copy of the project's
shared/norm/examples.jsonl), so these tests run in a clean clone; each is also a case in
cases/2025 or cases/2026. When the shared file is beside the repository, the copy must
still equal it, so a new or changed example there is noticed.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from ekb.norm import calculate

from .casefiles import ONE_KRONA, assert_totals, calculation_cases

EXAMPLES = Path(__file__).with_name("examples.jsonl")
SHARED = Path(__file__).resolve().parents[3] / "shared" / "norm" / "examples.jsonl"


def _shared_examples():
    lines = EXAMPLES.read_text(encoding="utf-8").splitlines()
    return [
        pytest.param(json.loads(line), id=json.loads(line)["name"])
        for line in lines
        if line.strip()
    ]


def test_the_copy_of_the_examples_equals_the_shared_file_when_it_is_there():
    assert len(_shared_examples()) >= 6
    if SHARED.exists():
        assert EXAMPLES.read_text(encoding="utf-8") == SHARED.read_text(encoding="utf-8")


def test_every_shared_example_is_kept_as_a_case_in_the_data_files():
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
