"""Many household-months at once: the columnar format and ``calculate_many``.

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
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np

from ekb.norm.errors import HouseholdError
from ekb.norm.household import (
    COST_KEYS,
    INCOME_KEYS,
    MAX_AMOUNT,
    MEMBER_KEYS,
    MONTHS,
    TOP_KEYS,
    Household,
    parse_amount,
    parse_date,
    parse_household,
    parse_month,
)
from ekb.norm.money import ORE_PER_KRONA, from_ore, to_ore
from ekb.norm.vocabulary import CHILD_EARNINGS, COST_TYPES, EMPLOYMENT_INCOME, INCOME_TYPES, ROLES

_EPOCH_MONTH = 1970 * 12  # datetime64[M] counts months from 1970-01
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

        Plainly valid dicts are read straight into the columns (``_read_plain``); any other
        input goes through ``parse_household``, which names the field at fault, so both give
        the same errors and the same columns."""
        try:
            return cls.from_columns(_read_plain(list(households)))
        except (_NotPlain, KeyError, TypeError):  # unknown codes, ids, unhashable values
            pass
        columns = _Columns()
        for h, raw in enumerate(households):
            try:
                household = parse_household(raw)
            except HouseholdError as exc:
                raise exc.prefixed(f"households[{h}].") from exc
            columns.add(household, h)
        return cls.from_columns(columns.as_dict())

    @classmethod
    def of_household(cls, household: Any) -> tuple[Batch, list[str]]:
        """One household-month (a dict, contract v1, or a parsed ``Household``) as a batch
        whose error paths name its fields directly (``members[1].birth_date``, ``month``),
        as ``calculate`` reports them, and the ids of its members in the order of its rows."""
        try:
            batch = cls.from_columns(_read_plain([household]))
            ids = [m["id"] for m in household["members"]]
        except (_NotPlain, KeyError, TypeError):  # unknown codes, ids, unhashable values
            parsed = parse_household(household)
            columns = _Columns()
            columns.add(parsed, 0)
            batch = cls.from_columns(columns.as_dict())
            ids = [m.id for m in parsed.members]
        batch.path_prefix = False
        return batch, ids

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


# -- household-month dicts into columns ------------------------------------------------------

_ROLE_CODE = {r: i for i, r in enumerate(ROLES)}
_INCOME_CODE = {t: i for i, t in enumerate(INCOME_TYPES)}
_COST_CODE = {t: i for i, t in enumerate(COST_TYPES)}
_CHILD, _SALARY, _CHILD_SALARY = (
    ROLES.index("child"),
    _INCOME_CODE[EMPLOYMENT_INCOME],
    _INCOME_CODE[CHILD_EARNINGS],
)
_DAY_ZERO = date(1970, 1, 1).toordinal()
_CACHE_LIMIT = 200_000


class _Columns:
    """The columns of a batch as Python lists, filled one household at a time."""

    def __init__(self) -> None:
        self.month: list[int] = []
        self.cohabiting: list[bool] = []
        self.household_size: list[int] = []
        self.member = [
            [] for _ in range(9)
        ]  # household, role, birth, lunch, days, school, first, last, own
        self.income = [[] for _ in range(5)]  # household, member, type, öre, earned before
        self.cost = [[] for _ in range(3)]  # household, type, öre
        self.support = [[] for _ in range(2)]  # household, month
        self.member_support = [[] for _ in range(2)]  # member, month

    def add(self, hh: Household, h: int) -> None:
        """A parsed household-month (``parse_household``)."""
        self.month.append(hh.month)
        self.cohabiting.append(hh.cohabiting)
        self.household_size.append(hh.household_size or 0)
        first_member = len(self.member[0])
        row_of = {m.id: first_member + j for j, m in enumerate(hh.members)}
        for m in hh.members:
            first = m.in_household_from.day if m.in_household_from else 0
            last = m.in_household_to.day if m.in_household_to else 0
            birth = m.birth_date.toordinal() - _DAY_ZERO
            values = (_ROLE_CODE[m.role], birth, m.lunch_at_home, m.days_in_household or 0)
            own = m.support_history is not None
            _append(self.member, (h, *values, m.in_school, first, last, own))
            for s in sorted(m.support_history or ()):
                _append(self.member_support, (row_of[m.id], s))
        for x in hh.incomes:
            values = (_INCOME_CODE[x.type], to_ore(x.amount), to_ore(x.earned_this_year_before))
            _append(self.income, (h, row_of[x.member], *values))
        for c in hh.costs:
            _append(self.cost, (h, _COST_CODE[c.type], to_ore(c.amount)))
        for s in sorted(hh.support_history):
            _append(self.support, (h, s))

    def as_dict(self) -> dict[str, Any]:
        m, i, c, s, t = self.member, self.income, self.cost, self.support, self.member_support
        return {
            "month": self.month,
            "cohabiting": self.cohabiting,
            "household_size": self.household_size,
            "member_household": m[0],
            "member_role": m[1],
            "birth_date": np.array(m[2], dtype=np.int64).astype("datetime64[D]"),
            "lunch_at_home": m[3],
            "days_in_household": m[4],
            "in_school": m[5],
            "member_first_day": m[6],
            "member_last_day": m[7],
            "member_has_support_history": m[8],
            "income_household": i[0],
            "income_member": i[1],
            "income_type": i[2],
            "income_ore": i[3],
            "income_earned_before_ore": i[4],
            "cost_household": c[0],
            "cost_type": c[1],
            "cost_ore": c[2],
            "support_household": s[0],
            "support_month": s[1],
            "member_support_member": t[0],
            "member_support_month": t[1],
        }


