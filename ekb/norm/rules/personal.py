"""Personal costs in the riksnorm: adults and children.

Adults: a cohabiting applicant and co-applicant get the sambo amount together; otherwise each
adult gets the ensamstående amount. Children: the amount of their age band, the lower
"utan lunch" amount for a child 0–6 who does not eat lunch at home, and pro rata by days for
a child who lives in the household part of the month (SOSFS 2013:1: costs by the number of
days with each parent), rounded to whole kronor.
Sources: 12 kap. 2 § SoF (2025:468); before 2025-07-01 2 kap. 1 § SoF (2001:937).
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np

from ekb.norm.money import ORE_PER_KRONA, whole_kronor
from ekb.norm.result import NORM, Row
from ekb.norm.rules.arrays import sum_by, to_whole_kronor
from ekb.norm.rules.context import BatchContext, MonthContext

ADULTS = "riksnorm/adults"
CHILDREN = "riksnorm/children"
ADULT_RULE = "personal_costs_adults"
CHILD_RULE = "personal_costs_children"
PRORATA_RULE = "personal_costs_children_prorata"


def _band(bands: list[dict], age: int) -> dict:
    for band in bands:
        if band["min_age"] <= age <= band["max_age"]:
            return band
    raise LookupError(f"no riksnorm age band for age {age}")


def child_amount(bands: list[dict], age: int, lunch_at_home: bool) -> tuple[int, str]:
    """The monthly amount for a child of ``age`` and the Swedish label of its column."""
    band = _band(bands, age)
    if not lunch_at_home and band["without_lunch"] is not None:
        return band["without_lunch"], f"barn {band['label']}, utan lunch"
    return band["amount"], f"barn {band['label']}"


def adult_rows(ctx: MonthContext) -> list[Row]:
    hh = ctx.household
    period = ctx.param(ADULTS)
    adults = [m for m in hh.members if not m.is_child]
    if hh.cohabiting:
        names = " och ".join(m.id for m in adults)
        return [
            Row(
                NORM,
                None,
                f"Personliga kostnader, sambor ({names})",
                Decimal(period.value["cohabiting"]),
                ADULT_RULE,
                period.legal_reference,
                period.tag,
            )
        ]
    return [
        Row(
            NORM,
            m.id,
            f"Personliga kostnader, ensamstående ({m.id})",
            Decimal(period.value["single"]),
            ADULT_RULE,
            period.legal_reference,
            period.tag,
        )
        for m in adults
    ]


def child_rows(ctx: MonthContext) -> list[Row]:
    hh, facts = ctx.household, ctx.facts
    assert facts is not None
    period = ctx.param(CHILDREN)
    rows = []
    for m in hh.members:
        if not m.is_child or m.id not in facts.counted:
            continue
        amount, label = child_amount(period.value["bands"], facts.ages[m.id], m.lunch_at_home)
        full = Decimal(amount)
        days, month_days = m.days_in_household, ctx.month_days
        if days is not None and days < month_days:
            rows.append(
                Row(
                    NORM,
                    m.id,
                    f"Personliga kostnader, {label} ({m.id}), {days} av {month_days} dagar",
                    whole_kronor(full * days / month_days),
                    PRORATA_RULE,
                    f"{period.legal_reference}; {ctx.ref('prorata_days')}",
                    period.tag,
                )
            )
        else:
            rows.append(
                Row(
                    NORM,
                    m.id,
                    f"Personliga kostnader, {label} ({m.id})",
                    full,
                    CHILD_RULE,
                    period.legal_reference,
                    period.tag,
                )
            )
    return rows


def _child_table(value: dict) -> list[list[int]]:
    """Öre per completed age 0..(last band) and lunch column (0: with lunch, 1: without)."""
    top = max(b["max_age"] for b in value["bands"])
    table = []
    for age in range(top + 1):
        with_lunch, _ = child_amount(value["bands"], age, True)
        without, _ = child_amount(value["bands"], age, False)
        table.append([with_lunch * ORE_PER_KRONA, without * ORE_PER_KRONA])
    return table


def vector(ctx: BatchContext, acc: dict[str, np.ndarray]) -> None:
    b, d = ctx.batch, ctx.derived
    mh, u = b.member_household, ctx.hh_month
    adults = ctx.table(ADULTS, lambda v: [v["single"], v["cohabiting"]]) * ORE_PER_KRONA
    children = ctx.table(CHILDREN, _child_table)
    single_month = ctx.months.size == 1  # the usual month-end batch: scalars, no gathers
    is_adult = b.member_role != 2
    # Adults: ensamstående per adult unless the household is cohabiting, then one sambo amount.
    single = is_adult & ~b.cohabiting[mh]
    single_amount = adults[0, 0] if single_month else adults[u[mh], 0]
    household = np.where(b.cohabiting, adults[0, 1] if single_month else adults[u, 1], 0)
    # Children who belong to the household this month.
    child = ~is_adult & d["counted"]
    age = np.minimum(d["age"], children.shape[1] - 1)
    without_lunch = ~b.lunch_at_home
    if single_month:
        amount = children[0].ravel()[2 * age + without_lunch]
        month_days = int(b.month_days()[0])
    else:
        amount = children[u[mh], age, without_lunch.astype(np.int64)]
        month_days = b.month_days()[mh]
    days = b.days_in_household
    partial = child & (days > 0) & (days < month_days)
    if partial.any():
        rows = np.flatnonzero(partial)
        whole = month_days if single_month else month_days[rows]
        amount[rows] = to_whole_kronor(amount[rows] * days[rows], whole)
    per_member = np.where(single, single_amount, np.where(child, amount, 0))
    acc["norm"] += household + sum_by(mh, per_member, b.n)
