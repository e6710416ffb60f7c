"""Who belongs to the household this month, and how many persons share the home.

Age is completed years on the first day of the month. The parents' duty to support a child
lasts until the child is 18, and after that while the child goes to school (grundskola,
gymnasieskola or similar), at most until 21 (7 kap. 1 § föräldrabalken). SOSFS 2013:1
counts as household members the children and youths under 21 whom the parents must support.
So a child from ``school_required_from_age`` (18) belongs to the parents' household (their
norm) only while in school; a child of ``adult_from_age`` (21) or more is an error: an
adult applies as an adult.

A young adult of 18–20 who is not in school still lives in the home: they are one of the
persons sharing it, so they count in the household size for the common household costs, and
the parents' household bears its share, common costs × its members ÷ persons in the home
(12 kap. 3 § andra stycket SoF 2025:468; before 2025-07-01 2 kap. 1 § SoF 2001:937).
Their own income is not counted in the parents' calculation (see incomes.py): they are
not members of the parents' household, and no one in it has a duty to support the others
through that income (12 kap. 1 § SoL 2025:400 asks what the applicant's household can
provide; FB 7 kap. 1 § gives the young adult no duty towards the parents). For the same
reason the exemption for a child's earnings (4 kap. 1 a § SoL 2001:453) is not needed for
them. The young adult's contribution to the home is their share of the common costs (and,
for the caseworker to assess, of the rent); they apply on their own if they need support.

Who shares the home is counted day by day, from dates. A member who joins or leaves during the
month (born, moved in, moved out: in_household_from/to) lives in the home only between those
days and "is counted for the days they were in the household, from dates, not a whole month"
(issue 9, reading FB 7 kap. 1 § and 12 kap. 2–3 §§ SoF 2025:468 together with SOSFS 2013:1's
household). A member without dates lives there all month: a child in shared custody given as
days a month (not dates) is a member of both homes (SOSFS 2013:1), so shared custody does not
lower the common costs. The common costs of the month are therefore the days' common costs
weighed by days: for each day the amount for the persons in the home that day (raised by
``household_size``), the household's share of it when persons outside the norm live there
(common × persons in the norm ÷ persons in the home, 12 kap. 3 § andra stycket SoF), summed
over the days and divided by the days of the month, rounded to whole kronor once at the end
(rules/common.py). Before this reading every member of the month counted for the whole
month: a child who moved out on the 10th and one who moved in on the 20th made three persons
for the whole month (about 380 kr too much in 2026). ``size`` in the facts is the most persons
in the home on the same day (for guidelines that depend on the household's size, e.g. the
rent limit). Reading, not confirmed against Socialstyrelsen's handbook (which does not treat
mid-month changes); it gives the same result as the familiar formula when nobody joins or
leaves.
Personal costs are pro-rated by days (personal.py).

A child's days in the home (``days_in_household``, shared custody) are the days the child
lives in this home in the month applied for: SOSFS 2013:1 counts a child's costs "by the
number of days" the child spends with each parent, a count of days in the month, not a share
of a typical month. A child who also joins or leaves during the month (in_household_from/to)
lives in the home only within that span, so the days in the home are days within the span,
and the personal costs are counted for min(days in the home, days of the span)
(``personal.member_days``), once. The earlier reading took the days as a monthly average and
multiplied it by the span (days/month × span/month): a parent whose baby moved out on the
10th and who answered "10 days" got 2 740 × 10/31 × 10/31 = 285 kr instead of 884 kr
(fresh-eye finding, 2026-12-02; cases in tests/norm/cases/2026/days_and_dates.yaml). The
e-service asks for the days within the span when a date is given, and the forms refuse more
days than the span. The common household costs follow the span only (a child in two homes
is a member of both, SOSFS 2013:1).
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Sequence

import numpy as np

from ekb.norm.errors import HouseholdError
from ekb.norm.money import ZERO
from ekb.norm.months import ordinal_label
from ekb.norm.result import INFO, Row
from ekb.norm.rules.arrays import civil_from_days
from ekb.norm.rules.context import Context
from ekb.norm.vocabulary import ROLES

RULE_ID = "household_membership"
_EPOCH_MONTH = 1970 * 12  # datetime64[M] counts months from 1970-01
PARAM = "riksnorm/household_membership"
CHILD, OTHER_ADULT = ROLES.index("child"), ROLES.index("other_adult")


def _child_too_old(path: str, age: int, limit: int, month: str) -> HouseholdError:
    return HouseholdError(
        path,
        f"a child aged {age} in {month} is {limit} or older; an adult applies as an adult",
        f"ett barn som är {age} år i {month} har fyllt {limit}; en vuxen söker som vuxen",
    )


def _ages(month: np.ndarray | np.int64, births: np.ndarray) -> np.ndarray:
    """Completed years on the first of ``month`` (ordinals) for births in days since 1970:
    whole months from the birth month to this month, one fewer if born after the 1st, in
    years; born during the month counts as 0."""
    by, bmon, bday = civil_from_days(births)
    return np.maximum((month - (by * 12 + bmon - 1) - (bday > 1)) // 12, 0)


_AGE_TABLE_YEARS = 130
_AGE_TABLE_FROM_ROWS = 10_000  # fewer members: the plain arithmetic is cheaper


@functools.lru_cache(maxsize=4)
def _age_table(month: int) -> tuple[int, np.ndarray]:
    """(first day of ``month``, age by days born before it) over the last 130 years."""
    first = int(np.datetime64(month - _EPOCH_MONTH, "M").astype("datetime64[D]").astype(np.int64))
    table = _ages(np.int64(month), first - np.arange(_AGE_TABLE_YEARS * 366, dtype=np.int64))
    table.setflags(write=False)
    return first, table


def _ages_in_month(month: int, births: np.ndarray) -> np.ndarray:
    """``_ages`` for one month: the age depends only on how many days before the first of
    the month one was born, so a table over the last 130 years answers (exactly the same),
    and the rare older birth date goes through ``_ages``."""
    if births.size < _AGE_TABLE_FROM_ROWS:
        return _ages(np.int64(month), births)
    first, table = _age_table(month)
    before = first - births  # days born before the first of the month (negative: during it)
    age = table[np.clip(before, 0, table.size - 1)]
    old = before >= table.size
    if old.any():
        age[old] = _ages(np.int64(month), births[old])
    return age


def _member_days(ctx: Context, births: np.ndarray) -> None:
    """First and last day of the month each member belongs to the household, and how many
    days: the columns ``member_first_day``/``member_last_day`` (0: from the 1st / to the
    end), and a birth during the month starts the membership on the birth day."""
    b = ctx.batch
    mh = b.member_household
    one = ctx.months.size == 1
    months = ctx.months[:1] if one else b.month[mh]
    start: np.ndarray | int  # int: one month (as month_days)
    month_days: np.ndarray | int
    start = (
        (months.astype(np.int64) - _EPOCH_MONTH).astype("datetime64[M]").astype("datetime64[D]")
    ).astype(np.int64)
    month_days = ctx.month_days
    if one:
        start, month_days = int(start[0]), int(month_days[0])
    else:
        month_days = month_days[mh].astype(np.int64)
    assert b.member_first_day is not None and b.member_last_day is not None
    has_dates = bool(b.member_first_day.any() or b.member_last_day.any())
    born = np.flatnonzero(births >= start)  # born during the month (a few rows)
    if not has_dates and not born.size:
        # The usual batch: everyone is a member all month, no per-member arithmetic.
        whole = np.broadcast_to(np.asarray(month_days, dtype=np.int64), mh.shape)
        ctx.derived.update(first_day=None, last_day=None, member_days=whole, any_partial=False)
        return
    if has_dates:
        first = np.maximum(b.member_first_day.astype(np.int64), 1)
        last_col = b.member_last_day.astype(np.int64)
        last = np.where(last_col > 0, last_col, month_days)
    else:
        first = np.ones(mh.shape, dtype=np.int64)
        last = np.broadcast_to(np.asarray(month_days, dtype=np.int64), mh.shape)
    if born.size:
        born_start = start if isinstance(start, int) else start[born]
        first[born] = np.maximum(first[born], births[born] - born_start + 1)
    days = last - first + 1
    ctx.derived.update(
        first_day=first,
        last_day=last,
        member_days=days,
        any_partial=bool((days < month_days).any()),
    )


def facts(ctx: Context) -> None:
    """Ages, counted members, persons and household size for every household in the batch
    (``ctx.derived``), shared by the rules."""
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
    child = b.member_role == CHILD
    too_old = child & (age >= member_limits[:, 1])
    if too_old.any():
        r = int(np.flatnonzero(too_old)[0])
        raise _child_too_old(
            b.member_path(r, "birth_date"),
            int(age[r]),
            int(member_limits[r, 1]),
            ordinal_label(int(month[r])),
        )
    counted = (b.member_role < 2) | (child & ((age < member_limits[:, 0]) | b.in_school))
    _member_days(ctx, births)
    persons = np.bincount(mh[counted], minlength=b.n).astype(np.int64)
    living = np.bincount(mh, minlength=b.n).astype(np.int64)  # young adults live there too
    size = np.maximum(living, b.household_size.astype(np.int64))
    ctx.derived.update(age=age, counted=counted, persons=persons, size=size)
    if ctx.derived["any_partial"]:
        _day_counts(ctx, counted)


def _day_counts(ctx: Context, counted: np.ndarray) -> None:
    """For the households where someone is in the home only part of the month: the persons in
    the home and in the norm on each day (as ``day_constellations``), kept for the common costs
    (``day_home``/``day_norm``, rows in the order of ``partial_households``); the size becomes
    the most persons there on the same day. Only those households get a day table (k × 31)."""
    b, d = ctx.batch, ctx.derived
    mh = b.member_household
    month_days = ctx.month_days
    month_days = np.broadcast_to(np.asarray(month_days, dtype=np.int64), (b.n,))
    partial_member = d["member_days"] < month_days[mh]
    households = np.unique(mh[partial_member])
    row = np.full(b.n, -1, dtype=np.int64)
    row[households] = np.arange(households.size)
    members = np.flatnonzero(row[mh] >= 0)
    k = households.size
    # +1 on the first day, -1 the day after the last, then a running sum over the days.
    home = np.zeros((k, 33), dtype=np.int64)
    norm = np.zeros((k, 33), dtype=np.int64)
    r = row[mh[members]]
    first, last = d["first_day"][members], d["last_day"][members]
    np.add.at(home, (r, first), 1)
    np.add.at(home, (r, last + 1), -1)
    c = counted[members]
    np.add.at(norm, (r[c], first[c]), 1)
    np.add.at(norm, (r[c], last[c] + 1), -1)
    home = np.cumsum(home, axis=1)[:, 1:32]
    norm = np.cumsum(norm, axis=1)[:, 1:32]
    in_month = np.arange(1, 32)[None, :] <= month_days[households][:, None]
    home = np.maximum(home, b.household_size.astype(np.int64)[households][:, None])
    home = np.where(in_month, home, 0)
    norm = np.where(in_month, norm, 0)
    d["size"][households] = home.max(axis=1)
    d.update(
        partial_households=households,
        day_home=home,
        day_norm=norm,
        partial_month_days=month_days[households],
    )


def constellations(ctx: Context, h: int) -> Counter[tuple[int, int]]:
    """How many days of the month each (persons in the norm, persons in the home) held, for
    household ``h``: the day table of ``facts`` for a household whose persons changed during
    the month, else the one constellation of the whole month."""
    d = ctx.derived
    partial = d.get("partial_households")
    i = -1 if partial is None else int(np.searchsorted(partial, h))
    if partial is not None and 0 <= i < partial.size and partial[i] == h:
        return day_constellations(d, i)
    days = int(ctx.month_days[h])
    return Counter({(int(d["persons"][h]), int(d["size"][h])): days})


def day_constellations(d: dict, i: int) -> Counter[tuple[int, int]]:
    """The constellations of the ``i``-th household in ``partial_households``."""
    days = int(d["partial_month_days"][i])
    pairs = zip(d["day_norm"][i, :days].tolist(), d["day_home"][i, :days].tolist(), strict=True)
    return Counter(pairs)


def rows(ctx: Context, ids: Sequence[str], _found: object = None) -> list[Row]:
    """An info row for each member who lives in the home but is not in the norm."""
    d, b = ctx.derived, ctx.batch
    period = ctx.period(PARAM)
    out = []
    for r in np.flatnonzero(~d["counted"]).tolist():
        if b.member_role[r] == OTHER_ADULT:
            reason = (
                "Annan vuxen som bor i hemmet: ingår inte i normen och personens inkomster "
                "räknas inte, utom det personen betalar till hushållet för hyran; personen "
                "räknas i hushållets storlek för de gemensamma hushållskostnaderna"
            )
        else:
            reason = (
                f"Ung vuxen, {int(d['age'][r])} år, som inte går i skolan: föräldrarna har ingen "
                "försörjningsplikt, så personen ingår inte i normen och personens inkomster "
                "räknas inte, utom det personen betalar till hushållet för hyran; personen bor "
                "i hemmet och räknas i hushållets storlek för de gemensamma "
                "hushållskostnaderna"
            )
        row = Row(INFO, ids[r], reason, ZERO, RULE_ID, ctx.ref(RULE_ID), period.tag)
        out.append(row)
    return out
