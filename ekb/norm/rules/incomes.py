"""Incomes: counted in full, except a child's earnings up to one prisbasbelopp a year.

Every income of a member who belongs to the household counts (4 kap. 1 § SoL 2001:453;
12 kap. 1 § SoL 2025:400): each income type and why it counts in full is listed, with its
source, in ``parameters/income/income_types.yaml``. A member who joins or leaves during the
month: the income reported for the month counts as reported (the case flow reports what the
member had while in the household).

The income of a young adult of 18–20 who is not in school (membership.py) is not counted:
they are not a member of the parents' household for the norm (7 kap. 1 § föräldrabalken,
SOSFS 2013:1), so their income is theirs, not the household's; an info row says so. Earned income of a child living at home is not counted up to
``prisbasbelopp_multiple`` prisbasbelopp per calendar year (earned before this month plus
this month); the part above is counted (4 kap. 1 a § SoL 2001:453, SFS 2013:421).

One exception to "an excluded member's income is not counted": a rent contribution
(``rent_contribution``, hyresdel), what a lodger or another adult pays towards the housing
cost, is paid to the household, so it counts in full on whichever member it is recorded
(12 kap. 1 § SoL 2025:400; the rent itself is a reasonable cost in full, costs.py; the
reading and its sources are in income_types.yaml).
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np

from ekb.norm.money import ORE_PER_KRONA, ZERO, fmt_sv, whole_ore
from ekb.norm.result import EXEMPTION, INCOME, INFO, Row
from ekb.norm.rules.arrays import round_div_half_up, sum_by
from ekb.norm.rules.context import BatchContext, MonthContext
from ekb.norm.vocabulary import (
    CHILD_EARNINGS,
    INCOME_LABELS_SV,
    INCOME_TYPES,
    RENT_CONTRIBUTION,
)

RULE_ID = "income_counted"
EXEMPT_RULE_ID = "child_earnings_exemption"
EXEMPTION_PARAM = "income/child_earnings_exemption"
PBB_PARAM = "prisbasbelopp"
_CHILD_EARNINGS_CODE = INCOME_TYPES.index(CHILD_EARNINGS)
_RENT_CONTRIBUTION_CODE = INCOME_TYPES.index(RENT_CONTRIBUTION)


def rows(ctx: MonthContext) -> list[Row]:
    facts = ctx.facts
    assert facts is not None
    reference = ctx.ref("income_counted")
    out = []
    for income in ctx.household.incomes:
        label = INCOME_LABELS_SV[income.type]
        if income.member in facts.counted or income.type == RENT_CONTRIBUTION:
            out.append(
                Row(
                    INCOME,
                    income.member,
                    label,
                    income.amount,
                    f"{RULE_ID}.{income.type}",
                    reference,
                )
            )
        else:
            out.append(
                Row(
                    INFO,
                    income.member,
                    f"{label}: räknas inte, personen ingår inte i föräldrarnas hushåll "
                    "(ingen försörjningsplikt)",
                    ZERO,
                    f"{RULE_ID}.{income.type}",
                    ctx.ref("household_membership"),
                )
            )
    return out


def exempt_part(amount: Decimal, earned_before: Decimal, limit: Decimal) -> Decimal:
    """How much of this month's child earnings stays under the yearly limit."""
    return min(amount, max(ZERO, limit - earned_before))


def exemption_rows(ctx: MonthContext) -> list[Row]:
    facts = ctx.facts
    assert facts is not None
    child_incomes = [
        x for x in ctx.household.incomes if x.type == CHILD_EARNINGS and x.member in facts.counted
    ]
    if not child_incomes:
        return []
    rule = ctx.param(EXEMPTION_PARAM)
    pbb = ctx.param(PBB_PARAM)
    limit = whole_ore(Decimal(pbb.value["amount"]) * Decimal(rule.value["prisbasbelopp_multiple"]))
    out = []
    for x in child_incomes:
        exempt = exempt_part(x.amount, x.earned_this_year_before, limit)
        if exempt:
            out.append(
                Row(
                    EXEMPTION,
                    x.member,
                    f"Barns arbetsinkomst som inte räknas: upp till {fmt_sv(limit)} kr "
                    f"per kalenderår, tidigare i år {fmt_sv(x.earned_this_year_before)} kr",
                    -exempt,
                    EXEMPT_RULE_ID,
                    f"{rule.legal_reference}; prisbasbelopp {pbb.legal_reference}",
                    f"{rule.tag}; {pbb.tag}",
                )
            )
    return out


def _limit_ore(value: dict) -> list[int]:
    num, den = Decimal(value["prisbasbelopp_multiple"]).as_integer_ratio()
    return [num, den]


def vector(ctx: BatchContext, acc: dict[str, np.ndarray]) -> None:
    b, d = ctx.batch, ctx.derived
    counted = d["counted"][b.income_member] | (b.income_type == _RENT_CONTRIBUTION_CODE)
    amount = np.where(counted, b.income_ore, 0)
    acc["income"] += sum_by(b.income_household, amount, b.n)
    is_child = counted & (b.income_type == _CHILD_EARNINGS_CODE)
    if not is_child.any():
        return
    rows = np.flatnonzero(is_child)
    hh = b.income_household[rows]
    # Only the months that have child earnings need a prisbasbelopp (the parameter may be a gap
    # in a year where no child earns anything).
    sub = BatchContext(b, ctx.store, ctx.months, ctx.hh_month)
    needed = np.unique(ctx.hh_month[hh])
    sub.months = ctx.months[needed]
    remap = np.full(ctx.months.size, -1, dtype=np.int64)
    remap[needed] = np.arange(needed.size)
    month_row = remap[ctx.hh_month[hh]]
    pbb = sub.table(PBB_PARAM, lambda v: v["amount"]) * ORE_PER_KRONA
    multiple = sub.table(EXEMPTION_PARAM, _limit_ore)
    num, den = multiple[month_row, 0], multiple[month_row, 1]
    limit = round_div_half_up(pbb[month_row] * num, den)
    exempt = np.minimum(b.income_ore[rows], np.maximum(0, limit - b.income_earned_before_ore[rows]))
    acc["exemption"] -= sum_by(hh, exempt, b.n)
