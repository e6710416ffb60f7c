"""Personal costs in the riksnorm: adults and children, pro rata by days in the household.

Adults: a cohabiting applicant and co-applicant get the sambo amount together; otherwise each
adult gets the ensamstående amount. Children: the amount of their age band, the lower
"utan lunch" amount for a child 0–6 who does not eat lunch at home (``lunch_at_home`` false;
absent means true, the full amount), and pro rata by days for a child who lives in the
household part of the month (SOSFS 2013:1: costs by the number of days with each parent).
Sources: 12 kap. 2 § SoF (2025:468); before 2025-07-01 2 kap. 1 § SoF (2001:937).

The "utan lunch" column (``without_lunch`` in riksnorm/children.yaml) has three kinds of value,
and the engine never guesses between them:

- a number: the table's lower amount, used for a child who does not eat lunch at home;
- ``null``: the table has no such amount for the band (the riksnorm prints "–" for 7 years and
  older, whose school lunch is free): the band's amount applies with or without lunch at home;
- ``unknown``: the table has the amount but EKB does not know it for that period (a year whose
  table was not confirmed in full). A child of that band who does not eat lunch at home cannot
  be calculated (UnknownAmountError): the full amount would overpay. A child who eats lunch at
  home is calculated as usual.

Days of membership (a member born, moving in or moving out during the month). The riksnorm
is a monthly amount (12 kap. 2 § SoF); a member who belongs to the household only part of
the month has personal costs only for those days: personal amount × days ÷ days of the
month, rounded half up to whole kronor, by the same reading SOSFS 2013:1 gives for a child
living in two homes. For a child who is both in shared custody and joins or leaves, the
days in this home (``days_in_household``) are days within the span of membership, so the
costs are amount × min(days in the home, days of the span) ÷ month days, rounded once: one
fraction of the month, never the two multiplied (reading in membership.py, ``member_days``).

A co-applicant who moves in (or out) during the month: the sambo amount (the pair together)
applies for the days both adults belong to the household, and each adult gets the
ensamstående amount for the days they are in the household alone (amount × days ÷ month
days, each part rounded to whole kronor). The common household costs are weighed by the
persons in the home each day (membership.py, common.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ekb.norm.errors import ParameterError, UnknownAmountError
from ekb.norm.money import ORE_PER_KRONA, whole_kronor_of
from ekb.norm.result import NORM, Row
from ekb.norm.rules.arrays import sum_by, to_whole_kronor
from ekb.norm.rules.context import Context
from ekb.norm.vocabulary import ROLES

ADULTS = "riksnorm/adults"
CHILDREN = "riksnorm/children"
ADULT_RULE = "personal_costs_adults"
CHILD_RULE = "personal_costs_children"
PRORATA_RULE = "personal_costs_children_prorata"
ADULT_PRORATA_RULE = "personal_costs_adults_prorata"
APPLICANT, CO_APPLICANT, CHILD = (ROLES.index(r) for r in ("applicant", "co_applicant", "child"))


def _band(bands: list[dict], age: int) -> dict:
    for band in bands:
        if band["min_age"] <= age <= band["max_age"]:
            return band
    raise LookupError(f"no riksnorm age band for age {age}")


# ``without_lunch: unknown``: the table has the amount, EKB does not know it (see above).
UNKNOWN = "unknown"
# The table's mark for an unknown amount (real amounts are positive).
_UNKNOWN_ORE = -1


class UnknownWithoutLunch(LookupError):
    """The band's "utan lunch" amount is not known; ``label`` is the band's label."""

    def __init__(self, label: str) -> None:
        super().__init__(f"no known amount without lunch for {label}")
        self.label = label


def child_amount(bands: list[dict], age: int, lunch_at_home: bool) -> tuple[int, str]:
    """The monthly amount for a child of ``age`` and the Swedish label of its column.

    Raises UnknownWithoutLunch for a child without lunch at home whose band's "utan lunch"
    amount is ``unknown``."""
    band = _band(bands, age)
    without = band["without_lunch"]
    if lunch_at_home or without is None:  # None: the table has no such column for the band
        return band["amount"], f"barn {band['label']}"
    if without == UNKNOWN:
        raise UnknownWithoutLunch(band["label"])
    if isinstance(without, bool) or not isinstance(without, int) or without <= 0:
        raise ParameterError(
            f"{CHILDREN}: without_lunch for {band['label']} must be a whole number of kronor, "
            f"null (no such column) or {UNKNOWN!r}, not {without!r}"
        )
    return without, f"barn {band['label']}, utan lunch"


def _child_table(value: dict) -> list[list[int]]:
    """Öre per completed age 0..(last band) and lunch column (0: with lunch, 1: without);
    an unknown "utan lunch" amount is _UNKNOWN_ORE, refused where a child needs it."""
    top = max(b["max_age"] for b in value["bands"])
    table = []
    for age in range(top + 1):
        with_lunch, _ = child_amount(value["bands"], age, True)
        try:
            without = child_amount(value["bands"], age, False)[0] * ORE_PER_KRONA
        except UnknownWithoutLunch:
            without = _UNKNOWN_ORE
        table.append([with_lunch * ORE_PER_KRONA, without])
    return table


def member_days(ctx: Context) -> np.ndarray:
    """The days each member's personal costs are counted for: the days in this home given
    as ``days_in_household`` (a child in shared custody) are days within the span the member
    belongs to the household this month, so at most the span (one fraction of the month,
    never days × span; module docstring); without them, the span."""
    span = ctx.derived["member_days"]
    days = ctx.batch.days_in_household.astype(np.int64)
    return np.where(days > 0, np.minimum(days, span), span)


def adult_days(ctx: Context) -> tuple[np.ndarray, np.ndarray]:
    """(days per member of the ensamstående amount, days per household of the sambo amount).
    A cohabiting pair has the sambo amount for the days both belong to the household and
    each the ensamstående amount for their days alone; an adult who does not cohabit has
    the ensamstående amount for their own days."""
    b, d = ctx.batch, ctx.derived
    mh, n = b.member_household, b.n
    month_days = np.broadcast_to(ctx.month_days, (n,)).astype(np.int64)
    first, last = d["first_day"], d["last_day"]
    if first is None:  # everyone belongs to the household all month
        first, last = np.ones(mh.shape, dtype=np.int64), month_days[mh]
    span = {}
    for role in (APPLICANT, CO_APPLICANT):
        rows = np.flatnonzero(b.member_role == role)
        span[role] = (np.zeros(n, dtype=np.int64), np.full(n, -1, dtype=np.int64))
        span[role][0][mh[rows]], span[role][1][mh[rows]] = first[rows], last[rows]
    (af, al), (cf, cl) = span[APPLICANT], span[CO_APPLICANT]
    both = np.maximum(0, np.minimum(al, cl) - np.maximum(af, cf) + 1)
    pair_days = np.where(b.cohabiting, both, 0)
    return d["member_days"] - pair_days[mh], pair_days


def _child_amounts(ctx: Context) -> np.ndarray:
    """Öre per member: each counted child's amount for its age band and lunch column, pro
    rata by its days in the home (whole kronor, half up); 0 for everyone else."""
    b, d = ctx.batch, ctx.derived
    mh = b.member_household
    children = ctx.table(CHILDREN, _child_table)
    child = (b.member_role == CHILD) & d["counted"]
    age = np.minimum(d["age"], children.shape[1] - 1)
    without_lunch = ~b.lunch_at_home
    month_days: int | np.ndarray
    if ctx.one_month:  # the usual month-end batch: scalars, no gathers
        amount = children[0].ravel()[2 * age + without_lunch]
        month_days = int(ctx.month_days[0])
    else:
        amount = children[ctx.hh_month[mh], age, without_lunch.astype(np.int64)]
        month_days = ctx.month_days[mh]
    unknown = child & (amount < 0)
    if unknown.any():
        _refuse_unknown(ctx, unknown)
    days = member_days(ctx)
    partial = child & (days < month_days)
    if partial.any():
        rows = np.flatnonzero(partial)
        whole = month_days if isinstance(month_days, int) else month_days[rows]  # int: one month
        amount[rows] = to_whole_kronor(amount[rows] * days[rows], whole)
    return np.where(child, amount, 0)


def _refuse_unknown(ctx: Context, unknown: np.ndarray) -> None:
    """Raise UnknownAmountError for the first household with a child whose amount is unknown."""
    b = ctx.batch
    r = int(np.flatnonzero(unknown)[0])
    h = int(b.member_household[r])
    i = int(ctx.hh_month[h])
    label = _band(ctx.period(CHILDREN, i).value["bands"], int(ctx.derived["age"][r]))["label"]
    path = b.household_path(h, "month")
    raise UnknownAmountError(path, CHILDREN, ctx.on[i].strftime("%Y-%m"), label)


def amounts(ctx: Context, acc: dict[str, np.ndarray]) -> dict[str, Any]:
    """Personal costs in öre: the ensamstående amount per adult, the sambo amount per
    cohabiting household, the children's amounts; added to the norm."""
    b, d = ctx.batch, ctx.derived
    mh, u = b.member_household, ctx.hh_month
    adults = ctx.table(ADULTS, lambda v: [v["single"], v["cohabiting"]]) * ORE_PER_KRONA
    single = adults[0, 0] if ctx.one_month else adults[u[mh], 0]
    cohabiting = adults[0, 1] if ctx.one_month else adults[u, 1]
    per_member = _child_amounts(ctx)
    is_adult = b.member_role < 2  # applicant, co_applicant (other_adult is not in the norm)
    if d["any_partial"]:
        # Members who joined or left during the month: each amount for its days.
        alone, both = adult_days(ctx)
        month_days = ctx.month_days
        single = to_whole_kronor(single * alone, month_days[0] if ctx.one_month else month_days[mh])
        pair = to_whole_kronor(cohabiting * both, month_days)
    else:
        is_adult &= ~b.cohabiting[mh]
        pair = np.where(b.cohabiting, cohabiting, 0)
    per_member = np.where(is_adult, single, per_member)
    acc["norm"] += pair + sum_by(mh, per_member, b.n)
    return {"per_member": per_member, "pair": pair}


