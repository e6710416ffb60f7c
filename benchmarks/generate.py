"""Generated household-months for the norm benchmark, straight into the columnar format.

Deterministic for a seed. The mix is a plausible month-end batch (single adults, couples,
families of up to eight children, part-month children, school youths, salaries and
benefits, rent and other costs, support histories of up to eight years); it is not a
statistical model of Swedish recipients.
"""

from __future__ import annotations

import numpy as np

from ekb.norm import Batch
from ekb.norm.months import month_ordinal
from ekb.norm.vocabulary import COST_TYPES, INCOME_TYPES


def _repeat_index(counts: np.ndarray) -> np.ndarray:
    return np.repeat(np.arange(counts.size, dtype=np.int64), counts)


def generate_batch(n: int, seed: int = 2026, year: int = 2026, month: int = 3) -> Batch:
    rng = np.random.default_rng(seed)
    ordinal = month_ordinal(year, month)
    months = np.full(n, ordinal, dtype=np.int32)
    month_start = np.datetime64(f"{year:04d}-{month:02d}-01")
    month_days = int(
        (
            (np.datetime64(f"{year:04d}-{month:02d}") + 1).astype("datetime64[D]") - month_start
        ).astype(np.int64)
    )

    adults = 1 + (rng.random(n) < 0.35)
    cohabiting = (adults == 2) & (rng.random(n) < 0.8)
    children = rng.choice([0, 1, 2, 3, 4, 5, 8], size=n, p=[0.45, 0.2, 0.17, 0.1, 0.05, 0.02, 0.01])
    per_household = adults + children
    member_household = _repeat_index(per_household)
    m = member_household.size
    first = np.concatenate(([0], np.cumsum(per_household)[:-1]))
    position = np.arange(m) - first[member_household]
    role = np.where(position == 0, 0, np.where(position < adults[member_household], 1, 2)).astype(
        np.int8
    )
    is_child = role == 2

    adult_age_days = rng.integers(19 * 365, 75 * 365, size=m)
    child_age_days = rng.integers(0, 21 * 365 - 2, size=m)  # under 21 on the first of the month
    age_days = np.where(is_child, child_age_days, adult_age_days)
    birth = month_start - age_days.astype("timedelta64[D]")
    lunch = ~is_child | (rng.random(m) < 0.6)
    partial = is_child & (rng.random(m) < 0.2)
    days = np.where(partial, rng.integers(1, month_days, size=m), 0).astype(np.int16)
    in_school = is_child & (rng.random(m) < 0.7)

    size = np.where(rng.random(n) < 0.05, per_household + rng.integers(1, 4, size=n), 0).astype(
        np.int16
    )

    # Incomes: per adult a salary (30 %) and a benefit (50 %); child allowance for families,
    # child earnings for 5 % of children.
    salary_type = INCOME_TYPES.index("salary")
    benefit_types = np.array(
        [
            INCOME_TYPES.index(t)
            for t in (
                "unemployment_benefit",
                "sickness_benefit",
                "activity_support",
                "housing_allowance",
                "other",
            )
        ]
    )
    adult_rows = np.flatnonzero(~is_child)
    child_rows = np.flatnonzero(is_child)
    salaried = adult_rows[rng.random(adult_rows.size) < 0.3]
    benefited = adult_rows[rng.random(adult_rows.size) < 0.5]
    allowance = np.flatnonzero(is_child & (position == adults[member_household]))
    earning = child_rows[rng.random(child_rows.size) < 0.05]
    inc_member = np.concatenate((salaried, benefited, allowance, earning))
    inc_type = np.concatenate(
        (
            np.full(salaried.size, salary_type),
            rng.choice(benefit_types, size=benefited.size),
            np.full(allowance.size, INCOME_TYPES.index("child_allowance")),
            np.full(earning.size, INCOME_TYPES.index("child_salary")),
        )
    ).astype(np.int8)
    inc_ore = np.concatenate(
        (
            rng.integers(100_000, 1_500_000, size=salaried.size),
            rng.integers(50_000, 1_200_000, size=benefited.size),
            np.full(allowance.size, 125_000),
            rng.integers(50_000, 800_000, size=earning.size),
        )
    )
    before = np.concatenate(
        (
            np.zeros(salaried.size + benefited.size + allowance.size, dtype=np.int64),
            rng.integers(0, 7_000_000, size=earning.size),
        )
    )
    order = np.argsort(inc_member, kind="stable")  # ordered by household, as a query would return
    inc_member, inc_type, inc_ore, before = (
        inc_member[order],
        inc_type[order],
        inc_ore[order],
        before[order],
    )

    # Costs: rent always, electricity 70 %, home insurance 50 %, one other cost 10 %.
    extra = rng.integers(3, len(COST_TYPES), size=n)
    has = np.stack(
        (np.ones(n, bool), rng.random(n) < 0.7, rng.random(n) < 0.5, rng.random(n) < 0.1), axis=1
    )
    kinds = np.stack((np.zeros(n, int), np.ones(n, int), np.full(n, 2), extra), axis=1)
    cost_household = np.repeat(np.arange(n), has.sum(axis=1))
    cost_type = kinds[has].astype(np.int8)
    cost_ore = np.where(
        cost_type == 0,
        rng.integers(300_000, 1_200_000, size=cost_type.size),
        rng.integers(5_000, 150_000, size=cost_type.size),
    )

    # Support history: a run of up to 40 months ending 0–10 months ago; 1 % with 6–8 years.
    run = rng.integers(0, 41, size=n)
    run = np.where(rng.random(n) < 0.01, rng.integers(70, 100, size=n), run)
    gap = rng.integers(0, 11, size=n)
    support_household = _repeat_index(run)
    first_run = np.concatenate(([0], np.cumsum(run)[:-1]))
    step = np.arange(support_household.size) - first_run[support_household]
    support_month = (ordinal - 1 - gap[support_household] - step).astype(np.int32)

    return Batch(
        month=months,
        cohabiting=cohabiting,
        household_size=size,
        member_household=member_household,
        member_role=role,
        birth_date=birth,
        lunch_at_home=lunch,
        days_in_household=days,
        in_school=in_school,
        income_household=member_household[inc_member],
        income_member=inc_member.astype(np.int64),
        income_type=inc_type,
        income_ore=inc_ore.astype(np.int64),
        income_earned_before_ore=before.astype(np.int64),
        cost_household=cost_household.astype(np.int64),
        cost_type=cost_type,
        cost_ore=cost_ore.astype(np.int64),
        support_household=support_household,
        support_month=support_month,
    )


