"""A cost type is declared once (ekb/applications/cost_types.py): the norm's vocabulary gives the
codes the engine calculates and their Swedish terms, one row gives the rest, and every door reads
that row."""

from __future__ import annotations

import pytest
from django.utils import translation

from ekb.applications.cost_types import APPLIABLE, COSTS, DECLARED, OTHER_NEEDS, Group, staff_label
from ekb.decisions.choices import Purpose
from ekb.eservice.steps import cost_types_for
from ekb.norm.vocabulary import COST_LABELS_SV, COST_TYPES


def test_every_cost_type_of_the_norm_and_every_need_beyond_it_has_a_row():
    assert set(COSTS) == set(COST_TYPES) | set(OTHER_NEEDS)
    assert APPLIABLE == COST_TYPES + OTHER_NEEDS  # the norm's order, then the needs
    assert len(DECLARED) == len(COSTS)  # no row for a code nobody knows, none twice


@pytest.mark.parametrize("code", COST_TYPES + OTHER_NEEDS)
def test_every_cost_type_has_a_swedish_label_for_the_client_and_the_caseworker(code):
    with translation.override("sv"):
        assert str(COSTS[code].label).strip()
    assert staff_label(code).strip() and staff_label(code) != code
    if code in COST_TYPES:
        assert COST_LABELS_SV.get(code, "").strip(), f"{code} lacks its term in the norm"


@pytest.mark.parametrize("code", COST_TYPES + OTHER_NEEDS)
def test_every_cost_types_words_have_an_english_translation(code):
    cost = COSTS[code]
    with translation.override("sv"):
        swedish = [str(cost.label), str(cost.hint)]
    with translation.override("en"):
        english = [str(cost.label), str(cost.hint)]
    assert english[0] != swedish[0], f"{code}: the label is not in django.po"
    assert not cost.hint or english[1] != swedish[1], f"{code}: the hint is not in django.po"


def test_every_cost_type_is_decided_under_a_decision_purpose():
    assert {cost.code: Purpose(cost.purpose) for cost in DECLARED}["union_fee"] == (
        Purpose.LIVELIHOOD
    )
    assert {COSTS[code].purpose for code in OTHER_NEEDS} == {Purpose.OTHER}


def test_the_eservice_asks_for_every_cost_on_exactly_one_step():
    asked = [*cost_types_for("boende"), *cost_types_for("kostnader"), *cost_types_for("behov")]
    assert sorted(asked) == sorted(APPLIABLE)
    assert cost_types_for("behov") == tuple(c for c in APPLIABLE if COSTS[c].group == Group.NEED)
    assert all(COSTS[c].one_off for c in cost_types_for("behov"))