def _append(columns: list[list], values: tuple) -> None:
    for column, value in zip(columns, values, strict=True):
        column.append(value)


def _cached(cache: dict, value: Any, parse: Any) -> Any:
    """``parse(value)`` for a plain string, remembered; None when it is not plainly valid.

    The parse functions are household.py's own, so a value read here is one
    ``parse_household`` accepts, with the same result."""
    if type(value) is not str:
        return None
    found = cache.get(value)
    if found is None:
        try:
            found = parse(value, "")
        except HouseholdError:
            return None
        if len(cache) > _CACHE_LIMIT:
            cache.clear()
        cache[value] = found
    return found


_DAYS: dict[str, int] = {}
_AMOUNTS: dict[str, int] = {}


def _month_of(value: Any) -> int | None:
    return _cached(MONTHS, value, parse_month)


def _day_of(value: Any) -> int | None:
    """Days since 1970-01-01 of a date string."""
    return _cached(_DAYS, value, lambda v, path: parse_date(v, path).toordinal() - _DAY_ZERO)


def _ore_of(value: Any) -> int | None:
    """Öre of an amount ``parse_amount`` accepts, or None."""
    if type(value) is int:
        return value * ORE_PER_KRONA if 0 <= value <= _MAX_KRONOR else None
    if type(value) is str:
        # The usual "1234", "1234.5" or "1234.50", read exactly without Decimal; anything
        # else (spaces, a sign, other digits) is parse_amount's to decide.
        decimals = len(value) - 1 - value.find(".") if "." in value else 0
        digits = value.replace(".", "", 1) if decimals else value
        if 0 <= decimals <= 2 and digits.isascii() and digits.isdigit() and len(digits) > decimals:
            ore = int(digits) * 10 ** (2 - decimals)  # öre
            return ore if ore <= _MAX_ORE else None
        return _cached(_AMOUNTS, value, lambda v, path: to_ore(parse_amount(v, path)))
    if type(value) is Decimal:
        try:
            return to_ore(parse_amount(value, ""))
        except HouseholdError:
            return None
    return None


_MAX_KRONOR = int(MAX_AMOUNT)


_DIGIT_POSITIONS = [0, 1, 2, 3, 5, 6]


def _month_list(values: list[Any]) -> np.ndarray:
    """Month ordinals of many "YYYY-MM" strings at once (a million households have some
    twenty million support months): their characters as code points, checked and read
    with NumPy. Anything but ASCII "YYYY-MM" with a month 01–12 is not plain."""
    _plain(set(map(type, values)) <= {str} and set(map(len, values)) <= {7})
    if not values:
        return np.zeros(0, dtype=np.int64)
    codes = np.array(values, dtype="U7").view(np.uint32).reshape(-1, 7).astype(np.int64)
    digits = codes[:, _DIGIT_POSITIONS] - ord("0")
    _plain(bool(((digits >= 0) & (digits <= 9)).all() and (codes[:, 4] == ord("-")).all()))
    year = digits[:, :4] @ np.array([1000, 100, 10, 1])
    month = digits[:, 4] * 10 + digits[:, 5]
    _plain(bool(((month >= 1) & (month <= 12)).all()))
    return year * 12 + month - 1


