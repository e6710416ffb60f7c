"""Who belongs to the household this month, and how many persons share the home.

Age is completed years on the first day of the month. A child from
``school_required_from_age`` (19) belongs to the household only while in school; a child of
``adult_from_age`` (21) or more is an error: an adult applies as an adult. Source: SOSFS
2013:1 (children and youths under 21 whom the parents must support) and 4 kap. 1 a § SoL
(2001:453) on school youths under 21.
"""

from __future__ import annotations

import numpy as np

from ekb.norm.errors import HouseholdError
from ekb.norm.money import ZERO
from ekb.norm.months import age_on_first_of_month, ordinal_label
from ekb.norm.result import INFO, Row
from ekb.norm.rules.arrays import civil_from_days
from ekb.norm.rules.context import BatchContext, Facts, MonthContext

RULE_ID = "household_membership"
_EPOCH_MONTH = 1970 * 12  # datetime64[M] counts months from 1970-01
PARAM = "riksnorm/household_membership"


def _child_too_old(path: str, age: int, limit: int, month: str) -> HouseholdError:
    return HouseholdError(
        path,
        f"a child aged {age} in {month} is {limit} or older; an adult applies as an adult",
        f"ett barn som är {age} år i {month} har fyllt {limit}; en vuxen söker som vuxen",
    )


def facts(ctx: MonthContext) -> Facts:
    hh = ctx.household
    limits = ctx.param(PARAM).value
    ages: dict[str, int] = {}
    counted: list[str] = []
    excluded: dict[str, str] = {}
    for i, m in enumerate(hh.members):
        # Born during the calculation month: age 0 (the month is already validated).
        age = max(0, age_on_first_of_month(m.birth_date, hh.month))
        ages[m.id] = age
        if m.is_child and age >= limits["adult_from_age"]:
            raise _child_too_old(
                f"members[{i}].birth_date", age, limits["adult_from_age"], ctx.month_label
            )
        if m.is_child and age >= limits["school_required_from_age"] and not m.in_school:
            excluded[m.id] = f"{m.id} är {age} år och går inte i skolan; räknas inte till hushållet"
            continue
        counted.append(m.id)
    persons = len(counted)
    size = max(persons, hh.household_size or 0)
    return Facts(ages, tuple(counted), excluded, persons, size)


def rows(ctx: MonthContext) -> list[Row]:
    assert ctx.facts is not None
    period = ctx.used[PARAM]
    return [
        Row(INFO, member, reason, ZERO, RULE_ID, ctx.ref("household_membership"), period.tag)
        for member, reason in ctx.facts.excluded.items()
    ]


def _ages(month: np.ndarray, births: np.ndarray) -> np.ndarray:
    """Completed years on the first of ``month`` (ordinals) for births in days since 1970:
    whole months from the birth month to this month, one fewer if born after the 1st, in
    years; born during the month counts as 0."""
    by, bmon, bday = civil_from_days(births)
    return np.maximum((month - (by * 12 + bmon - 1) - (bday > 1)) // 12, 0)


_AGE_TABLE_YEARS = 130


def _ages_in_month(month: int, births: np.ndarray) -> np.ndarray:
    """``_ages`` for one month: the age depends only on how many days before the first of
    the month one was born, so a table over the last 130 years answers (exactly the same),
    and the rare older birth date goes through ``_ages``."""
    first = int(np.datetime64(month - _EPOCH_MONTH, "M").astype("datetime64[D]").astype(np.int64))
    span = _AGE_TABLE_YEARS * 366
    table = _ages(np.int64(month), first - np.arange(span, dtype=np.int64))
    before = first - births  # days born before the first of the month (negative: during it)
    age = table[np.clip(before, 0, span - 1)]
    old = before >= span
    if old.any():
        age[old] = _ages(np.int64(month), births[old])
    return age


def vector(ctx: BatchContext) -> None:
    """Ages, counted members, persons and household size for every household in the batch."""
    b = ctx.batch
    limits = ctx.table(PARAM, lambda v: [v["school_required_from_age"], v["adult_from_age"]])
    mh = b.member_household
    births = b.birth_date.view(np.int64)  # days since 1970-01-01
    if ctx.months.size == 1:
        month = np.broadcast_to(ctx.months[:1].astype(np.int64), mh.shape)
        age = _ages_in_month(int(ctx.months[0]), births)
        member_limits = np.broadcast_to(limits[0], (mh.size, 2))
    else:
        month = b.month[mh].astype(np.int64)
        age = _ages(month, births)
        member_limits = limits[ctx.hh_month[mh]]
    child = b.member_role == 2
    too_old = child & (age >= member_limits[:, 1])
    if too_old.any():
        r = int(np.flatnonzero(too_old)[0])
        raise _child_too_old(
            b.member_path(r, "birth_date"),
            int(age[r]),
            int(member_limits[r, 1]),
            ordinal_label(int(month[r])),
        )
    counted = ~child | (age < member_limits[:, 0]) | b.in_school
    persons = np.bincount(mh[counted], minlength=b.n).astype(np.int64)
    size = np.maximum(persons, b.household_size.astype(np.int64))
    ctx.derived.update(age=age, counted=counted, persons=persons, size=size)
