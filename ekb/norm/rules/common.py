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
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import numpy as np

from ekb.norm.money import ORE_PER_KRONA, fmt_sv, whole_kronor
from ekb.norm.result import NORM, Row
from ekb.norm.rules.arrays import to_whole_kronor
from ekb.norm.rules.context import BatchContext, MonthContext
from ekb.norm.rules.membership import day_constellations

PARAM = "riksnorm/common_household_costs"
RULE_ID = "common_household_costs"
SHARE_RULE_ID = "common_household_costs_share"


def common_amount(by_size: list[int], size: int) -> int:
    """The table amount for ``size`` persons, extended beyond the table's last row."""
    top = len(by_size)
    if size <= top:
        return by_size[size - 1]
    return by_size[-1] + (size - top) * (by_size[-1] - by_size[-2])


def _share(by_size: list[int], persons: int, size: int) -> Decimal:
    """The household's part of the common costs when ``persons`` of ``size`` are in its norm."""
    full = Decimal(common_amount(by_size, size))
    return full if persons == size else whole_kronor(full * persons / size)


def weighed_by_days(
    amount: Callable[[int], int],
    constellations: Counter[tuple[int, int]],
    month_days: int,
    unit: int = 1,
) -> int:
    """Whole units (kronor, or öre ÷ 100) of the month's common costs when the persons in the home change during the month: each
    day's amount for the persons in the home (``amount(size)``, in ``unit``s: 1 for kronor,
    100 for öre), times the household's share that day, summed and divided by the days of the
    month, rounded half up to whole kronor once and returned in ``unit``s. Exact (fractions),
    so the one-household and the batch paths agree."""
    total = Fraction(0)
    for (norm, home), days in constellations.items():
        if home:
            total += Fraction(amount(home) * norm * days, home)
    kronor = total / (month_days * unit)
    whole = (Decimal(kronor.numerator) / Decimal(kronor.denominator)).quantize(
        Decimal(1), rounding=ROUND_HALF_UP
    )
    return int(whole) * unit


def rows(ctx: MonthContext) -> list[Row]:
    facts = ctx.facts
    assert facts is not None
    period = ctx.param(PARAM)
    by_size = period.value["by_size"]
    constellations = day_constellations(
        facts.days, set(facts.counted), ctx.household.household_size or 0, ctx.month_days
    )
    reference = period.legal_reference
    if max(size for _, size in constellations) > len(by_size):
        reference = f"{reference}; {ctx.ref('larger_household')}"
    if len(constellations) > 1:
        return [_by_days_row(ctx, by_size, constellations, reference, period.tag)]
    ((persons, size),) = constellations
    full = Decimal(common_amount(by_size, size))
    label = f"Gemensamma hushållskostnader, {_persons(size)}"
    if size > len(by_size):
        step = Decimal(by_size[-1] - by_size[-2])
        label += f" (fler än {len(by_size)}: {fmt_sv(step)} kr per extra person)"
    if size == persons:
        return [Row(NORM, None, label, full, RULE_ID, reference, period.tag)]
    return [
        Row(
            NORM,
            None,
            f"{label}, hushållets andel {persons}/{size} av {fmt_sv(full)} kr",
            _share(by_size, persons, size),
            SHARE_RULE_ID,
            f"{reference}; {ctx.ref('shared_home')}",
            period.tag,
        )
    ]


def _persons(size: int) -> str:
    return "1 person" if size == 1 else f"{size} personer"


def _by_days_row(ctx, by_size, constellations, reference, tag) -> Row:
    """One row for a month whose persons in the home changed, its label the days' parts."""
    parts = []
    for (persons, size), days in sorted(constellations.items(), key=lambda c: (-c[1], c[0])):
        amount = fmt_sv(Decimal(common_amount(by_size, size)))
        part = f"{days} {'dag' if days == 1 else 'dagar'} {_persons(size)} ({amount} kr"
        if persons != size:
            part += f", hushållets andel {persons}/{size}"
        parts.append(part + ")")
    amount = weighed_by_days(
        lambda size: common_amount(by_size, size), constellations, ctx.month_days
    )
    shared = any(persons != size for persons, size in constellations)
    if shared:
        reference = f"{reference}; {ctx.ref('shared_home')}"
    return Row(
        NORM,
        None,
        "Gemensamma hushållskostnader efter dagarna i hemmet: " + ", ".join(parts),
        Decimal(amount),
        SHARE_RULE_ID if shared else RULE_ID,
        f"{reference}; {ctx.ref('member_days')}",
        tag,
    )


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
    amount = np.where(shared, share, full)
    if d.get("partial_households") is not None:
        _weigh_partial_households(ctx, tables, top, amount)
    acc["norm"] += amount


def _weigh_partial_households(
    ctx: BatchContext, tables: np.ndarray, top: int, amount: np.ndarray
) -> None:
    """The households where the persons in the home change during the month (few: births,
    moves) get their days weighed one by one, by the same function as the one-household path."""
    d = ctx.derived
    households = d["partial_households"]
    for i, h in enumerate(households.tolist()):
        table = tables[0] if ctx.months.size == 1 else tables[ctx.hh_month[h]]
        month_days = int(d["partial_month_days"][i])
        days = Counter(
            zip(
                d["day_norm"][i, :month_days].tolist(),
                d["day_home"][i, :month_days].tolist(),
                strict=True,
            )
        )

        def in_ore(size: int, table=table) -> int:
            return int(table[min(size, top)] + max(size - top, 0) * table[-1])

        amount[h] = weighed_by_days(in_ore, days, month_days, unit=ORE_PER_KRONA)
