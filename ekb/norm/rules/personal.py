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

from decimal import Decimal

import numpy as np

from ekb.norm.errors import ParameterError, UnknownAmountError
from ekb.norm.money import ORE_PER_KRONA, whole_kronor
from ekb.norm.months import first_day, ordinal_label
from ekb.norm.result import NORM, Row
from ekb.norm.rules.arrays import sum_by, to_whole_kronor
from ekb.norm.rules.context import BatchContext, MonthContext

ADULTS = "riksnorm/adults"
CHILDREN = "riksnorm/children"
ADULT_RULE = "personal_costs_adults"
CHILD_RULE = "personal_costs_children"
PRORATA_RULE = "personal_costs_children_prorata"
ADULT_PRORATA_RULE = "personal_costs_adults_prorata"


def _band(bands: list[dict], age: int) -> dict:
    for band in bands:
        if band["min_age"] <= age <= band["max_age"]:
            return band
    raise LookupError(f"no riksnorm age band for age {age}")


# ``without_lunch: unknown``: the table has the amount, EKB does not know it (see above).
UNKNOWN = "unknown"
# The vector table's mark for an unknown amount (real amounts are positive).
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


def _prorata(amount: int | Decimal, days: int, month_days: int) -> Decimal:
    """A monthly amount for ``days`` of the month, to whole kronor (half up)."""
    return whole_kronor(Decimal(amount) * days / month_days)


def _days_label(days: int, month_days: int) -> str:
    return f", {days} av {month_days} dagar i hushållet"


_MONTH_NAMES = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)


def member_days(days_in_household: int | None, span: int) -> int:
    """The days a member's personal costs are counted for: the days in this home given as
    ``days_in_household`` (a child in shared custody) are days within the ``span`` of days the
    member belongs to the household this month, so at most the span; without them, the span."""
    return span if days_in_household is None else min(days_in_household, span)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]) + 1)


def adult_rows(ctx: MonthContext) -> list[Row]:
    hh, facts = ctx.household, ctx.facts
    assert facts is not None
    period = ctx.param(ADULTS)
    month_days = ctx.month_days
    adults = [m for m in hh.members if m.in_norm_role]
    single = period.value["single"]
    reference = period.legal_reference
    days_reference = f"{reference}; {ctx.ref('member_days')}"

    def single_row(member_id: str, days: int) -> Row:
        if days >= month_days:
            return Row(
                NORM,
                member_id,
                "Personliga kostnader, ensamstående",
                Decimal(single),
                ADULT_RULE,
                reference,
                period.tag,
            )
        return Row(
            NORM,
            member_id,
            f"Personliga kostnader, ensamstående{_days_label(days, month_days)}",
            _prorata(single, days, month_days),
            ADULT_PRORATA_RULE,
            days_reference,
            period.tag,
        )

    def days_of(member_id: str) -> int:
        first, last = facts.days[member_id]
        return last - first + 1

    if hh.cohabiting:
        applicant = next(m for m in adults if m.role == "applicant")
        co = next(m for m in adults if m.role == "co_applicant")
        both = _overlap(facts.days[applicant.id], facts.days[co.id])
        rows = []
        if both >= month_days:
            rows.append(
                Row(
                    NORM,
                    None,
                    "Personliga kostnader, sambor",
                    Decimal(period.value["cohabiting"]),
                    ADULT_RULE,
                    reference,
                    period.tag,
                )
            )
        elif both > 0:
            rows.append(
                Row(
                    NORM,
                    None,
                    f"Personliga kostnader, sambor{_days_label(both, month_days)}",
                    _prorata(period.value["cohabiting"], both, month_days),
                    ADULT_PRORATA_RULE,
                    days_reference,
                    period.tag,
                )
            )
        for m in (applicant, co):
            alone = days_of(m.id) - both
            if alone > 0:
                rows.append(single_row(m.id, alone))
        return rows
    return [single_row(m.id, days_of(m.id)) for m in adults]


def child_rows(ctx: MonthContext) -> list[Row]:
    hh, facts = ctx.household, ctx.facts
    assert facts is not None
    period = ctx.param(CHILDREN)
    month_days = ctx.month_days
    rows = []
    for m in hh.members:
        if not m.is_child or m.id not in facts.counted:
            continue
        try:
            amount, label = child_amount(period.value["bands"], facts.ages[m.id], m.lunch_at_home)
        except UnknownWithoutLunch as unknown:
            raise UnknownAmountError(
                "month", CHILDREN, ctx.parameters_label, unknown.label
            ) from unknown
        full = Decimal(amount)
        first, last = facts.days[m.id]
        member = last - first + 1
        # The days in this home (SOSFS 2013:1) are days within the span the child belongs to
        # the household: one fraction of the month, never days × span (module docstring).
        days = member_days(m.days_in_household, member)
        if days >= month_days:
            rows.append(
                Row(
                    NORM,
                    m.id,
                    f"Personliga kostnader, {label}",
                    full,
                    CHILD_RULE,
                    period.legal_reference,
                    period.tag,
                )
            )
            continue
        references = [period.legal_reference]
        if m.days_in_household is not None:
            detail = f"bor här {days} av {month_days} dagar"
            references.append(ctx.ref("prorata_days"))
            if member < month_days:
                detail += f" (i hushållet {first}–{last} {_MONTH_NAMES[hh.month % 12]})"
                references.append(ctx.ref("member_days"))
        else:
            detail = f"i hushållet {member} av {month_days} dagar"
            references.append(ctx.ref("member_days"))
        rows.append(
            Row(
                NORM,
                m.id,
                f"Personliga kostnader, {label}, {detail}",
                _prorata(full, days, month_days),
                PRORATA_RULE,
                "; ".join(references),
                period.tag,
            )
        )
    return rows


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


