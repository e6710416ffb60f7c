"""Rule sets: which rules apply, in which order. ``parameters/rulesets.yaml`` dates them.

A reform is a new rule set (reusing the rules that stay, adding or replacing others) plus
a line in rulesets.yaml saying from which month it applies; earlier months keep
calculating with the rule set that was in force then.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from ekb.norm.result import Row
from ekb.norm.rules import common, costs, incomes, jobbstimulans, membership, personal
from ekb.norm.rules.context import BatchContext, MonthContext

ScalarRule = Callable[[MonthContext], list[Row]]
VectorRule = Callable[[BatchContext, dict[str, np.ndarray]], None]


@dataclass(frozen=True)
class Rule:
    id: str
    rows: ScalarRule
    vector: VectorRule


@dataclass(frozen=True)
class RuleSet:
    id: str
    version: str
    rules: tuple[Rule, ...]


RIKSNORM_V1 = RuleSet(
    id="riksnorm-v1",
    version="1.0.0",
    rules=(
        Rule("personal_costs_adults", personal.adult_rows, lambda ctx, acc: None),
        Rule("personal_costs_children", personal.child_rows, personal.vector),
        Rule("common_household_costs", common.rows, common.vector),
        Rule("reasonable_costs", costs.rows, costs.vector),
        Rule("income_counted", incomes.rows, incomes.vector),
        Rule("child_earnings_exemption", incomes.exemption_rows, lambda ctx, acc: None),
        Rule("jobbstimulans", jobbstimulans.rows, jobbstimulans.vector),
        Rule("household_membership", membership.rows, lambda ctx, acc: None),
    ),
)
# personal.vector covers adults and children in one pass, and incomes.vector covers the
# child earnings exemption, so those rules have no separate vector step.

RULESETS: Mapping[str, RuleSet] = {RIKSNORM_V1.id: RIKSNORM_V1}
