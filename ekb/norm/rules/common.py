"""Common household costs in the riksnorm (förbrukningsvaror, dagstidning, telefon ...).

By the number of persons sharing the home: the members, or ``household_size`` when larger.
Above seven persons each extra person adds the difference between the six- and seven-person
amounts (12 kap. 3 § första stycket SoF 2025:468). When more people share the home than
the application covers, the application bears its share, common costs × members ÷ persons,
rounded to whole kronor (12 kap. 3 § andra stycket, an adult sharing a home).

Members who join or leave during the month (dates): each day's common costs for the persons in
the home that day, and the household's share of them, weighed by days and rounded to whole
kronor once (the reading and why are in rules/membership.py). Amounts in labels are written
the Swedish way (``fmt_sv``: "2 330 kr").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

import numpy as np

from ekb.norm.money import ORE_PER_KRONA, fmt_sv, whole_kronor_of
from ekb.norm.result import NORM, Row
from ekb.norm.rules.arrays import to_whole_kronor
from ekb.norm.rules.context import Context
from ekb.norm.rules.membership import constellations, day_constellations

PARAM = "riksnorm/common_household_costs"
RULE_ID = "common_household_costs"
SHARE_RULE_ID = "common_household_costs_share"


def _table(value: dict) -> list[int]:
    by_size = value["by_size"]
    # [0, c1..c7, step]: index by min(size, 7), then add (size - 7) * step.
    return [0, *by_size, by_size[-1] - by_size[-2]]


def for_size(table: np.ndarray, size: Any) -> Any:
    """The table amount (öre) for ``size`` persons, extended beyond the table's last row by
    the step between its last two rows (12 kap. 3 § första stycket SoF). ``table`` is one
    month's row (``size`` a number or an array) or one row per household."""
    top = table.shape[-1] - 2
    capped = np.minimum(size, top)
    if table.ndim == 1:
        base = table[capped]
    else:
        base = np.take_along_axis(table, capped[:, None], axis=1)[:, 0]
    return base + np.maximum(size - top, 0) * table[..., -1]


def weighed_by_days(
    amount: Callable[[int], int], days: Counter[tuple[int, int]], month_days: int
) -> int:
    """Öre (whole kronor) of the month's common costs when the persons in the home change
    during the month: each day's amount for the persons in the home (``amount(size)``, öre),
    times the household's share that day, summed and divided by the days of the month,
    rounded half up to whole kronor once. Exact (fractions)."""
    total = Fraction(0)
    for (norm, home), count in days.items():
        if home:
            total += Fraction(amount(home) * norm * count, home)
    kronor = total / (month_days * ORE_PER_KRONA)
    whole = (Decimal(kronor.numerator) / Decimal(kronor.denominator)).quantize(
        Decimal(1), rounding=ROUND_HALF_UP
    )
    return int(whole) * ORE_PER_KRONA


def amounts(ctx: Context, acc: dict[str, np.ndarray]) -> dict[str, Any]:
    """The common household costs in öre per household, added to the norm: the amount for
    the persons in the home, the household's share when persons outside its norm live there
    (common × persons ÷ size, whole kronor), weighed by days when the persons change."""
    d = ctx.derived
    tables = ctx.table(PARAM, _table) * ORE_PER_KRONA
    size, persons = d["size"], d["persons"]
    # One month: index its one row, no per-household table.
    full = for_size(tables[0] if ctx.one_month else tables[ctx.hh_month], size)
    shared = size > persons
    amount = np.where(shared, to_whole_kronor(full * persons, np.where(shared, size, 1)), full)
    partial = d.get("partial_households")
    # The households where the persons in the home change during the month (few: births,
    # moves) get their days weighed one by one.
    for i, h in enumerate(() if partial is None else partial.tolist()):
        table = tables[ctx.hh_month[h]]
        days = int(d["partial_month_days"][i])

        def amount_for(n: int, t: np.ndarray = table) -> int:
            return int(for_size(t, n))

        amount[h] = weighed_by_days(amount_for, day_constellations(d, i), days)
    acc["norm"] += amount
    return {"amount": amount, "tables": tables}


def _persons(size: int) -> str:
    return "1 person" if size == 1 else f"{size} personer"


def rows(ctx: Context, _ids: Sequence[str], amounts: dict[str, Any]) -> list[Row]:
    period = ctx.period(PARAM)
    by_size = period.value["by_size"]
    table = amounts["tables"][0]
    days = constellations(ctx, 0)
    amount = whole_kronor_of(int(amounts["amount"][0]))
    reference = period.legal_reference
    # A period with a value has a legal reference (parameters/README.md).
    assert reference is not None
    if max(size for _, size in days) > len(by_size):
        reference = f"{reference}; {ctx.ref('larger_household')}"
    if len(days) > 1:
        return [_by_days_row(ctx, table, days, amount, reference, period.tag)]
    ((persons, size),) = days
    full = whole_kronor_of(int(for_size(table, size)))
    label = f"Gemensamma hushållskostnader, {_persons(size)}"
    if size > len(by_size):
        step = Decimal(by_size[-1] - by_size[-2])
        label += f" (fler än {len(by_size)}: {fmt_sv(step)} kr per extra person)"
    if size == persons:
        return [Row(NORM, None, label, amount, RULE_ID, reference, period.tag)]
    label = f"{label}, hushållets andel {persons}/{size} av {fmt_sv(full)} kr"
    reference = f"{reference}; {ctx.ref('shared_home')}"
    return [Row(NORM, None, label, amount, SHARE_RULE_ID, reference, period.tag)]


def _by_days_row(ctx, table, days, amount, reference, tag) -> Row:
    """One row for a month whose persons in the home changed, its label the days' parts."""
    parts = []
    for (persons, size), count in sorted(days.items(), key=lambda c: (-c[1], c[0])):
        full = fmt_sv(whole_kronor_of(int(for_size(table, size))))
        part = f"{count} {'dag' if count == 1 else 'dagar'} {_persons(size)} ({full} kr"
        if persons != size:
            part += f", hushållets andel {persons}/{size}"
        parts.append(part + ")")
    shared = any(persons != size for persons, size in days)
    if shared:
        reference = f"{reference}; {ctx.ref('shared_home')}"
    return Row(
        NORM,
        None,
        "Gemensamma hushållskostnader efter dagarna i hemmet: " + ", ".join(parts),
        amount,
        SHARE_RULE_ID if shared else RULE_ID,
        f"{reference}; {ctx.ref('member_days')}",
        tag,
    )
