"""Many household-months at once: the batch (columnar) format, its checks and ``Totals``.

The columnar format is a ``Batch`` (or a mapping with the same column names) of NumPy
arrays: one households table and long tables for members, incomes, costs and support
months, each row carrying the index of its household, the shape a month-end batch reads
straight from a database (one query per table, ordered by household for the fastest path).

households (length n)
    ``month``           int32   month ordinal, year * 12 + (month - 1)  (2026-03 -> 24314)
    ``cohabiting``      bool
    ``household_size``  int16   persons sharing the home; 0 = not given
members (length m)
    ``member_household`` int64  index into households
    ``member_role``      int8   index into vocabulary.ROLES (0 applicant, 1 co_applicant, 2 child,
                                3 other_adult)
    ``birth_date``       datetime64[D]
    ``lunch_at_home``    bool   (children 0–6; True if not given)
    ``days_in_household`` int16 days the child lives in the household; 0 = the whole month
    ``in_school``        bool
    ``member_first_day`` int8   optional: first day of the month in the household; 0 = the 1st
    ``member_last_day``  int8   optional: last day of the month in the household; 0 = the end
                                (a member born during the month starts on the birth day)
incomes (length k)
    ``income_household`` int64, ``income_member`` int64 (row in the members table),
    ``income_type`` int8 (index into vocabulary.INCOME_TYPES), ``income_ore`` int64,
    ``income_earned_before_ore`` int64 (child_salary: earned earlier this calendar year)
costs (length c)
    ``cost_household`` int64, ``cost_type`` int8 (index into vocabulary.COST_TYPES),
    ``cost_ore`` int64
support months (length s)
    ``support_household`` int64, ``support_month`` int32 (month ordinal with försörjningsstöd)
member support months (optional; jobbstimulans is per person, ekb.norm.rules.jobbstimulans)
    ``member_has_support_history`` bool (members table): the member carries a history of
                                their own (applicant or co-applicant); their salary is judged on
                                it, not on the household's months. False for all: as before.
    ``member_support_member`` int64 (row in the members table), ``member_support_month`` int32
                                (length t; rows of members with the flag only)

Money is integer öre (int64) throughout, and so are the results: ``Totals`` holds int64
arrays in öre, ``Totals.kronor(i)`` gives household i as Decimal kronor. A list of
household-month dicts (contract v1) is accepted too and converted to a Batch first.
Warnings from municipal guidelines are per household and explained; use ``calculate``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np

from ekb.norm.errors import HouseholdError
from ekb.norm.household import MAX_AMOUNT, NotPlain, parse_household, read_households
from ekb.norm.money import ORE_PER_KRONA, from_ore
from ekb.norm.vocabulary import CHILD_EARNINGS, COST_TYPES, EMPLOYMENT_INCOME, INCOME_TYPES, ROLES

_EPOCH_MONTH = 1970 * 12  # datetime64[M] counts months from 1970-01
# Dicts the column-by-column reading refuses (not plain, an unknown code or id, a value out
# of a column's range, or a batch check): parse_household reads them and names the field.
_REFUSED = (NotPlain, HouseholdError, KeyError, TypeError, OverflowError)
_MAX_ORE = int(MAX_AMOUNT) * ORE_PER_KRONA

_DTYPES: dict[str, Any] = {
    "month": np.int32,
    "cohabiting": np.bool_,
    "household_size": np.int16,
    "member_household": np.int64,
    "member_role": np.int8,
    "birth_date": "datetime64[D]",
    "lunch_at_home": np.bool_,
    "days_in_household": np.int16,
    "in_school": np.bool_,
    "member_first_day": np.int8,
    "member_last_day": np.int8,
    "income_household": np.int64,
    "income_member": np.int64,
    "income_type": np.int8,
    "income_ore": np.int64,
    "income_earned_before_ore": np.int64,
    "cost_household": np.int64,
    "cost_type": np.int8,
    "cost_ore": np.int64,
    "support_household": np.int64,
    "support_month": np.int32,
    "member_has_support_history": np.bool_,
    "member_support_member": np.int64,
    "member_support_month": np.int32,
}
_OPTIONAL = {
    "income_earned_before_ore",
    "support_household",
    "support_month",
    "member_first_day",
    "member_last_day",
    "member_has_support_history",
    "member_support_member",
    "member_support_month",
}


@dataclass
class Batch:
    month: np.ndarray
    cohabiting: np.ndarray
    household_size: np.ndarray
    member_household: np.ndarray
    member_role: np.ndarray
    birth_date: np.ndarray
    lunch_at_home: np.ndarray
    days_in_household: np.ndarray
    in_school: np.ndarray
    income_household: np.ndarray
    income_member: np.ndarray
    income_type: np.ndarray
    income_ore: np.ndarray
    income_earned_before_ore: np.ndarray
    cost_household: np.ndarray
    cost_type: np.ndarray
    cost_ore: np.ndarray
    support_household: np.ndarray
    support_month: np.ndarray
    # Optional (days of membership within the month); None becomes zeros: the whole month.
    member_first_day: np.ndarray | None = None
    member_last_day: np.ndarray | None = None
    # Optional (per-member support history); None: no member has one of their own.
    member_has_support_history: np.ndarray | None = None
    member_support_member: np.ndarray | None = None
    member_support_month: np.ndarray | None = None
    # None only as arguments: __post_init__ fills them in, so the readers below (and the
    # rules) assert that they are not None, for the type checker.

    def __post_init__(self) -> None:
        for name in ("member_first_day", "member_last_day"):
            if getattr(self, name) is None:
                setattr(self, name, np.zeros(self.member_household.shape, dtype=np.int8))
        if self.member_has_support_history is None:
            self.member_has_support_history = np.zeros(self.member_household.shape, dtype=bool)
        if self.member_support_member is None:
            self.member_support_member = np.zeros(0, dtype=np.int64)
        if self.member_support_month is None:
            self.member_support_month = np.zeros(0, dtype=np.int32)

    @property
    def n(self) -> int:
        return int(self.month.shape[0])

    @classmethod
    def from_columns(cls, columns: Mapping[str, Any]) -> Batch:
        """A Batch from a mapping of column name -> array-like (casts to the documented dtypes)."""
        unknown = set(columns) - set(_DTYPES)
        if unknown:
            name = sorted(unknown)[0]
            raise HouseholdError(
                name, "is not a column of the batch format", "är ingen kolumn i batchformatet"
            )
        values = {}
        for name, dtype in _DTYPES.items():
            if name in columns:
                values[name] = np.asarray(columns[name], dtype=dtype)
            elif name in _OPTIONAL:
                like = (
                    "income_household"
                    if name.startswith("income")
                    else None
                    if name.startswith("member_support")  # a long table: empty
                    else "member_household"
                    if name.startswith("member")
                    else None
                )
                size = len(columns[like]) if like and like in columns else 0
                values[name] = np.zeros(size, dtype=dtype)
            else:
                raise HouseholdError(name, "column is missing", "kolumnen saknas")
        return cls(**values)

    @classmethod
    def from_households(cls, households: Sequence[Any]) -> Batch:
        """Validate household-month dicts (v1) and lay them out as columns.

        Plainly valid dicts are read column by column (``read_households``) and checked as a
        batch (``check``); when any is not, ``parse_household`` reads them one by one and
        names the first field at fault, so both ways give the same errors and columns."""
        households = list(households)
        try:
            return cls._checked(households)
        except _REFUSED:
            pass
        plain = []
        for h, raw in enumerate(households):
            try:
                plain.append(parse_household(raw))
            except HouseholdError as exc:
                raise exc.prefixed(f"households[{h}].") from exc
        return cls._checked(plain)

    @classmethod
    def _checked(cls, households: list[Any]) -> Batch:
        batch = cls.from_columns(read_households(households))
        check(batch)
        return batch

    @classmethod
    def of_household(cls, household: Any) -> tuple[Batch, list[str]]:
        """One household-month (a dict, contract v1) as a batch
        whose error paths name its fields directly (``members[1].birth_date``, ``month``),
        as ``calculate`` reports them, and the ids of its members in the order of its rows."""
        # Read once: a plainly valid dict (the usual case) straight into columns and checked as
        # a batch; at the first doubt parse_household reads it field by field and names the
        # field at fault (reading it twice, always, was a quarter of calculate()'s time).
        try:
            batch = cls._checked([household])
        except _REFUSED:
            household = parse_household(household)
            batch = cls.from_columns(read_households([household]))
        batch.path_prefix = False
        return batch, [m["id"] for m in household["members"]]

    # -- derived columns ----------------------------------------------------------------

    def single_month(self) -> int | None:
        """The month ordinal when every household has the same one (a month-end batch)."""
        if not self.n:
            return None
        first = int(self.month[0])
        return first if bool((self.month == first).all()) else None

    def month_days(self) -> np.ndarray:
        one = self.single_month()
        months = self.month[:1] if one is not None else self.month
        start = (months.astype(np.int64) - _EPOCH_MONTH).astype("datetime64[M]")
        days = ((start + 1).astype("datetime64[D]") - start.astype("datetime64[D]")).astype(
            np.int64
        )
        return np.broadcast_to(days, (self.n,)) if one is not None else days

    def support_offsets(self, households: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Support rows of the households where ``households`` (bool mask) is true, as
        (household, k) with k = 0 for the month just before the calculation month; rows at
        or after the calculation month are dropped."""
        h = self.support_household
        rows = households[h]
        h, month = h[rows], self.support_month[rows]
        first = int(self.month[0]) if self.n else 0
        if self.n and bool((self.month == first).all()):
            k = (first - 1) - month.astype(np.int64)  # one month for all: no gather needed
        else:
            k = self.month.astype(np.int64)[h] - 1 - month.astype(np.int64)
        keep = k >= 0
        return h[keep], k[keep]

    # -- error paths ----------------------------------------------------------------------

    # False for one household calculated alone: paths then name its fields directly.
    path_prefix = True

    def household_path(self, h: int, name: str) -> str:
        return f"households[{h}].{name}" if self.path_prefix else name

    def _row_path(self, table: str, owner: np.ndarray, r: int, name: str) -> str:
        h = int(owner[r])
        position = int(np.count_nonzero(owner[:r] == h))
        return self.household_path(h, f"{table}[{position}].{name}")

    def member_path(self, r: int, name: str) -> str:
        return self._row_path("members", self.member_household, r, name)

    def income_path(self, r: int, name: str) -> str:
        return self._row_path("incomes", self.income_household, r, name)

    def cost_path(self, r: int, name: str) -> str:
        return self._row_path("costs", self.cost_household, r, name)

    # -- selection ------------------------------------------------------------------------

    def take(self, households: np.ndarray) -> Batch:
        """The sub-batch of the households where ``households`` (bool mask) is true."""
        assert self.member_first_day is not None and self.member_last_day is not None
        assert self.member_has_support_history is not None
        assert self.member_support_member is not None and self.member_support_month is not None
        new_index = np.cumsum(households) - 1
        member_keep = households[self.member_household]
        member_new = np.cumsum(member_keep) - 1
        income_keep = households[self.income_household]
        cost_keep = households[self.cost_household]
        support_keep = households[self.support_household]
        member_support_keep = member_keep[self.member_support_member]
        return Batch(
            month=self.month[households],
            cohabiting=self.cohabiting[households],
            household_size=self.household_size[households],
            member_household=new_index[self.member_household[member_keep]],
            member_role=self.member_role[member_keep],
            birth_date=self.birth_date[member_keep],
            lunch_at_home=self.lunch_at_home[member_keep],
            days_in_household=self.days_in_household[member_keep],
            in_school=self.in_school[member_keep],
            member_first_day=self.member_first_day[member_keep],
            member_last_day=self.member_last_day[member_keep],
            income_household=new_index[self.income_household[income_keep]],
            income_member=member_new[self.income_member[income_keep]],
            income_type=self.income_type[income_keep],
            income_ore=self.income_ore[income_keep],
            income_earned_before_ore=self.income_earned_before_ore[income_keep],
            cost_household=new_index[self.cost_household[cost_keep]],
            cost_type=self.cost_type[cost_keep],
            cost_ore=self.cost_ore[cost_keep],
            support_household=new_index[self.support_household[support_keep]],
            support_month=self.support_month[support_keep],
            member_has_support_history=self.member_has_support_history[member_keep],
            member_support_member=member_new[self.member_support_member[member_support_keep]],
            member_support_month=self.member_support_month[member_support_keep],
        )