_MONTH_NAMES = (
    "januari februari mars april maj juni juli augusti september oktober november december".split()
)


def _days_label(days: int, month_days: int) -> str:
    return f", {days} av {month_days} dagar i hushållet"


def rows(ctx: Context, ids: Sequence[str], amounts: dict[str, Any]) -> list[Row]:
    return _adult_rows(ctx, ids, amounts) + _child_rows(ctx, ids, amounts)


def _adult_rows(ctx: Context, ids: Sequence[str], amounts: dict[str, Any]) -> list[Row]:
    b = ctx.batch
    period = ctx.period(ADULTS)
    month_days = int(ctx.month_days[0])
    reference = period.legal_reference
    # A period with a value has a legal reference (parameters/README.md).
    assert reference is not None
    days_reference = f"{reference}; {ctx.ref('member_days')}"
    alone, both = adult_days(ctx)
    per_member = amounts["per_member"]

    def row(member: str | None, label: str, ore: int, days: int) -> Row:
        if days >= month_days:
            return Row(NORM, member, label, whole_kronor_of(ore), ADULT_RULE, reference, period.tag)
        label += _days_label(days, month_days)
        prorata = ADULT_PRORATA_RULE
        return Row(NORM, member, label, whole_kronor_of(ore), prorata, days_reference, period.tag)

    out = []
    if b.cohabiting[0] and both[0] > 0:
        out.append(row(None, "Personliga kostnader, sambor", int(amounts["pair"][0]), int(both[0])))
    roles = b.member_role.tolist()
    if b.cohabiting[0]:  # the applicant's, then the co-applicant's days alone
        adults = [roles.index(APPLICANT), roles.index(CO_APPLICANT)]
    else:
        adults = [r for r, role in enumerate(roles) if role < CHILD]
    for r in adults:
        if alone[r] > 0:
            label = "Personliga kostnader, ensamstående"
            out.append(row(ids[r], label, int(per_member[r]), int(alone[r])))
    return out


