"""Amounts come from the norm engine, never from the demo: a thin adapter around ekb.norm."""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple


class Totals(NamedTuple):
    norm: Decimal
    reasonable_costs: Decimal
    need: Decimal
    countable_income: Decimal
    amount: Decimal


class EngineMissing(RuntimeError):
    pass


def _engine():
    try:
        from ekb.norm import calculate, calculate_many
    except ImportError as error:
        raise EngineMissing(
            "Normmotorn (ekb.norm) går inte att importera; demon kan inte räkna belopp utan den."
        ) from error
    return calculate, calculate_many


def columns(inputs: list[dict], support: list[list[int]]) -> dict:
    """The engine's columnar format (ekb.norm.batch) from household-month dicts the demo made
    itself, with the support months as month ordinals, skipping the per-dict validation."""
    from ekb.norm.vocabulary import COST_TYPES, INCOME_TYPES, ROLES

    role_code = {r: i for i, r in enumerate(ROLES)}
    income_code = {t: i for i, t in enumerate(INCOME_TYPES)}
    cost_code = {t: i for i, t in enumerate(COST_TYPES)}
    c = {
        name: []
        for name in (
            "month",
            "cohabiting",
            "household_size",
            "member_household",
            "member_role",
            "birth_date",
            "lunch_at_home",
            "days_in_household",
            "in_school",
            "income_household",
            "income_member",
            "income_type",
            "income_ore",
            "income_earned_before_ore",
            "cost_household",
            "cost_type",
            "cost_ore",
            "support_household",
            "support_month",
        )
    }
    for h, (item, months) in enumerate(zip(inputs, support, strict=True)):
        label = item["month"]
        c["month"].append(int(label[:4]) * 12 + int(label[5:7]) - 1)
        c["cohabiting"].append(item["cohabiting"])
        c["household_size"].append(item.get("household_size", 0))
        rows = {}
        for m in item["members"]:
            rows[m["id"]] = len(c["member_household"])
            c["member_household"].append(h)
            c["member_role"].append(role_code[m["role"]])
            c["birth_date"].append(m["birth_date"])
            c["lunch_at_home"].append(m.get("lunch_at_home", True))
            c["days_in_household"].append(m.get("days_in_household", 0))
            c["in_school"].append(m.get("in_school", False))
        for income in item["incomes"]:
            c["income_household"].append(h)
            c["income_member"].append(rows[income["member"]])
            c["income_type"].append(income_code[income["type"]])
            c["income_ore"].append(income["amount"] * 100)
            c["income_earned_before_ore"].append(income.get("earned_this_year_before", 0) * 100)
        for cost in item["costs"]:
            c["cost_household"].append(h)
            c["cost_type"].append(cost_code[cost["type"]])
            c["cost_ore"].append(cost["amount"] * 100)
        c["support_household"].extend([h] * len(months))
        c["support_month"].extend(months)
    return c


def totals_many(inputs: list[dict], support: list[list[int]]) -> list[Totals]:
    """The five totals of each household-month, calculated together (columnar, in öre)."""
    _, calculate_many = _engine()
    if not inputs:
        return []
    result = calculate_many(columns(inputs, support))
    return [Totals(**result.kronor(i)) for i in range(len(result))]


def explain(household_month: dict) -> dict:
    """The full calculation with its explained rows, as stored in a snapshot."""
    calculate, _ = _engine()
    return calculate(household_month).to_dict()


def month_versions(household_month: dict) -> dict:
    """The rule versions every calculation of that month shares (the rule set and the digest of
    the parameters); the per-household list of parameters used is kept only with the rows."""
    versions = dict(explain(household_month)["versions"])
    versions.pop("parameters", None)
    return versions