def _refuse_unknown(ctx: BatchContext, unknown: np.ndarray) -> None:
    """Raise UnknownAmountError for the first household with a child whose amount is unknown."""
    b = ctx.batch
    r = int(np.flatnonzero(unknown)[0])
    h = int(b.member_household[r])
    ordinal = int(ctx.months[ctx.hh_month[h]])
    bands = ctx.store.get(CHILDREN, first_day(ordinal)).value["bands"]
    label = _band(bands, int(ctx.derived["age"][r]))["label"]
    raise UnknownAmountError(b.household_path(h, "month"), CHILDREN, ordinal_label(ordinal), label)


def _household_days(mh: np.ndarray, role: np.ndarray, code: int, first, last, n: int):
    """(first, last) day per household of its member with role ``code`` (0, 0 if none)."""
    rows = np.flatnonzero(role == code)
    f = np.zeros(n, dtype=np.int64)
    la = np.zeros(n, dtype=np.int64)
    f[mh[rows]] = first[rows]
    la[mh[rows]] = last[rows]
    return f, la


def vector(ctx: BatchContext, acc: dict[str, np.ndarray]) -> None:
    b, d = ctx.batch, ctx.derived
    mh, u = b.member_household, ctx.hh_month
    adults = ctx.table(ADULTS, lambda v: [v["single"], v["cohabiting"]]) * ORE_PER_KRONA
    children = ctx.table(CHILDREN, _child_table)
    single_month = ctx.months.size == 1  # the usual month-end batch: scalars, no gathers
    is_adult = b.member_role < 2  # applicant, co_applicant (other_adult: 3, not in the norm)
    # Adults: ensamstående per adult unless the household is cohabiting, then one sambo amount.
    single = is_adult & ~b.cohabiting[mh]
    single_amount = adults[0, 0] if single_month else adults[u[mh], 0]
    household = np.where(b.cohabiting, adults[0, 1] if single_month else adults[u, 1], 0)
    # Children who belong to the household this month.
    child = (b.member_role == 2) & d["counted"]
    age = np.minimum(d["age"], children.shape[1] - 1)
    without_lunch = ~b.lunch_at_home
    if single_month:
        amount = children[0].ravel()[2 * age + without_lunch]
        month_days = int(b.month_days()[0])
    else:
        amount = children[u[mh], age, without_lunch.astype(np.int64)]
        month_days = b.month_days()[mh]
    unknown = child & (amount < 0)
    if unknown.any():
        _refuse_unknown(ctx, unknown)
    days = b.days_in_household.astype(np.int64)
    member_days = d["member_days"]
    # The days in this home are days within the span (as ``member_days`` above): one fraction.
    in_home = np.where(days > 0, np.minimum(days, member_days), member_days)
    partial = child & (in_home < month_days)
    if partial.any():
        rows = np.flatnonzero(partial)
        whole = month_days if single_month else month_days[rows]
        amount[rows] = to_whole_kronor(amount[rows] * in_home[rows], whole)
    single_amount = np.broadcast_to(single_amount, mh.shape)
    if d["any_partial"]:
        # Members who joined or left during the month: single adults by their days, and a
        # cohabiting pair by the days they were both there, each alone for the rest.
        single_amount = to_whole_kronor(single_amount * member_days, month_days)
        household = _cohabiting_by_days(ctx, adults, household)
    per_member = np.where(single, single_amount, np.where(child, amount, 0))
    acc["norm"] += household + sum_by(mh, per_member, b.n)


def _cohabiting_by_days(ctx: BatchContext, adults: np.ndarray, household: np.ndarray) -> np.ndarray:
    b, d = ctx.batch, ctx.derived
    mh, n = b.member_household, b.n
    first, last = d["first_day"], d["last_day"]
    af, al = _household_days(mh, b.member_role, 0, first, last, n)
    cf, cl = _household_days(mh, b.member_role, 1, first, last, n)
    month_days = b.month_days().astype(np.int64)
    both = np.maximum(0, np.minimum(al, cl) - np.maximum(af, cf) + 1)
    partial = b.cohabiting & (both < month_days)
    if not partial.any():
        return household
    h = np.flatnonzero(partial)
    table = adults[np.zeros(h.size, dtype=np.int64) if ctx.months.size == 1 else ctx.hh_month[h]]
    md = month_days[h]
    pair = to_whole_kronor(table[:, 1] * both[h], md)
    alone_a = to_whole_kronor(table[:, 0] * (al[h] - af[h] + 1 - both[h]), md)
    alone_c = to_whole_kronor(table[:, 0] * (cl[h] - cf[h] + 1 - both[h]), md)
    household = household.copy()
    household[h] = pair + alone_a + alone_c
    return household
