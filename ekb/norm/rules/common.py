"""Common household costs in the riksnorm (förbrukningsvaror, dagstidning, telefon ...).

By the number of persons sharing the home: the members, or ``household_size`` when larger.
Above seven persons each extra person adds the difference between the six- and seven-person
amounts (12 kap. 3 § första stycket SoF 2025:468). When more people share the home than
the application covers, the application bears its share, common costs × members ÷ persons,
rounded to whole kronor (12 kap. 3 § andra stycket, an adult sharing a home).
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np

from ekb.norm.money import ORE_PER_KRONA, whole_kronor
from ekb.norm.result import NORM, Row
from ekb.norm.rules.arrays import to_whole_kronor
from ekb.norm.rules.context import BatchContext, MonthContext

PARAM = "riksnorm/common_household_costs"
RULE_ID = "common_household_costs"
SHARE_RULE_ID = "common_household_costs_share"


def common_amount(by_size: list[int], size: int) -> int:
    """The table amount for ``size`` persons, extended beyond the table's last row."""
    top = len(by_size)
    if size <= top:
        return by_size[size - 1]
    return by_size[-1] + (size - top) * (by_size[-1] - by_size[-2])


def rows(ctx: MonthContext) -> list[Row]:
    facts = ctx.facts
    assert facts is not None
    period = ctx.param(PARAM)
    by_size = period.value["by_size"]
    full = Decimal(common_amount(by_size, facts.size))
    reference = period.legal_reference
    label = f"Gemensamma hushållskostnader, {facts.size} personer"
    if facts.size > len(by_size):
        reference = f"{reference}; {ctx.ref('larger_household')}"
        label += f" (fler än {len(by_size)}: {by_size[-1] - by_size[-2]} kr per extra person)"
    if facts.size == facts.persons:
        return [Row(NORM, None, label, full, RULE_ID, reference, period.tag)]
    share = whole_kronor(full * facts.persons / facts.size)
    return [
        Row(
            NORM,
            None,
            f"{label}, hushållets andel {facts.persons}/{facts.size} av {full} kr",
            share,
            SHARE_RULE_ID,
            f"{reference}; {ctx.ref('shared_home')}",
            period.tag,
        )
    ]


def _table(value: dict) -> list[int]:
    by_size = value["by_size"]
    # [0, c1..c7, step]: index by min(size, 7), then add (size - 7) * step.
    return [0, *by_size, by_size[-1] - by_size[-2]]


def vector(ctx: BatchContext, acc: dict[str, np.ndarray]) -> None:
    d = ctx.derived
    tables = ctx.table(PARAM, _table) * ORE_PER_KRONA
    top = tables.shape[1] - 2
    size, persons = d["size"], d["persons"]
    if ctx.months.size == 1:  # one month: index the one row, no per-household table
        table = tables[0]
        base, step = table[np.minimum(size, top)], table[-1]
    else:
        table = tables[ctx.hh_month]
        base = np.take_along_axis(table, np.minimum(size, top)[:, None], axis=1)[:, 0]
        step = table[:, -1]
    full = base + np.maximum(size - top, 0) * step
    shared = size > persons
    share = to_whole_kronor(full * persons, np.where(shared, size, 1))
    acc["norm"] += np.where(shared, share, full)
