"""The household-month (contract v1, ``schemas/household-month.v1.json``) and its validation.

``parse_household`` turns a JSON-shaped dict into immutable objects or raises a
``HouseholdError`` naming the field. Only the shape and the facts are checked here; whether
the month has parameters is checked when calculating.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from ekb.norm.errors import HouseholdError
from ekb.norm.months import days_in_month, month_ordinal
from ekb.norm.vocabulary import CHILD_EARNINGS, COST_TYPES, EMPLOYMENT_INCOME, INCOME_TYPES, ROLES

# A technical bound, not a rule: keeps every öre sum and every pro-rata product exact in a
# signed 64-bit integer on the vectorised path (10^9 kr * 100 öre * 31 days < 2^63).
MAX_AMOUNT = Decimal(10) ** 9

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_AMOUNT = re.compile(r"^\d+(\.\d{1,2})?$")

TOP_KEYS = {
    "month",
    "cohabiting",
    "household_size",
    "members",
    "costs",
    "incomes",
    "support_history",
}
MEMBER_KEYS = {
    "id",
    "role",
    "birth_date",
    "lunch_at_home",
    "days_in_household",
    "in_school",
    "in_household_from",
    "in_household_to",
    "support_history",
}
COST_KEYS = {"type", "amount"}
INCOME_KEYS = {"member", "type", "amount", "earned_this_year_before"}


@dataclass(frozen=True)
class Member:
    id: str
    role: str
    birth_date: date
    # Children 0–6: True (the default when the field is absent) gives the riksnorm's amount
    # with lunch at home; False the lower "utan lunch fem dagar per vecka" amount (12 kap.
    # 2 § SoF 2025:468). The default is the full amount so that a missing answer never pays
    # less than the norm; the caseworker sets False for a child who eats at preschool.
    lunch_at_home: bool = True
    # Shared custody: the days of the month the child lives in this home (SOSFS 2013:1); with
    # in_household_from/to, days within that span (more are counted as the span,
    # ekb.norm.rules.membership).
    days_in_household: int | None = None
    in_school: bool = False
    # Membership within the month (joined or left: born, moved in, moved out): the first and
    # last day of the month the member belongs to the household; None = from the 1st / to
    # the last day. A birth during the month starts the membership on the birth date.
    in_household_from: date | None = None
    in_household_to: date | None = None
    # Jobbstimulans is the person's ("för den som har fått försörjningsstöd", 4 kap. 1 b § SoL
    # 2001:453): the months (ordinals) in which this member had försörjningsstöd. None: the
    # member has no history of their own and the household's ``support_history`` applies to
    # them; an empty set: this member has had no försörjningsstöd (a new sambo). Applicant and
    # co-applicant only (ekb.norm.rules.jobbstimulans).
    support_history: frozenset[int] | None = None

    @property
    def is_child(self) -> bool:
        return self.role == "child"

    @property
    def in_norm_role(self) -> bool:
        """Applicant or co-applicant: the adults of the norm (not an other_adult)."""
        return self.role in ("applicant", "co_applicant")

    def member_days(self, month: int) -> tuple[int, int]:
        """(first, last) day of ``month`` (ordinal) the member belongs to the household."""
        year, mon = divmod(month, 12)
        month_days = days_in_month(month)
        first = self.in_household_from.day if self.in_household_from else 1
        if (self.birth_date.year, self.birth_date.month) == (year, mon + 1):
            first = max(first, self.birth_date.day)
        last = self.in_household_to.day if self.in_household_to else month_days
        return first, last


@dataclass(frozen=True)
class Cost:
    type: str
    amount: Decimal


@dataclass(frozen=True)
class Income:
    member: str
    type: str
    amount: Decimal
    earned_this_year_before: Decimal = Decimal(0)


@dataclass(frozen=True)
class Household:
    month: int  # ordinal, see ekb.norm.months
    members: tuple[Member, ...]
    cohabiting: bool = False
    household_size: int | None = None
    costs: tuple[Cost, ...] = ()
    incomes: tuple[Income, ...] = ()
    # Months (ordinals) the household had försörjningsstöd: jobbstimulans for a member
    # without a ``Member.support_history`` of their own.
    support_history: frozenset[int] = frozenset()

    def member(self, member_id: str) -> Member:
        for m in self.members:
            if m.id == member_id:
                return m
        raise KeyError(member_id)


def _err(path: str, en: str, sv: str) -> HouseholdError:
    return HouseholdError(path, en, sv)


def parse_month(value: Any, path: str) -> int:
    match = _MONTH.match(value) if isinstance(value, str) else None
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise _err(
            path,
            f"must be a month written YYYY-MM, got {value!r}",
            f"ska vara en månad skriven ÅÅÅÅ-MM, fick {value!r}",
        )
    return month_ordinal(int(match.group(1)), int(match.group(2)))


def parse_date(value: Any, path: str) -> date:
    if isinstance(value, str) and _DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise _err(
        path,
        f"must be a real date written YYYY-MM-DD, got {value!r}",
        f"ska vara ett giltigt datum skrivet ÅÅÅÅ-MM-DD, fick {value!r}",
    )


def _bool(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise _err(path, "must be true or false", "ska vara true eller false")
    return value


def _int(value: Any, path: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _err(
            path,
            f"must be a whole number from {low} to {high}, got {value!r}",
            f"ska vara ett heltal från {low} till {high}, fick {value!r}",
        )
    return value


def parse_amount(value: Any, path: str) -> Decimal:
    """Kronor as int, Decimal, decimal string or float with at most two decimals (öre)."""
    amount: Decimal | None = None
    if isinstance(value, bool):
        amount = None
    elif isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, Decimal):
        amount = value
    elif isinstance(value, float):
        amount = Decimal(repr(value))  # the shortest decimal that reads back as this float
    elif isinstance(value, str) and _AMOUNT.match(value.strip().lstrip("-")):
        try:
            amount = Decimal(value.strip())
        except InvalidOperation:
            amount = None
    if amount is None or not amount.is_finite():
        raise _err(
            path,
            f"must be an amount in kronor, got {value!r}",
            f"ska vara ett belopp i kronor, fick {value!r}",
        )
    if amount < 0:
        raise _err(path, "must not be negative", "får inte vara negativt")
    if amount != amount.quantize(Decimal("0.01")):
        raise _err(
            path,
            "must be whole öre (at most two decimals)",
            "får ha högst två decimaler (hela ören)",
        )
    if amount > MAX_AMOUNT:
        raise _err(path, "is implausibly large", "är orimligt stort")
    return amount.quantize(Decimal("0.01"))


def _mapping(value: Any, path: str, allowed: set[str]) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _err(path or "household", "must be an object", "ska vara ett objekt")
    for key in value:
        if key not in allowed:
            where = f"{path}.{key}" if path else str(key)
            raise _err(
                where, "is not a field of household-month v1", "är inget fält i household-month v1"
            )
    return value


def _list(value: Any, path: str) -> list[Any]:
    if not isinstance(value, list):
        raise _err(path, "must be a list", "ska vara en lista")
    return value


def _choice(value: Any, path: str, allowed: tuple[str, ...], what_sv: str) -> str:
    if value not in allowed:
        raise _err(
            path,
            f"unknown {path.rsplit('.', 1)[-1]} {value!r}; expected one of {', '.join(allowed)}",
            f"okänd {what_sv} {value!r}",
        )
    return value


def _parse_member(raw: Any, path: str, month: int) -> Member:
    data = _mapping(raw, path, MEMBER_KEYS)
    for key in ("id", "role", "birth_date"):
        if key not in data:
            raise _err(f"{path}.{key}", "is required", "måste anges")
    member_id = data["id"]
    if not isinstance(member_id, str) or not member_id.strip():
        raise _err(f"{path}.id", "must be a non-empty string", "ska vara en text som inte är tom")
    role = _choice(data["role"], f"{path}.role", ROLES, "roll")
    birth = parse_date(data["birth_date"], f"{path}.birth_date")
    month_days = days_in_month(month)
    year, mon = divmod(month, 12)
    if birth > date(year, mon + 1, month_days):
        raise _err(
            f"{path}.birth_date",
            "is after the calculation month",
            "ligger efter beräkningsmånaden",
        )
    days = None
    if "days_in_household" in data:
        if role != "child":
            raise _err(
                f"{path}.days_in_household",
                "applies only to children",
                "gäller bara barn",
            )
        days = _int(data["days_in_household"], f"{path}.days_in_household", 1, month_days)
    lunch = _bool(data.get("lunch_at_home", True), f"{path}.lunch_at_home")
    in_school = _bool(data.get("in_school", False), f"{path}.in_school")
    first = _day_in_month(data, "in_household_from", path, year, mon + 1)
    last = _day_in_month(data, "in_household_to", path, year, mon + 1)
    if first and last and first > last:
        raise _err(
            f"{path}.in_household_to",
            "is before in_household_from",
            "ligger före dagen medlemmen kom till hushållet",
        )
    if last and last < birth:
        raise _err(
            f"{path}.in_household_to",
            "is before the birth date",
            "ligger före födelsedagen",
        )
    history = None
    if "support_history" in data:
        if role not in ("applicant", "co_applicant"):
            raise _err(
                f"{path}.support_history",
                "applies only to the applicant and the co_applicant (the earners jobbstimulans "
                "is for)",
                "gäller bara sökande och medsökande",
            )
        history = _months(data["support_history"], f"{path}.support_history")
    return Member(member_id, role, birth, lunch, days, in_school, first, last, history)


def _months(value: Any, path: str) -> frozenset[int]:
    """A list of months written YYYY-MM (a support history), as ordinals."""
    months = set()
    for i, m in enumerate(_list(value, path)):
        ordinal = MONTHS.get(m) if type(m) is str else None
        if ordinal is None:
            ordinal = parse_month(m, f"{path}[{i}]")
            MONTHS[m] = ordinal
        months.add(ordinal)
    return frozenset(months)


# Month strings already read (a few hundred distinct ones in any batch).
MONTHS: dict[str, int] = {}


def _day_in_month(data: Mapping[str, Any], key: str, path: str, year: int, mon: int) -> date | None:
    """An optional date that must fall within the calculation month."""
    if data.get(key) is None:
        return None
    day = parse_date(data[key], f"{path}.{key}")
    if (day.year, day.month) != (year, mon):
        raise _err(
            f"{path}.{key}",
            f"must be a date in the calculation month {year:04d}-{mon:02d}",
            f"ska vara ett datum i beräkningsmånaden {year:04d}-{mon:02d}",
        )
    return day


def _parse_cost(raw: Any, path: str) -> Cost:
    data = _mapping(raw, path, COST_KEYS)
    for key in ("type", "amount"):
        if key not in data:
            raise _err(f"{path}.{key}", "is required", "måste anges")
    return Cost(
        _choice(data["type"], f"{path}.type", COST_TYPES, "kostnadstyp"),
        parse_amount(data["amount"], f"{path}.amount"),
    )


def _parse_income(raw: Any, path: str, members: dict[str, Member]) -> Income:
    data = _mapping(raw, path, INCOME_KEYS)
    for key in ("member", "type", "amount"):
        if key not in data:
            raise _err(f"{path}.{key}", "is required", "måste anges")
    member_id = data["member"]
    if not isinstance(member_id, str) or member_id not in members:
        raise _err(
            f"{path}.member",
            f"no member has the id {member_id!r}",
            f"ingen hushållsmedlem har id {member_id!r}",
        )
    kind = _choice(data["type"], f"{path}.type", INCOME_TYPES, "inkomsttyp")
    is_child = members[member_id].is_child
    if kind == CHILD_EARNINGS and not is_child:
        raise _err(
            f"{path}.type",
            "child_salary is for a child's earnings; use salary for an adult",
            "Barns arbetsinkomst gäller bara barn i hushållet; en vuxens arbetsinkomst är Lön",
        )
    if kind == EMPLOYMENT_INCOME and is_child:
        raise _err(
            f"{path}.type",
            "a child's earnings are child_salary (they are partly exempt), not salary",
            "ett barns arbetsinkomst anges som Barns arbetsinkomst (delvis undantagen), inte Lön",
        )
    before = Decimal(0)
    if "earned_this_year_before" in data:
        if kind != CHILD_EARNINGS:
            raise _err(
                f"{path}.earned_this_year_before",
                "applies only to child_salary",
                "gäller bara Barns arbetsinkomst",
            )
        before = parse_amount(data["earned_this_year_before"], f"{path}.earned_this_year_before")
    return Income(member_id, kind, parse_amount(data["amount"], f"{path}.amount"), before)


def parse_household(data: Any) -> Household:
    """Validate a household-month dict (v1) and return it as immutable objects."""
    if isinstance(data, Household):
        return data
    top = _mapping(data, "", TOP_KEYS)
    if "month" not in top:
        raise _err("month", "is required", "måste anges")
    month = parse_month(top["month"], "month")
    if "members" not in top:
        raise _err("members", "is required", "måste anges")
    raw_members = _list(top["members"], "members")
    if not raw_members:
        raise _err("members", "must name at least the applicant", "måste innehålla minst sökanden")
    members = tuple(_parse_member(m, f"members[{i}]", month) for i, m in enumerate(raw_members))
    by_id: dict[str, Member] = {}
    for i, m in enumerate(members):
        if m.id in by_id:
            raise _err(
                f"members[{i}].id",
                f"the id {m.id!r} is used twice",
                f"id {m.id!r} används två gånger",
            )
        by_id[m.id] = m
    roles = [m.role for m in members]
    if roles.count("applicant") != 1:
        raise _err(
            "members",
            "must have exactly one member with role applicant",
            "ska ha exakt en sökande",
        )
    if roles.count("co_applicant") > 1:
        index = [i for i, r in enumerate(roles) if r == "co_applicant"][1]
        raise _err(
            f"members[{index}].role",
            "only one co_applicant is allowed",
            "bara en medsökande är tillåten",
        )
    cohabiting = _bool(top.get("cohabiting", False), "cohabiting")
    if cohabiting and "co_applicant" not in roles:
        raise _err(
            "cohabiting",
            "is true but there is no co_applicant",
            "anger sambor men det finns ingen medsökande",
        )
    size = None
    if top.get("household_size") is not None:
        size = _int(top["household_size"], "household_size", len(members), 99)
    costs = tuple(
        _parse_cost(c, f"costs[{i}]") for i, c in enumerate(_list(top.get("costs", []), "costs"))
    )
    incomes = tuple(
        _parse_income(x, f"incomes[{i}]", by_id)
        for i, x in enumerate(_list(top.get("incomes", []), "incomes"))
    )
    history = _months(top.get("support_history", []), "support_history")
    return Household(month, members, cohabiting, size, costs, incomes, history)