@dataclass(frozen=True)
class Totals:
    """Results of ``calculate_many``: int64 arrays in öre, one entry per household."""

    norm: np.ndarray
    reasonable_costs: np.ndarray
    need: np.ndarray
    countable_income: np.ndarray
    amount: np.ndarray

    unit = "öre"
    names = ("norm", "reasonable_costs", "need", "countable_income", "amount")

    def __len__(self) -> int:
        return int(self.amount.shape[0])

    def kronor(self, i: int) -> dict[str, Decimal]:
        return {name: from_ore(int(getattr(self, name)[i])) for name in self.names}


def _first(mask: np.ndarray) -> int | None:
    if not mask.any():  # the usual case, and cheaper than listing nothing
        return None
    found = np.flatnonzero(mask)
    return int(found[0]) if found.size else None


def _outside(col: np.ndarray, upper: np.ndarray | int) -> np.ndarray:
    """``(col < 0) | (col >= upper)`` in one comparison: a negative signed integer seen as
    unsigned is larger than any upper bound that fits the type."""
    if col.dtype.kind == "i" and np.ndim(upper) == 0 and 0 <= upper <= np.iinfo(col.dtype).max:
        return col.view(col.dtype.str.replace("i", "u")) >= upper
    return (col < 0) | (col >= upper)