def _months_of(values: Any) -> list[int] | None:
    """The distinct months of a list of YYYY-MM strings (a support history), in order."""
    if type(values) is not list:
        return None
    try:
        months = {MONTHS.get(x) for x in values}  # known month strings: one look-up each
    except TypeError:  # an unhashable element
        return None
    if None in months:
        months = {_month_of(x) for x in values}
        if None in months:
            return None
    return sorted(months)


class _NotPlain(Exception):
    """Some household-month is not plainly valid: ``parse_household`` reads them one by one."""


_ABSENT = object()


def _plain(ok: bool) -> None:
    if not ok:
        raise _NotPlain


def _rows(lists: list[list], n: int) -> list[int]:
    """The household of each row of the long table made of ``lists`` (one list per household)."""
    return [h for h, rows in zip(range(n), lists, strict=True) for _ in rows]


def _lists(households: list[dict], key: str) -> list[list]:
    lists = [hh.get(key, []) for hh in households]
    _plain(all(type(rows) is list for rows in lists))
    return lists


_NO_DAY = -(2**62)  # an optional date not given


def _dates(values: list[Any], required: bool = False) -> np.ndarray:
    """Days since 1970-01-01 of date strings; None (an optional date not given) is _NO_DAY."""
    _plain(not required or None not in values)
    days = [None if v is None else _DAYS.get(v) if type(v) is str else _ABSENT for v in values]
    for i, (value, day) in enumerate(zip(values, days, strict=True)):
        if (day is None and value is not None) or day is _ABSENT:
            days[i] = _day_of(value)
            _plain(days[i] is not None)
    return np.array([_NO_DAY if d is None else d for d in days], dtype=np.int64)


def _amounts(values: list[Any]) -> list[int]:
    ore = [_ore_of(v) for v in values]
    _plain(None not in ore)
    return ore


def _read_plain(households: list[Any]) -> dict[str, Any]:
    """The columns of household-month dicts (v1) that are all plainly valid: plain dicts,
    lists, strings, booleans, integers and amounts, every check of ``parse_household`` met.
    Raises _NotPlain at the first doubt; ``parse_household`` then decides, household by
    household, and names the field at fault. Column by column, for speed."""
    n = len(households)
    _plain(all(type(hh) is dict and hh.keys() <= TOP_KEYS for hh in households))
    months = [_month_of(hh.get("month")) for hh in households]
    member_lists = [hh.get("members") for hh in households]
    _plain(None not in months and all(type(m) is list and m for m in member_lists))
    cohabiting = [hh.get("cohabiting", False) for hh in households]
    sizes = [hh.get("household_size") for hh in households]
    _plain(all(type(c) is bool for c in cohabiting))
    _plain(all(s is None or type(s) is int for s in sizes))
    histories = _lists(households, "support_history")
    members = [m for rows in member_lists for m in rows]
    member_household = _rows(member_lists, n)
    _plain(all(type(m) is dict and m.keys() <= MEMBER_KEYS for m in members))
    ids = [m.get("id") for m in members]
    _plain(all(type(i) is str and i.strip() for i in ids))
    row_of = dict(zip(zip(member_household, ids, strict=True), range(len(ids)), strict=True))
    _plain(len(row_of) == len(ids))  # no id twice in a household
    roles = [_ROLE_CODE[m.get("role")] for m in members]
    flags = [(m.get("lunch_at_home", True), m.get("in_school", False)) for m in members]
    _plain(all(type(lunch) is bool and type(school) is bool for lunch, school in flags))
    days = [m.get("days_in_household", _ABSENT) for m in members]
    _plain(all(d is _ABSENT or type(d) is int for d in days))
    own = [m.get("support_history", _ABSENT) for m in members]
    own = [o if o is _ABSENT else _months_of(o) for o in own]
    _plain(None not in own)
    cost_lists, income_lists = _lists(households, "costs"), _lists(households, "incomes")
    costs = [c for rows in cost_lists for c in rows]
    _plain(all(type(c) is dict and len(c) == 2 and c.keys() <= COST_KEYS for c in costs))
    incomes = [x for rows in income_lists for x in rows]
    _plain(all(type(x) is dict and x.keys() <= INCOME_KEYS for x in incomes))
    income_household = _rows(income_lists, n)
    columns = {
        "month": months,
        "cohabiting": cohabiting,
        "household_size": [s or 0 for s in sizes],
        "member_household": member_household,
        "member_role": roles,
        "birth_date": _dates([m.get("birth_date") for m in members], required=True),
        "lunch_at_home": [lunch for lunch, _ in flags],
        "in_school": [school for _, school in flags],
        "days_in_household": [0 if d is _ABSENT else d for d in days],
        "member_first_day": _dates([m.get("in_household_from") for m in members]),
        "member_last_day": _dates([m.get("in_household_to") for m in members]),
        "member_has_support_history": [o is not _ABSENT for o in own],
        "member_support_member": [r for r, o in enumerate(own) if o is not _ABSENT for _ in o],
        "member_support_month": [s for o in own if o is not _ABSENT for s in o],
        "income_household": income_household,
        "income_member": [
            row_of[h, x["member"]] for h, x in zip(income_household, incomes, strict=True)
        ],
        "income_type": [_INCOME_CODE[x["type"]] for x in incomes],
        "income_ore": _amounts([x["amount"] for x in incomes]),
        "income_earned_before_ore": _amounts(
            [x.get("earned_this_year_before", 0) for x in incomes]
        ),
        "cost_household": _rows(cost_lists, n),
        "cost_type": [_COST_CODE[c["type"]] for c in costs],
        "cost_ore": _amounts([c["amount"] for c in costs]),
        # A month given twice or out of order changes nothing (the rules read a set).
        "support_household": _rows(histories, n),
        "support_month": _month_list([s for months in histories for s in months]),
    }
    _check_plain(columns, sizes, [d is not _ABSENT for d in days], incomes)
    return columns