def _child_rows(ctx: Context, ids: Sequence[str], amounts: dict[str, Any]) -> list[Row]:
    b, d = ctx.batch, ctx.derived
    period = ctx.period(CHILDREN)
    # A period with a value has a legal reference (parameters/README.md).
    assert period.legal_reference is not None
    month_days = int(ctx.month_days[0])
    days = member_days(ctx)
    out = []
    for r in np.flatnonzero((b.member_role == CHILD) & d["counted"]).tolist():
        lunch_at_home = bool(b.lunch_at_home[r])
        _, label = child_amount(period.value["bands"], int(d["age"][r]), lunch_at_home)
        amount = whole_kronor_of(int(amounts["per_member"][r]))
        if days[r] >= month_days:
            label = f"Personliga kostnader, {label}"
            out.append(
                Row(NORM, ids[r], label, amount, CHILD_RULE, period.legal_reference, period.tag)
            )
            continue
        span = int(d["member_days"][r])
        references = [period.legal_reference]
        if b.days_in_household[r] > 0:  # shared custody: days in this home given
            detail = f"bor här {days[r]} av {month_days} dagar"
            references.append(ctx.ref("prorata_days"))
            if span < month_days:
                first, last = int(d["first_day"][r]), int(d["last_day"][r])
                detail += f" (i hushållet {first}–{last} {_MONTH_NAMES[int(b.month[0]) % 12]})"
                references.append(ctx.ref("member_days"))
        else:
            detail = f"i hushållet {span} av {month_days} dagar"
            references.append(ctx.ref("member_days"))
        label = f"Personliga kostnader, {label}, {detail}"
        reference = "; ".join(references)
        out.append(Row(NORM, ids[r], label, amount, PRORATA_RULE, reference, period.tag))
    return out