def _fail(path: str, en: str, sv: str) -> HouseholdError:
    return HouseholdError(path, en, sv)


def check(b: Batch) -> None:
    """Check a columnar batch the way parse_household checks a dict; first error wins."""
    n, m = b.n, b.member_household.size
    tables = {
        "households": ("month", "cohabiting", "household_size"),
        "members": (
            "member_household",
            "member_role",
            "birth_date",
            "lunch_at_home",
            "days_in_household",
            "in_school",
            "member_first_day",
            "member_last_day",
            "member_has_support_history",
        ),
        "incomes": (
            "income_household",
            "income_member",
            "income_type",
            "income_ore",
            "income_earned_before_ore",
        ),
        "costs": ("cost_household", "cost_type", "cost_ore"),
        "support": ("support_household", "support_month"),
        "member support": ("member_support_member", "member_support_month"),
    }
    for table, names in tables.items():
        lengths = {getattr(b, name).shape for name in names}
        if len(lengths) != 1:
            raise _fail(
                table,
                "columns of one table differ in length",
                "kolumnerna i en tabell har olika längd",
            )
    for name, upper in (
        ("member_household", n),
        ("income_household", n),
        ("cost_household", n),
        ("support_household", n),
        ("income_member", m),
        ("member_support_member", m),
    ):
        r = _first(_outside(getattr(b, name), upper))
        if r is not None:
            raise _fail(f"{name}[{r}]", "index out of range", "index utanför tabellen")
    for name, vocabulary, path in (
        ("member_role", ROLES, b.member_path),
        ("income_type", INCOME_TYPES, b.income_path),
        ("cost_type", COST_TYPES, b.cost_path),
    ):
        r = _first(_outside(getattr(b, name), len(vocabulary)))
        if r is not None:
            field_name = "role" if name == "member_role" else "type"
            raise _fail(path(r, field_name), "unknown code", "okänd kod")
    for name, path, field_name in (
        ("income_ore", b.income_path, "amount"),
        ("income_earned_before_ore", b.income_path, "earned_this_year_before"),
        ("cost_ore", b.cost_path, "amount"),
    ):
        r = _first(_outside(getattr(b, name), _MAX_ORE + 1))
        if r is not None:
            raise _fail(
                path(r, field_name),
                "must not be negative (or implausibly large)",
                "får inte vara negativt (eller orimligt stort)",
            )
    r = _first(b.member_household[b.income_member] != b.income_household)
    if r is not None:
        raise _fail(
            b.income_path(r, "member"),
            "the member belongs to another household",
            "medlemmen hör till ett annat hushåll",
        )
    # Members per household and role in one pass (roles are known to be 0..2 here).
    by_role = np.bincount(
        b.member_household * len(ROLES) + b.member_role, minlength=n * len(ROLES)
    ).reshape(n, len(ROLES))
    applicants, co_applicants = by_role[:, 0], by_role[:, 1]
    h = _first(applicants != 1)
    if h is not None:
        raise _fail(
            f"households[{h}].members", "must have exactly one applicant", "ska ha exakt en sökande"
        )
    h = _first(co_applicants > 1)
    if h is not None:
        raise _fail(
            f"households[{h}].members",
            "only one co_applicant is allowed",
            "bara en medsökande är tillåten",
        )
    h = _first(b.cohabiting & (co_applicants == 0))
    if h is not None:
        raise _fail(
            f"households[{h}].cohabiting",
            "is true but there is no co_applicant",
            "anger sambor men det finns ingen medsökande",
        )
    members = by_role.sum(axis=1)
    size = b.household_size.astype(np.int64)
    h = _first((size != 0) & ((size < members) | (size > 99)))
    if h is not None:
        raise _fail(
            f"households[{h}].household_size",
            "must be at least the number of members",
            "får inte vara mindre än antalet medlemmar",
        )
    one = b.single_month()  # the usual month-end batch: compare with scalars, no gathers
    months = b.month[:1] if one is not None else b.month
    month_end = ((months.astype(np.int64) - _EPOCH_MONTH + 1).astype("datetime64[M]")).astype(
        "datetime64[D]"
    )
    month_days = b.month_days()
    if one is not None:
        member_month_end, member_month_days = month_end[0], int(month_days[0])
    else:
        member_month_end = month_end[b.member_household]
        member_month_days = month_days[b.member_household]
    r = _first(np.isnat(b.birth_date) | (b.birth_date >= member_month_end))
    if r is not None:
        raise _fail(
            b.member_path(r, "birth_date"),
            "is missing or after the calculation month",
            "saknas eller ligger efter beräkningsmånaden",
        )
    days = b.days_in_household
    child = b.member_role == 2
    r = _first(_outside(days, member_month_days + 1) | ((days != 0) & ~child))
    if r is not None:
        raise _fail(
            b.member_path(r, "days_in_household"),
            "must be 1..days of the month, children only",
            "ska vara 1..månadens dagar, bara för barn",
        )
    _check_member_days(b, member_month_days)
    _check_member_support(b)
    income_child = child[b.income_member]
    salary = b.income_type == INCOME_TYPES.index(EMPLOYMENT_INCOME)
    child_salary = b.income_type == INCOME_TYPES.index(CHILD_EARNINGS)
    r = _first((salary & income_child) | (child_salary & ~income_child))
    if r is not None:
        raise _fail(
            b.income_path(r, "type"),
            "salary is for adults, child_salary for children",
            "Lön gäller vuxna, Barns arbetsinkomst barn",
        )
    r = _first((b.income_earned_before_ore != 0) & ~child_salary)
    if r is not None:
        raise _fail(
            b.income_path(r, "earned_this_year_before"),
            "applies only to child_salary",
            "gäller bara Barns arbetsinkomst",
        )


