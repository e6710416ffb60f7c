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

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import numpy as np

from ekb.norm.money import ORE_PER_KRONA, ZERO, fmt_sv, from_ore
from ekb.norm.result import EXEMPTION, INCOME, INFO, Row
from ekb.norm.rules.arrays import round_div_half_up, sum_by
from ekb.norm.rules.context import Context
from ekb.norm.vocabulary import CHILD_EARNINGS, INCOME_LABELS_SV, INCOME_TYPES, RENT_CONTRIBUTION

RULE_ID = "income_counted"
EXEMPT_RULE_ID = "child_earnings_exemption"
EXEMPTION_PARAM = "income/child_earnings_exemption"
PBB_PARAM = "prisbasbelopp"
_CHILD_EARNINGS_CODE = INCOME_TYPES.index(CHILD_EARNINGS)
_RENT_CONTRIBUTION_CODE = INCOME_TYPES.index(RENT_CONTRIBUTION)


def _multiple(value: dict) -> list[int]:
    num, den = Decimal(value["prisbasbelopp_multiple"]).as_integer_ratio()
    return [num, den]


def amounts(ctx: Context, acc: dict[str, np.ndarray]) -> dict[str, Any]:
    """The counted incomes, and the part of a child's earnings under the yearly limit
    (``prisbasbelopp_multiple`` × prisbasbelopp, whole öre, earned before this month plus
    this month), in öre."""
    b, d = ctx.batch, ctx.derived
    counted = d["counted"][b.income_member] | (b.income_type == _RENT_CONTRIBUTION_CODE)
    acc["income"] += sum_by(b.income_household, np.where(counted, b.income_ore, 0), b.n)
    out: dict[str, Any] = {"counted": counted, "exempt": None}
    is_child = counted & (b.income_type == _CHILD_EARNINGS_CODE)
    if not is_child.any():
        return out
    rows = np.flatnonzero(is_child)
    hh = b.income_household[rows]
    # Only the months that have child earnings need a prisbasbelopp (the parameter may be a gap
    # in a year where no child earns anything).
    needed = np.zeros(ctx.months.size, dtype=bool)
    needed[ctx.hh_month[hh]] = True
    pbb = ctx.table(PBB_PARAM, lambda v: v["amount"], needed=needed) * ORE_PER_KRONA
    multiple = ctx.table(EXEMPTION_PARAM, _multiple, needed=needed)
    month = ctx.hh_month[hh]
    limit = round_div_half_up(pbb[month] * multiple[month, 0], multiple[month, 1])
    exempt = np.minimum(b.income_ore[rows], np.maximum(0, limit - b.income_earned_before_ore[rows]))
    acc["exemption"] -= sum_by(hh, exempt, b.n)
    out["exempt"] = (rows, exempt, limit)  # per child's earnings: income row, öre, limit
    return out


def rows(ctx: Context, ids: Sequence[str], amounts: dict[str, Any]) -> list[Row]:
    """A row per income (counted, or an info row saying why not), then a row per child's
    earnings with the part that is not counted."""
    b = ctx.batch
    reference = ctx.ref(RULE_ID)
    members = [ids[r] for r in b.income_member.tolist()]
    out = []
    for i, (member, code) in enumerate(zip(members, b.income_type.tolist(), strict=True)):
        kind = INCOME_TYPES[code]
        label = INCOME_LABELS_SV[kind]
        rule_id = f"{RULE_ID}.{kind}"
        if amounts["counted"][i]:
            amount = from_ore(int(b.income_ore[i]))
            out.append(Row(INCOME, member, label, amount, rule_id, reference))
        else:
            label += ": räknas inte, personen ingår inte i föräldrarnas hushåll "
            label += "(ingen försörjningsplikt)"
            why = ctx.ref("household_membership")
            out.append(Row(INFO, member, label, ZERO, rule_id, why))
    if amounts["exempt"] is None:
        return out
    rule, pbb = ctx.period(EXEMPTION_PARAM), ctx.period(PBB_PARAM)
    for i, exempt, limit in zip(*(a.tolist() for a in amounts["exempt"]), strict=True):
        if not exempt:
            continue
        before = from_ore(int(b.income_earned_before_ore[i]))
        out.append(
            Row(
                EXEMPTION,
                members[i],
                f"Barns arbetsinkomst som inte räknas: upp till "
                f"{fmt_sv(from_ore(limit))} kr per kalenderår, "
                f"tidigare i år {fmt_sv(before)} kr",
                -from_ore(exempt),
                EXEMPT_RULE_ID,
                f"{rule.legal_reference}; prisbasbelopp {pbb.legal_reference}",
                f"{rule.tag}; {pbb.tag}",
            )
        )
    return out
