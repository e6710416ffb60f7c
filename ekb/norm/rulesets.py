"""Rule sets: which rules apply, in which order. ``parameters/rulesets.yaml`` dates them.

A reform is a new rule set (reusing the rules that stay, adding or replacing others) plus
a line in rulesets.yaml saying from which month it applies; earlier months keep
calculating with the rule set that was in force then.

A rule is written once, over arrays (``ekb.norm.rules``): ``amounts(ctx, acc)`` adds its
öre to the running totals of every household in the batch (``acc``: norm, costs, income,
exemption) and returns what it found; ``rows(ctx, ids, found)`` explains one
household calculated alone (``ids``: its members' ids) from that, row by row. The rows never calculate an amount of
their own, and the engine checks that they add up to the totals.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ekb.norm.result import Row
from ekb.norm.rules import common, costs, incomes, jobbstimulans, membership, personal
from ekb.norm.rules.context import Context

Amounts = Callable[[Context, dict[str, np.ndarray]], Any]
Rows = Callable[[Context, Sequence[str], Any], list[Row]]


@dataclass(frozen=True)
class Rule:
    id: str
    amounts: Amounts
    rows: Rows


@dataclass(frozen=True)
class RuleSet:
    id: str
    version: str
    rules: tuple[Rule, ...]


def _no_amounts(ctx: Context, acc: dict[str, np.ndarray]) -> None:
    """Membership is calculated before the rules (``membership.facts``); its rule only
    explains who is not in the norm."""


RIKSNORM_V1 = RuleSet(
    id="riksnorm-v1",
    version="1.0.0",
    rules=(
        Rule("personal_costs", personal.amounts, personal.rows),
        Rule("common_household_costs", common.amounts, common.rows),
        Rule("reasonable_costs", costs.amounts, costs.rows),
        Rule("income_counted", incomes.amounts, incomes.rows),
        Rule("jobbstimulans", jobbstimulans.amounts, jobbstimulans.rows),
        Rule("household_membership", _no_amounts, membership.rows),
    ),
)

RULESETS: Mapping[str, RuleSet] = {RIKSNORM_V1.id: RIKSNORM_V1}