def _check_plain(
    columns: dict[str, Any], sizes: list[Any], days_given: list[bool], incomes: list[dict]
) -> None:
    """The checks of ``parse_household`` that compare fields, on the columns at once."""
    month = np.asarray(columns["month"], dtype=np.int64)
    n = month.size
    if not n:
        return
    mh = np.asarray(columns["member_household"], dtype=np.int64)
    role = np.asarray(columns["member_role"], dtype=np.int64)
    start = (month - _EPOCH_MONTH).astype("datetime64[M]").astype("datetime64[D]")
    start = start.astype(np.int64)
    month_days = (month - _EPOCH_MONTH + 1).astype("datetime64[M]").astype("datetime64[D]")
    month_days = month_days.astype(np.int64) - start
    start, end, month_days = start[mh], start[mh] + month_days[mh] - 1, month_days[mh]
    birth = columns["birth_date"]
    _plain(bool((birth <= end).all()))
    columns["birth_date"] = birth.astype("datetime64[D]")
    days = np.asarray(columns["days_in_household"], dtype=np.int64)
    given = np.asarray(days_given, dtype=bool)
    _plain(not (given & ((role != _CHILD) | (days < 1) | (days > month_days))).any())
    first, last = columns["member_first_day"], columns["member_last_day"]
    for day in (first, last):
        given = day != _NO_DAY
        _plain(not (given & ((day < start) | (day > end))).any())
        day[:] = np.where(given, day - start + 1, 0)
    _plain(not ((first > 0) & (last > 0) & (first > last)).any())
    _plain(not ((last > 0) & (last + start - 1 < birth)).any())
    own = np.asarray(columns["member_has_support_history"], dtype=bool)
    _plain(not (own & (role > 1)).any())
    by_role = np.bincount(mh * len(ROLES) + role, minlength=n * len(ROLES)).reshape(n, -1)
    cohabiting = np.asarray(columns["cohabiting"], dtype=bool)
    _plain(bool((by_role[:, 0] == 1).all() and (by_role[:, 1] <= 1).all()))
    _plain(not (cohabiting & (by_role[:, 1] == 0)).any())
    size = np.asarray([-1 if s is None else s for s in sizes], dtype=np.int64)
    persons = by_role.sum(axis=1)
    _plain(not ((size >= 0) & ((size < persons) | (size > 99))).any())
    kind = np.asarray(columns["income_type"], dtype=np.int64)
    child = role[np.asarray(columns["income_member"], dtype=np.int64)] == _CHILD
    _plain(not (((kind == _CHILD_SALARY) & ~child) | ((kind == _SALARY) & child)).any())
    before = np.asarray(["earned_this_year_before" in x for x in incomes], dtype=bool)
    _plain(not (before & (kind != _CHILD_SALARY)).any())


__all__ = ["Batch", "Totals", "as_batch", "check"]
