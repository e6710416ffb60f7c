"""The household-month (contract v1, ``schemas/household-month.v1.json``) and its validation.

``parse_household`` checks a JSON-shaped dict field by field and returns it in its plain
form (strings for months, dates and amounts, as ``ekb.norm.batch`` reads it), or raises a
``HouseholdError`` naming the field. Only the shape and the facts are checked here; whether
the month has parameters is checked when calculating.

The fields' meaning, in short (the schema has the rest):

* ``lunch_at_home`` (children 0–6): absent means true, the riksnorm's amount with lunch at
  home; false gives the lower "utan lunch fem dagar per vecka" amount (12 kap. 2 § SoF
  2025:468). The default is the full amount so that a missing answer never pays less than
  the norm; the caseworker sets false for a child who eats at preschool.
* ``days_in_household``: shared custody, the days of the month the child lives in this home
  (SOSFS 2013:1); with ``in_household_from``/``_to``, days within that span.
* ``in_household_from``/``_to``: the first and last day of the month a member who joined or
  left (born, moved in, moved out) belongs to the household; a birth during the month starts
  the membership on the birth date.
* a member's ``support_history``: jobbstimulans is the person's ("för den som har fått
  försörjningsstöd", 4 kap. 1 b § SoL 2001:453). Absent: the household's ``support_history``
  applies to them; empty: this member has had no försörjningsstöd (a new sambo). Applicant
  and co-applicant only (ekb.norm.rules.jobbstimulans).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import numpy as np

from ekb.norm.errors import HouseholdError
from ekb.norm.months import days_in_month, month_ordinal, ordinal_label
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


# What an absent ``lunch_at_home`` means (module docstring): the full amount.
LUNCH_AT_HOME_DEFAULT = True


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


def _parse_member(raw: Any, path: str, month: int) -> dict[str, Any]:
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
    member: dict[str, Any] = {"id": str(member_id), "role": role, "birth_date": birth.isoformat()}
    if "days_in_household" in data:
        if role != "child":
            raise _err(
                f"{path}.days_in_household",
                "applies only to children",
                "gäller bara barn",
            )
        member["days_in_household"] = _int(
            data["days_in_household"], f"{path}.days_in_household", 1, month_days
        )
    lunch = data.get("lunch_at_home", LUNCH_AT_HOME_DEFAULT)
    member["lunch_at_home"] = _bool(lunch, f"{path}.lunch_at_home")
    member["in_school"] = _bool(data.get("in_school", False), f"{path}.in_school")
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
    for key, day in (("in_household_from", first), ("in_household_to", last)):
        if day:
            member[key] = day.isoformat()
    if "support_history" in data:
        if role not in ("applicant", "co_applicant"):
            raise _err(
                f"{path}.support_history",
                "applies only to the applicant and the co_applicant (the earners jobbstimulans "
                "is for)",
                "gäller bara sökande och medsökande",
            )
        member["support_history"] = _months(data["support_history"], f"{path}.support_history")
    return member


def _months(value: Any, path: str) -> list[str]:
    """A list of months written YYYY-MM (a support history), each once, in order."""
    months = set()
    for i, m in enumerate(_list(value, path)):
        ordinal = MONTHS.get(m) if type(m) is str else None
        if ordinal is None:
            ordinal = parse_month(m, f"{path}[{i}]")
            MONTHS[m] = ordinal
        months.add(ordinal)
    return [ordinal_label(m) for m in sorted(months)]


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


def _parse_cost(raw: Any, path: str) -> dict[str, str]:
    data = _mapping(raw, path, COST_KEYS)
    for key in ("type", "amount"):
        if key not in data:
            raise _err(f"{path}.{key}", "is required", "måste anges")
    return {
        "type": _choice(data["type"], f"{path}.type", COST_TYPES, "kostnadstyp"),
        "amount": str(parse_amount(data["amount"], f"{path}.amount")),
    }


def _parse_income(raw: Any, path: str, roles: dict[str, str]) -> dict[str, str]:
    data = _mapping(raw, path, INCOME_KEYS)
    for key in ("member", "type", "amount"):
        if key not in data:
            raise _err(f"{path}.{key}", "is required", "måste anges")
    member_id = data["member"]
    if not isinstance(member_id, str) or member_id not in roles:
        raise _err(
            f"{path}.member",
            f"no member has the id {member_id!r}",
            f"ingen hushållsmedlem har id {member_id!r}",
        )
    kind = _choice(data["type"], f"{path}.type", INCOME_TYPES, "inkomsttyp")
    is_child = roles[member_id] == "child"
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
    amount = str(parse_amount(data["amount"], f"{path}.amount"))
    income = {"member": str(member_id), "type": kind, "amount": amount}
    if "earned_this_year_before" in data:
        if kind != CHILD_EARNINGS:
            raise _err(
                f"{path}.earned_this_year_before",
                "applies only to child_salary",
                "gäller bara Barns arbetsinkomst",
            )
        before = parse_amount(data["earned_this_year_before"], f"{path}.earned_this_year_before")
        income["earned_this_year_before"] = str(before)
    return income


def parse_household(data: Any) -> dict[str, Any]:
    """Validate a household-month dict (v1) and return it in its plain form."""
    top = _mapping(data, "", TOP_KEYS)
    if "month" not in top:
        raise _err("month", "is required", "måste anges")
    month = parse_month(top["month"], "month")
    if "members" not in top:
        raise _err("members", "is required", "måste anges")
    raw_members = _list(top["members"], "members")
    if not raw_members:
        raise _err("members", "must name at least the applicant", "måste innehålla minst sökanden")
    members = [_parse_member(m, f"members[{i}]", month) for i, m in enumerate(raw_members)]
    by_id: dict[str, str] = {}
    for i, m in enumerate(members):
        if m["id"] in by_id:
            raise _err(
                f"members[{i}].id",
                f"the id {m['id']!r} is used twice",
                f"id {m['id']!r} används två gånger",
            )
        by_id[m["id"]] = m["role"]
    roles = [m["role"] for m in members]
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
    household = {"month": ordinal_label(month), "cohabiting": cohabiting, "members": members}
    if top.get("household_size") is not None:
        size = _int(top["household_size"], "household_size", len(members), 99)
        household["household_size"] = size
    household["costs"] = [
        _parse_cost(c, f"costs[{i}]") for i, c in enumerate(_list(top.get("costs", []), "costs"))
    ]
    household["incomes"] = [
        _parse_income(x, f"incomes[{i}]", by_id)
        for i, x in enumerate(_list(top.get("incomes", []), "incomes"))
    ]
    household["support_history"] = _months(top.get("support_history", []), "support_history")
    return household


# -- many household-months at once, column by column ----------------------------------------
#
# ``read_households`` reads household-month dicts that are plainly valid (plain dicts, lists,
# strings, booleans, integers and amounts) straight into the columns of ekb.norm.batch, a
# column at a time: a million dicts in seconds where parse_household, field by field, takes
# minutes. It checks what a column cannot show (types, keys, which optional fields are given)
# and leaves the checks across fields to the batch's own (``batch.check``). At the first
# doubt it raises NotPlain, and parse_household reads the dicts one by one and names the
# field at fault, so both ways give the same errors. A value read here is read by
# parse_household's own functions (remembered for the next time) or, for the usual forms of
# months and amounts, by exact integer arithmetic that accepts a subset of what they accept.


class NotPlain(Exception):
    """Some household-month is not plainly valid: parse_household reads them one by one."""


_ABSENT = object()
_ROLE = {r: i for i, r in enumerate(ROLES)}
_INCOME = {t: i for i, t in enumerate(INCOME_TYPES)}
_COST = {t: i for i, t in enumerate(COST_TYPES)}
_DAY_ZERO = date(1970, 1, 1).toordinal()
_CACHE_LIMIT = 200_000
_DAYS: dict[str, int] = {}
_AMOUNTS: dict[str, int] = {}
_MAX_ORE = int(MAX_AMOUNT) * 100
_FEW = 256  # fewer months or amounts are read one by one: NumPy's fixed cost is not worth it


def _plain(ok: bool) -> None:
    if not ok:
        raise NotPlain


def _cached(cache: dict, value: Any, parse: Any) -> Any:
    """``parse(value, path)`` of a string, remembered; None when parse refuses it."""
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


def _day_of(value: Any) -> int | None:
    """Days since 1970-01-01 of a date string."""
    return _cached(_DAYS, value, lambda v, path: parse_date(v, path).toordinal() - _DAY_ZERO)


def _ore_of(value: Any) -> int | None:
    """Öre of an amount parse_amount accepts, or None."""
    if type(value) is int:
        return value * 100 if 0 <= value <= int(MAX_AMOUNT) else None
    if type(value) is str:
        # The usual "1234", "1234.5" or "1234.50", exactly, without Decimal; anything else
        # (spaces, a sign, other digits) is parse_amount's to decide.
        decimals = len(value) - 1 - value.find(".") if "." in value else 0
        digits = value.replace(".", "", 1) if decimals else value
        if 0 <= decimals <= 2 and digits.isascii() and digits.isdigit() and len(digits) > decimals:
            ore = int(digits) * 10 ** (2 - decimals)
            return ore if ore <= _MAX_ORE else None
        return _cached(_AMOUNTS, value, lambda v, path: int(parse_amount(v, path) * 100))
    if type(value) is Decimal:
        try:
            return int(parse_amount(value, "") * 100)
        except HouseholdError:
            return None
    return None


def _month_list(values: list[Any]) -> np.ndarray:
    """Month ordinals of many "YYYY-MM" strings at once (a million households have some
    twenty million support months): their characters as code points, checked and read
    with NumPy. Only ASCII "YYYY-MM" with a month 01–12 is plain (parse_month's subset)."""
    if len(values) < _FEW:
        months = [_cached(MONTHS, v, parse_month) for v in values]
        _plain(None not in months)
        return np.array(months, dtype=np.int64)
    _plain(set(map(type, values)) <= {str} and set(map(len, values)) <= {7})
    codes = np.array(values, dtype="U7").view(np.uint32).reshape(-1, 7)
    digits = codes[:, [0, 1, 2, 3, 5, 6]].astype(np.int64) - ord("0")
    _plain(bool(((digits >= 0) & (digits <= 9)).all() and (codes[:, 4] == ord("-")).all()))
    year = digits[:, :4] @ np.array([1000, 100, 10, 1])
    month = digits[:, 4] * 10 + digits[:, 5]
    _plain(bool(((month >= 1) & (month <= 12)).all()))
    return year * 12 + month - 1


def _all_of(values: list[Any], kind: type) -> bool:
    """Every value is exactly of ``kind`` (not a subclass: True is no int here)."""
    return set(map(type, values)) <= {kind}


def _within(values: list[int], low: int, high: int) -> bool:
    return not values or (low <= min(values) and max(values) <= high)


def _rows(lists: list[list], n: int) -> list[int]:
    """The household of each row of the long table made of ``lists`` (one per household)."""
    return [h for h, rows in zip(range(n), lists, strict=True) for _ in rows]


def _lists(households: list[dict], key: str) -> list[list]:
    lists = [hh.get(key, []) for hh in households]
    _plain(_all_of(lists, list))
    return lists


def _dates(values: list[Any]) -> list[int | None]:
    """Days since 1970-01-01 of date strings; None stays None (an optional date not given)."""
    # Any: _ABSENT marks a value to read one by one; the loop below replaces every one.
    days: list[Any] = [
        None if v is None else _DAYS.get(v) if type(v) is str else _ABSENT for v in values
    ]
    for i, (value, day) in enumerate(zip(values, days, strict=True)):
        if (day is None and value is not None) or day is _ABSENT:
            days[i] = _day_of(value)
            _plain(days[i] is not None)
    return days


def _day_of_month(days: list[int | None], start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """The day of the month of each date (0: not given); -1 for a date outside the month,
    which the batch check refuses."""
    day = np.array([0 if d is None else d for d in days], dtype=np.int64)
    given = np.array([d is not None for d in days], dtype=bool)
    inside = (day >= start) & (day <= end)
    return np.where(given, np.where(inside, day - start + 1, -1), 0)


_AMOUNT_WIDTH = len("1000000000.00")  # MAX_AMOUNT with öre


def _amounts(values: list[Any]) -> np.ndarray:
    """Öre of many amounts at once. Strings of the usual form ("1234", "1234.5", "1234.50")
    are read as code points with NumPy; any other value one by one (``_ore_of``)."""
    if len(values) < _FEW:
        return np.array([_plain_ore(v) for v in values], dtype=np.int64)
    texts = [v if type(v) is str else "" for v in values]
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    ore = np.zeros(len(texts), dtype=np.int64)
    usual = (lengths > 0) & (lengths <= _AMOUNT_WIDTH)
    if usual.any():
        codes = np.array(texts, dtype=f"U{_AMOUNT_WIDTH}").view(np.uint32)
        codes = codes.reshape(len(texts), _AMOUNT_WIDTH).astype(np.int64)
        inside = np.arange(_AMOUNT_WIDTH)[None, :] < lengths[:, None]
        digit = inside & (codes >= ord("0")) & (codes <= ord("9"))
        dot = inside & (codes == ord("."))
        first_dot = np.where(dot.any(axis=1), dot.argmax(axis=1), lengths)
        decimals = lengths - 1 - first_dot  # -1: no dot
        usual &= ((digit | dot) == inside).all(axis=1) & (dot.sum(axis=1) <= 1)
        usual &= (first_dot > 0) & ((decimals == -1) | (decimals == 1) | (decimals == 2))
        number = np.zeros(len(texts), dtype=np.int64)
        for column in range(_AMOUNT_WIDTH):  # Horner over the digits, skipping the dot
            number = np.where(digit[:, column], number * 10 + codes[:, column] - ord("0"), number)
        ore = number * np.where(decimals == -1, 100, np.where(decimals == 1, 10, 1))
        usual &= ore <= _MAX_ORE
    for i in np.flatnonzero(~usual).tolist():
        ore[i] = _plain_ore(values[i])
    return ore


def _plain_ore(value: Any) -> int:
    ore = _ore_of(value)
    if ore is None:  # _plain(False), spelled out so that the type narrows to int
        raise NotPlain
    return ore


def read_households(households: list[Any]) -> dict[str, Any]:
    """The columns (ekb.norm.batch) of household-month dicts that are all plainly valid, or
    NotPlain (module section comment). KeyError or TypeError: an unknown code or id, or an
    unhashable value, which parse_household reports as well."""
    n = len(households)
    _plain(_all_of(households, dict) and all(map(TOP_KEYS.issuperset, households)))
    months = [_cached(MONTHS, hh.get("month"), parse_month) for hh in households]
    member_lists = [hh.get("members") for hh in households]
    _plain(None not in months and _all_of(member_lists, list) and all(member_lists))
    cohabiting = [hh.get("cohabiting", False) for hh in households]
    sizes = [hh.get("household_size") for hh in households]
    given = [s for s in sizes if s is not None]
    _plain(_all_of(cohabiting, bool) and _all_of(given, int) and _within(given, 1, 99))
    members = [m for rows in member_lists for m in rows]
    member_household = _rows(member_lists, n)
    _plain(_all_of(members, dict) and all(map(MEMBER_KEYS.issuperset, members)))
    ids = [m.get("id") for m in members]
    _plain(_all_of(ids, str) and all(map(str.strip, ids)))
    row_of = dict(zip(zip(member_household, ids, strict=True), range(len(ids)), strict=True))
    _plain(len(row_of) == len(ids))  # no id twice in a household
    lunch = [m.get("lunch_at_home", LUNCH_AT_HOME_DEFAULT) for m in members]
    school = [m.get("in_school", False) for m in members]
    _plain(_all_of(lunch, bool) and _all_of(school, bool))
    days = [m.get("days_in_household", _ABSENT) for m in members]
    given = [d for d in days if d is not _ABSENT]
    _plain(_all_of(given, int) and _within(given, 1, 31))
    own = [m.get("support_history", _ABSENT) for m in members]
    own_months = [o for o in own if o is not _ABSENT]
    _plain(_all_of(own_months, list))
    births = _dates([m.get("birth_date") for m in members])
    _plain(None not in births)
    month = np.asarray(months, dtype=np.int64)
    start = (month - 1970 * 12).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    end = (month - 1970 * 12 + 1).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    start, end = start[member_household], end[member_household] - 1
    cost_lists, income_lists = _lists(households, "costs"), _lists(households, "incomes")
    costs = [c for rows in cost_lists for c in rows]
    _plain(_all_of(costs, dict) and set(map(len, costs)) <= {2})
    _plain(all(map(COST_KEYS.issuperset, costs)))
    incomes = [x for rows in income_lists for x in rows]
    _plain(_all_of(incomes, dict) and all(map(INCOME_KEYS.issuperset, incomes)))
    before = [x["type"] for x in incomes if "earned_this_year_before" in x]
    _plain(all(kind == CHILD_EARNINGS for kind in before))
    income_household = _rows(income_lists, n)
    histories = _lists(households, "support_history")
    return {
        "month": months,
        "cohabiting": cohabiting,
        "household_size": [s or 0 for s in sizes],
        "member_household": member_household,
        "member_role": [_ROLE[m.get("role")] for m in members],
        "birth_date": np.array(births, dtype=np.int64).astype("datetime64[D]"),
        "lunch_at_home": lunch,
        "in_school": school,
        "days_in_household": [0 if d is _ABSENT else d for d in days],
        "member_first_day": _day_of_month(
            _dates([m.get("in_household_from") for m in members]), start, end
        ),
        "member_last_day": _day_of_month(
            _dates([m.get("in_household_to") for m in members]), start, end
        ),
        "member_has_support_history": [o is not _ABSENT for o in own],
        "member_support_member": [r for r, o in enumerate(own) if o is not _ABSENT for _ in o],
        "member_support_month": _month_list([s for o in own_months for s in o]),
        "income_household": income_household,
        "income_member": [
            row_of[h, x["member"]] for h, x in zip(income_household, incomes, strict=True)
        ],
        "income_type": [_INCOME[x["type"]] for x in incomes],
        "income_ore": _amounts([x["amount"] for x in incomes]),
        "income_earned_before_ore": _amounts(
            [x.get("earned_this_year_before", 0) for x in incomes]
        ),
        "cost_household": _rows(cost_lists, n),
        "cost_type": [_COST[c["type"]] for c in costs],
        "cost_ore": _amounts([c["amount"] for c in costs]),
        # A month given twice or out of order changes nothing (the rules read a set).
        "support_household": _rows(histories, n),
        "support_month": _month_list([s for months in histories for s in months]),
    }