def _check_member_days(b: Batch, member_month_days: Any) -> None:
    """The days of membership: 0 (the whole month) or a day of the month, first <= last,
    and the last day not before a birth during the month."""
    assert b.member_first_day is not None and b.member_last_day is not None
    first = b.member_first_day.astype(np.int64)
    last = b.member_last_day.astype(np.int64)
    if not (first.any() or last.any()):
        return
    for name, col in (("in_household_from", first), ("in_household_to", last)):
        r = _first(_outside(col, member_month_days + 1))
        if r is not None:
            raise _fail(
                b.member_path(r, name),
                "must be a day of the calculation month",
                "ska vara en dag i beräkningsmånaden",
            )
    r = _first((first > 0) & (last > 0) & (first > last))
    if r is not None:
        raise _fail(
            b.member_path(r, "in_household_to"),
            "is before in_household_from",
            "ligger före dagen medlemmen kom till hushållet",
        )
    one = b.single_month()
    months = b.month[:1] if one is not None else b.month[b.member_household]
    start = (
        (months.astype(np.int64) - _EPOCH_MONTH).astype("datetime64[M]").astype("datetime64[D]")
    ).astype(np.int64)
    born_day = b.birth_date.view(np.int64) - start + 1
    r = _first((last > 0) & (last < born_day))
    if r is not None:
        raise _fail(
            b.member_path(r, "in_household_to"),
            "is before the birth date",
            "ligger före födelsedagen",
        )


def _check_member_support(b: Batch) -> None:
    """A history of one's own is for the applicant and the co-applicant (the earners of
    jobbstimulans), and only a member with the flag has rows in the member support table."""
    own = b.member_has_support_history
    assert own is not None and b.member_support_member is not None
    if not (own.any() or b.member_support_member.size):
        return
    r = _first(own & (b.member_role > 1))
    if r is not None:
        raise _fail(
            b.member_path(r, "support_history"),
            "applies only to the applicant and the co_applicant",
            "gäller bara sökande och medsökande",
        )
    r = _first(~own[b.member_support_member])
    if r is not None:
        raise _fail(
            b.member_path(int(b.member_support_member[r]), "support_history"),
            "member support rows for a member without member_has_support_history",
            "månader med försörjningsstöd för en medlem utan egen historik",
        )


def as_batch(households: Any) -> Batch:
    if isinstance(households, Batch):
        return households
    if isinstance(households, Mapping):
        return Batch.from_columns(households)
    return Batch.from_households(list(households))


__all__ = ["Batch", "Totals", "as_batch", "check"]