def to_dicts(batch: Batch, start: int, stop: int) -> list[dict]:
    """Households start..stop-1 of a batch as household-month dicts (contract v1)."""
    from ekb.norm.months import ordinal_label
    from ekb.norm.vocabulary import ROLES

    def rows_of(owner: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        lo, hi = np.searchsorted(owner, start), np.searchsorted(owner, stop)
        return lo, hi

    out = [
        {
            "month": ordinal_label(int(batch.month[h])),
            "cohabiting": bool(batch.cohabiting[h]),
            "members": [],
            "costs": [],
            "incomes": [],
            "support_history": [],
        }
        for h in range(start, stop)
    ]
    for h in range(start, stop):
        if batch.household_size[h]:
            out[h - start]["household_size"] = int(batch.household_size[h])
    lo, hi = rows_of(batch.member_household)
    for r in range(lo, hi):
        member = {
            "id": f"m{r}",
            "role": ROLES[batch.member_role[r]],
            "birth_date": str(batch.birth_date[r]),
        }
        if batch.member_role[r] == 2:
            member["lunch_at_home"] = bool(batch.lunch_at_home[r])
            member["in_school"] = bool(batch.in_school[r])
            if batch.days_in_household[r]:
                member["days_in_household"] = int(batch.days_in_household[r])
        out[batch.member_household[r] - start]["members"].append(member)
    lo, hi = rows_of(batch.income_household)
    for r in range(lo, hi):
        income = {
            "member": f"m{batch.income_member[r]}",
            "type": INCOME_TYPES[batch.income_type[r]],
            "amount": f"{batch.income_ore[r] / 100:.2f}",
        }
        if INCOME_TYPES[batch.income_type[r]] == "child_salary":
            income["earned_this_year_before"] = f"{batch.income_earned_before_ore[r] / 100:.2f}"
        out[batch.income_household[r] - start]["incomes"].append(income)
    lo, hi = rows_of(batch.cost_household)
    for r in range(lo, hi):
        out[batch.cost_household[r] - start]["costs"].append(
            {"type": COST_TYPES[batch.cost_type[r]], "amount": f"{batch.cost_ore[r] / 100:.2f}"}
        )
    lo, hi = rows_of(batch.support_household)
    for r in range(lo, hi):
        out[batch.support_household[r] - start]["support_history"].append(
            ordinal_label(int(batch.support_month[r]))
        )
    return out
